/// A first-in, first-out list of entity indices in a ring buffer whose size is
/// a power of two. Appending and removing from the front are O(1) and, once
/// the ring is large enough, never allocate or move other elements.
struct EntityQueue: Sendable {
  private var ring: [Int] = []
  /// Position of the first entity in `ring`.
  private var head = 0
  private(set) var count = 0

  var isEmpty: Bool { count == 0 }
  var first: Int? { count > 0 ? ring[head] : nil }

  /// The ring position of the entity at `offset` from the front.
  @inline(__always)
  private func position(_ offset: Int) -> Int { (head &+ offset) & (ring.count &- 1) }

  mutating func append(_ entity: Int) {
    if count == ring.count { grow() }
    ring[position(count)] = entity
    count += 1
  }

  /// Removes and returns the first entity; the queue must not be empty.
  mutating func removeFirst() -> Int {
    let entity = ring[head]
    head = position(1)
    count -= 1
    return entity
  }

  /// Moves the first `n` entities (at most `count`) to the end of `target`.
  mutating func moveFirst(_ n: Int, to target: inout [Int]) {
    for _ in 0..<min(n, count) { target.append(removeFirst()) }
  }

  /// Removes one entity from anywhere in the queue, keeping the order of the rest.
  ///
  /// - Complexity: O(n).
  mutating func remove(_ entity: Int) {
    guard let offset = (0..<count).first(where: { ring[position($0)] == entity }) else { return }
    for index in offset..<(count - 1) { ring[position(index)] = ring[position(index + 1)] }
    count -= 1
  }

  /// Doubles the ring, laying the entities out from position 0.
  private mutating func grow() {
    var larger = [Int](repeating: 0, count: max(8, ring.count * 2))
    for offset in 0..<count { larger[offset] = ring[position(offset)] }
    ring = larger
    head = 0
  }
}
