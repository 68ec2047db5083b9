import Testing
import TwinLabModel

@testable import TwinLabTwins

@Suite struct EtagTests {
  static let patch = #"[{"op":"add","path":"/load","value":1}]"#

  @Test func everyWriteRenewsEtag() throws {
    var store = try StoreFixtures.store()
    var seen: Set<String> = []
    seen.insert(
      try store.createOrReplaceTwin("d1", StoreFixtures.body(model: StoreFixtures.device)).etag)
    seen.insert(try store.updateTwin("d1", patch: try StoreFixtures.json(Self.patch)))
    seen.insert(
      try store.createOrReplaceTwin("d1", StoreFixtures.body(model: StoreFixtures.device)).etag)
    #expect(seen.count == 3)
    for etag in seen {
      #expect(etag.hasPrefix("W/\""))
      #expect(etag.hasSuffix("\""))
      #expect(etag.count == 40)
    }
  }

  /// If-Match values: the current etag and `*` pass, others fail with the given code.
  @Test(arguments: [
    ("current", nil as String?),
    ("*", nil),
    (#"W/"00000000-0000-4000-8000-000000000000""#, "PreconditionFailed"),
    ("not-an-etag", "InvalidArgument"),
  ])
  func ifMatchGuardsWrites(ifMatch: String, code: String?) throws {
    var store = try StoreFixtures.store()
    let etag = try store.createOrReplaceTwin("d1", StoreFixtures.body(model: StoreFixtures.device))
      .etag
    let value = ifMatch == "current" ? etag : ifMatch
    let patch = try StoreFixtures.json(Self.patch)
    if let code {
      let patchError = #expect(throws: TwinStoreError.self) {
        try store.updateTwin("d1", patch: patch, ifMatch: value)
      }
      #expect(patchError?.code == code)
      #expect(patchError?.status == (code == "PreconditionFailed" ? 412 : 400))
      let deleteError = #expect(throws: TwinStoreError.self) {
        try store.deleteTwin("d1", ifMatch: value)
      }
      #expect(deleteError?.code == code)
      #expect(try store.twin("d1").etag == etag)
    } else {
      try store.updateTwin("d1", patch: patch, ifMatch: value)
      let current = try store.twin("d1").etag
      try store.deleteTwin("d1", ifMatch: ifMatch == "current" ? current : ifMatch)
      #expect(store.twinCount == 0)
    }
  }

  @Test(arguments: [("*", "PreconditionFailed", 412), ("W/\"x\"", "InvalidArgument", 400)])
  func ifNoneMatchGuardsCreate(value: String, code: String, status: Int) throws {
    var store = try StoreFixtures.store()
    try store.createOrReplaceTwin(
      "d1", StoreFixtures.body(model: StoreFixtures.device), ifNoneMatch: "*")
    let error = #expect(throws: TwinStoreError.self) {
      try store.createOrReplaceTwin(
        "d1", StoreFixtures.body(model: StoreFixtures.device), ifNoneMatch: value)
    }
    #expect(error?.code == code)
    #expect(error?.status == status)
  }
}
