/// The hold model of future-event-list benchmarks: `pending` events are
/// scheduled at time 0 with delays drawn from U(0, 2 * pending) seconds, and
/// each event that fires schedules one more with a fresh delay, so the list
/// keeps `pending` events while its insert positions stay random.
public struct HoldModel: Sendable {
  public var pending: Int
  public var seed: UInt64

  public init(pending: Int, seed: UInt64 = 1) {
    self.pending = pending
    self.seed = seed
  }

  /// The measurements of one run.
  public struct Outcome: Sendable {
    public var eventsProcessed: Int
    /// Bytes of event-list storage per pending event: the heap's element
    /// stride times its capacity, over the number of pending events.
    public var bytesPerPendingEvent: Double
    /// The clock at the end, in seconds, to keep the work observable.
    public var finalTime: Double
  }

  /// Fills the list, then fires and replaces `operations` events.
  public func run(operations: Int) -> Outcome {
    var generator = RandomStreams(seed: seed, replication: 0).generator(named: "hold")
    var queue = EventQueue()
    queue.reserveCapacity(pending)
    let span = 2 * Double(pending) * Simulation.ticksPerSecond
    for index in 0..<pending {
      let delay = Int64(generator.next() * span)
      queue.schedule(.phaseEnd(unit: Int32(truncatingIfNeeded: index), token: 0), at: delay)
    }
    let bytes =
      Double(MemoryLayout<Event>.stride * queue.heap.capacity) / Double(max(1, pending))
    var now: Int64 = 0
    for _ in 0..<operations {
      guard let event = queue.removeFirst() else { break }
      now = event.time
      queue.schedule(event.kind, at: now + Int64(generator.next() * span))
    }
    return Outcome(
      eventsProcessed: operations, bytesPerPendingEvent: bytes,
      finalTime: Simulation.seconds(now))
  }
}
