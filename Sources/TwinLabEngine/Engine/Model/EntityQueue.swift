/// A first-in, first-out list of entity indices. Removing from the front moves
/// a start index instead of the elements, and the storage is compacted once
/// the unused front exceeds half of it, so each operation is amortized O(1).
struct EntityQueue: Sendable {
  private var storage: [Int] = []
  private var head = 0

  var count: Int { storage.count - head }
  var isEmpty: Bool { head == storage.count }
  var first: Int? { head < storage.count ? storage[head] : nil }

  mutating func append(_ entity: Int) { storage.append(entity) }

  /// Removes and returns the first entity; the queue must not be empty.
  mutating func removeFirst() -> Int {
    let entity = storage[head]
    head += 1
    compactIfSparse()
    return entity
  }

  /// Moves the first `n` entities (at most `count`) to the end of `target`.
  mutating func moveFirst(_ n: Int, to target: inout [Int]) {
    let end = head + min(n, count)
    target.append(contentsOf: storage[head..<end])
    head = end
    compactIfSparse()
  }

  /// Removes one entity from anywhere in the queue.
  ///
  /// - Complexity: O(n).
  mutating func remove(_ entity: Int) {
    guard let index = storage[head...].firstIndex(of: entity) else { return }
    storage.remove(at: index)
  }

  private mutating func compactIfSparse() {
    if head == storage.count {
      storage.removeAll(keepingCapacity: true)
      head = 0
    } else if head >= 64, head * 2 >= storage.count {
      storage.removeFirst(head)
      head = 0
    }
  }
}
