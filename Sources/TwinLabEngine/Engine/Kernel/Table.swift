/// A growable array of records with reference semantics, for the tables that
/// every event reads and writes. Element access goes straight to the storage,
/// without the copy-on-write uniqueness check that an `Array` stored in a class
/// pays on every mutation.
final class Table<Element>: RandomAccessCollection {
  private var base: UnsafeMutablePointer<Element>
  private var capacity: Int
  private(set) var count = 0

  init() {
    capacity = 16
    base = .allocate(capacity: capacity)
  }

  deinit {
    base.deinitialize(count: count)
    base.deallocate()
  }

  var startIndex: Int { 0 }
  var endIndex: Int { count }

  subscript(position: Int) -> Element {
    unsafeAddress {
      assert(position >= 0 && position < count, "table index out of range")
      return UnsafePointer(base + position)
    }
    unsafeMutableAddress {
      assert(position >= 0 && position < count, "table index out of range")
      return base + position
    }
  }

  /// Adds a record at the end, doubling the storage when it is full.
  ///
  /// - Complexity: amortized O(1).
  func append(_ element: Element) {
    if count == capacity {
      let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
      larger.moveInitialize(from: base, count: count)
      base.deallocate()
      base = larger
      capacity *= 2
    }
    (base + count).initialize(to: element)
    count += 1
  }
}
