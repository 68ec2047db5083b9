/// What happens when an event fires. Payloads are indices into the
/// simulation's tables plus a token that goes stale when the thing it refers
/// to changes, so cancelled events are skipped instead of searched for.
enum EventKind: Sendable, Equatable {
  case warmupEnd
  case shiftBoundary(index: Int32)
  case arrival(process: Int32, rule: Int32)
  case phaseEnd(unit: Int32, token: UInt32)
  case fillTimeout(unit: Int32, token: UInt32)
  case holdRelease(entity: Int32, token: UInt32)
  case expiry(entity: Int32, token: UInt32)
  case failure(unit: Int32, token: UInt32)
  case repair(unit: Int32, token: UInt32)

  /// The tie-break among events at the same tick: lower runs first. Shifts
  /// change before work so that staff on duty at 07:00 can start a 07:00 job.
  var priority: Int32 {
    switch self {
    case .warmupEnd: 0
    case .shiftBoundary: 1
    case .repair, .failure: 2
    case .phaseEnd, .holdRelease: 3
    case .fillTimeout: 4
    case .arrival: 5
    case .expiry: 6
    }
  }
}

/// One scheduled event, ordered by (time, priority, insertion sequence).
///
/// Priority and sequence share one word, the priority in the top bits, so
/// that the heap compares two integers and an event takes 32 bytes.
struct Event: Sendable {
  static let sequenceBits: UInt64 = 60

  var time: Int64
  /// `priority << 60 | sequence`: sequences stay below 2^60 for any feasible run.
  var order: UInt64
  var kind: EventKind

  init(time: Int64, priority: Int32, sequence: UInt64, kind: EventKind) {
    self.time = time
    self.order = UInt64(priority) << Self.sequenceBits | sequence
    self.kind = kind
  }

  var priority: Int32 { Int32(order >> Self.sequenceBits) }
  var sequence: UInt64 { order & (1 << Self.sequenceBits - 1) }

  @inline(__always)
  static func precedes(_ a: Event, _ b: Event) -> Bool {
    a.time != b.time ? a.time < b.time : a.order < b.order
  }
}

/// The future-event list: a binary min-heap of events stored inline in one
/// table. The table is a reference, so copies of a queue share their events;
/// the simulation and the hold model each keep exactly one.
struct EventQueue {
  let heap = Table<Event>()
  private var nextSequence: UInt64 = 0

  var count: Int { heap.count }
  var isEmpty: Bool { heap.isEmpty }
  var first: Event? { heap.isEmpty ? nil : heap[0] }

  /// Adds an event; events with equal time and priority run in insertion order.
  ///
  /// - Complexity: O(log n).
  mutating func schedule(_ kind: EventKind, at time: Int64) {
    let event = Event(time: time, priority: kind.priority, sequence: nextSequence, kind: kind)
    nextSequence &+= 1
    heap.append(event)
    siftUp(event, from: heap.count - 1)
  }

  /// Removes and returns the earliest event.
  ///
  /// - Complexity: O(log n).
  mutating func removeFirst() -> Event? {
    guard !heap.isEmpty else { return nil }
    let top = heap[0]
    let last = heap.removeLast()
    if !heap.isEmpty { siftDown(last, from: 0) }
    return top
  }

  mutating func reserveCapacity(_ capacity: Int) { heap.reserveCapacity(capacity) }

  /// Moves parents down until `item` can fill the hole at `start`.
  private func siftUp(_ item: Event, from start: Int) {
    var child = start
    while child > 0 {
      let parent = (child - 1) / 2
      guard Event.precedes(item, heap[parent]) else { break }
      heap[child] = heap[parent]
      child = parent
    }
    heap[child] = item
  }

  /// Moves the earliest children up until `item` can fill the hole at `start`.
  private func siftDown(_ item: Event, from start: Int) {
    var parent = start
    let count = heap.count
    while true {
      var child = 2 * parent + 1
      guard child < count else { break }
      if child + 1 < count, Event.precedes(heap[child + 1], heap[child]) { child += 1 }
      guard Event.precedes(heap[child], item) else { break }
      heap[parent] = heap[child]
      parent = child
    }
    heap[parent] = item
  }
}
