import Testing
import TwinLabModel

@testable import TwinLabTwins

@Suite struct ComponentTests {
  @Test func componentPatchUsesRelativePaths() throws {
    var store = try StoreFixtures.store()
    try store.createOrReplaceTwin("r1", StoreFixtures.roomBody())
    let before = try store.twin("r1").etag
    let etag = try store.updateComponent(
      "r1", "thermostat",
      patch: try StoreFixtures.json(#"[{"op":"add","path":"/setPoint","value":21}]"#))
    #expect(etag != before)
    guard case .object(let component) = try store.component("r1", "thermostat") else {
      Issue.record("component is not an object")
      return
    }
    #expect(component["setPoint"] == .number(21))
    #expect(component["$metadata"] != nil)
  }

  @Test(arguments: [
    ("thermostat", #"[{"op":"replace","path":"/setPoint","value":1}]"#, "JsonPatchInvalid", 400),
    ("thermostat", #"[{"op":"add","path":"/humidity","value":1}]"#, "ValidationFailed", 400),
    ("heater", #"[{"op":"add","path":"/setPoint","value":1}]"#, "ComponentNotFound", 404),
  ])
  func badComponentPatchIsRejected(
    name: String, patch: String, code: String, status: Int
  ) throws {
    var store = try StoreFixtures.store()
    try store.createOrReplaceTwin("r1", StoreFixtures.roomBody())
    let before = store.snapshotJSON
    let error = #expect(throws: TwinStoreError.self) {
      try store.updateComponent("r1", name, patch: try StoreFixtures.json(patch))
    }
    #expect(error?.code == code)
    #expect(error?.status == status)
    #expect(store.snapshotJSON == before)
  }
}
