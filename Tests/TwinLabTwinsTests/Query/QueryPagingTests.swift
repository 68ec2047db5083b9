import Testing
import TwinLabModel

@testable import TwinLabTwins

@Suite struct QueryPagingTests {
  static func store(twins: Int) throws -> TwinStore {
    var store = try StoreFixtures.store()
    for index in 0..<twins {
      let id = "d" + String(repeating: "0", count: 4 - String(index).count) + String(index)
      try store.createOrReplaceTwin(
        id, StoreFixtures.body(model: StoreFixtures.device, ["load": .number(Double(index))]))
    }
    return store
  }

  /// Page sizes and the row counts of the pages they produce over 25 twins.
  @Test(arguments: [
    (10, [10, 10, 5]),
    (25, [25]),
    (24, [24, 1]),
    (1000, [25]),
    (1, Array(repeating: 1, count: 25)),
  ])
  func pagesCoverAllRowsOnce(pageSize: Int, sizes: [Int]) throws {
    let store = try Self.store(twins: 25)
    var page = try store.query("SELECT * FROM DIGITALTWINS", pageSize: pageSize)
    var seen = page.rows
    var counts = [page.rows.count]
    while let token = page.continuationToken {
      page = try store.query(continuationToken: token, pageSize: pageSize)
      seen += page.rows
      counts.append(page.rows.count)
    }
    #expect(counts == sizes)
    #expect(seen == (try store.queryAll("SELECT * FROM DIGITALTWINS")))
    #expect(Set(seen.map { $0.serialized() }).count == 25)
  }

  @Test func defaultPageHoldsHundredRows() throws {
    let store = try Self.store(twins: 150)
    let page = try store.query("SELECT * FROM DIGITALTWINS WHERE load >= 0")
    #expect(page.rows.count == 100)
    #expect(page.continuationToken != nil)
    #expect(page.json.serialized().hasPrefix(#"{"value":["#))
    let last = try store.query(continuationToken: page.continuationToken ?? "")
    #expect(last.rows.count == 50)
    #expect(last.continuationToken == nil)
    #expect(last.json.serialized().hasSuffix(#""continuationToken":null}"#))
  }

  @Test(arguments: ["", "not base64!", "eyJ4IjoxfQ=="])
  func badTokenIsRejected(token: String) throws {
    let store = try Self.store(twins: 2)
    let error = #expect(throws: TwinStoreError.self) {
      try store.query(continuationToken: token)
    }
    #expect(error?.code == "BadRequest")
    #expect(error?.status == 400)
  }

  @Test(arguments: [0, 1001, -5])
  func pageSizeOutOfRangeIsRejected(size: Int) throws {
    let store = try Self.store(twins: 2)
    let error = #expect(throws: TwinStoreError.self) {
      try store.query("SELECT * FROM DIGITALTWINS", pageSize: size)
    }
    #expect(error?.code == "InvalidArgument")
    #expect(error?.message.contains("\(size)") == true)
  }
}
