import Testing
import TwinLabModel

@testable import TwinLabTwins

@Suite struct TwinPatchTests {
  /// A room with temp, config and tags set, and a component set point.
  static func seeded() throws -> TwinStore {
    var store = try StoreFixtures.store()
    try store.createOrReplaceTwin(
      "r1",
      try StoreFixtures.json(
        #"{"temp": 20, "config": {"mode": "auto", "limit": 1}, "tags": {"a": "x"},"#
          + #" "readings": [1, 2], "thermostat": {"$metadata": {}, "setPoint": 18},"#
          + #" "$metadata": {"$model": "dtmi:test:Room;1"}}"#))
    return store
  }

  /// Patches that succeed, with a path to read afterwards and the value expected there
  /// (`null` when the member must be gone).
  @Test(arguments: [
    (#"[{"op":"replace","path":"/temp","value":25}]"#, ["temp"], "25"),
    (#"[{"op":"add","path":"/temp","value":26}]"#, ["temp"], "26"),
    (#"[{"op":"add","path":"/name","value":"Lab"}]"#, ["name"], #""Lab""#),
    (#"[{"op":"remove","path":"/temp"}]"#, ["temp"], "null"),
    (
      #"[{"op":"replace","path":"/config/mode","value":"manual"}]"#, ["config", "mode"],
      #""manual""#
    ),
    (#"[{"op":"add","path":"/tags/b","value":"y"}]"#, ["tags", "b"], #""y""#),
    (#"[{"op":"remove","path":"/tags/a"}]"#, ["tags", "a"], "null"),
    (#"[{"op":"add","path":"/readings/-","value":3}]"#, ["readings"], "[1,2,3]"),
    (
      #"[{"op":"replace","path":"/thermostat/setPoint","value":19}]"#, ["thermostat", "setPoint"],
      "19"
    ),
    (
      #"[{"op":"add","path":"/count","value":1},{"op":"replace","path":"/count","value":2}]"#,
      ["count"], "2"
    ),
    (
      #"[{"op":"add","path":"/$metadata/temp/sourceTime","value":"2026-01-01T00:00:00Z"}]"#,
      ["$metadata", "temp", "sourceTime"], #""2026-01-01T00:00:00Z""#
    ),
  ])
  func patchAppliesToTwin(patch: String, path: [String], expected: String) throws {
    var store = try Self.seeded()
    let before = try store.twin("r1")
    let etag = try store.updateTwin("r1", patch: try StoreFixtures.json(patch))
    let after = try store.twin("r1")
    var value: JSONValue? = .object(after.contents)
    for segment in path {
      guard case .object(let object)? = value else {
        value = nil
        break
      }
      value = object[segment]
    }
    #expect((value ?? .null).serialized() == expected)
    #expect(etag != before.etag)
    #expect(after.etag == etag)
  }

  /// Patches that fail, with the service's code and a word the message must contain.
  @Test(arguments: [
    (#"[{"op":"move","from":"/temp","path":"/name"}]"#, "JsonPatchInvalid", "move"),
    (#"[{"op":"copy","from":"/temp","path":"/name"}]"#, "JsonPatchInvalid", "copy"),
    (#"[{"op":"test","path":"/temp","value":20}]"#, "JsonPatchInvalid", "test"),
    (#"[{"op":"replace","path":"/name","value":"x"}]"#, "JsonPatchInvalid", "name"),
    (#"[{"op":"remove","path":"/count"}]"#, "JsonPatchInvalid", "count"),
    (#"[{"op":"add","path":"/nosuch","value":1}]"#, "ValidationFailed", "nosuch"),
    (#"[{"op":"add","path":"/temp","value":"hot"}]"#, "ValidationFailed", "hot"),
    (#"[{"op":"add","path":"/status","value":"Asleep"}]"#, "ValidationFailed", "Asleep"),
    (#"[{"op":"add","path":"/config/speed","value":1}]"#, "ValidationFailed", "speed"),
    (#"[{"op":"replace","path":"/nothing/inner","value":1}]"#, "JsonPatchInvalid", "nothing"),
    (#"[{"op":"add","path":"/thermostat/other","value":1}]"#, "ValidationFailed", "other"),
    (#"[{"op":"remove","path":"/thermostat"}]"#, "ValidationFailed", "thermostat"),
    (#"[{"op":"add","path":"temp","value":1}]"#, "JsonPatchInvalid", "temp"),
    (#"[{"op":"add","path":"/temp"}]"#, "JsonPatchInvalid", "value"),
    (#"{"op":"add","path":"/temp","value":1}"#, "JsonPatchInvalid", "array"),
    (#"[{"op":"replace","path":"/$dtId","value":"r2"}]"#, "JsonPatchInvalid", "$dtId"),
    (#"[{"op":"remove","path":"/$metadata/$model"}]"#, "JsonPatchInvalid", "$metadata"),
    (
      #"[{"op":"replace","path":"/$metadata/temp/lastUpdateTime","value":"x"}]"#,
      "JsonPatchInvalid", "lastUpdateTime"
    ),
    (
      #"[{"op":"replace","path":"/$metadata/$model","value":"dtmi:test:Nope;1"}]"#,
      "ValidationFailed", "dtmi:test:Nope;1"
    ),
    (
      #"[{"op":"replace","path":"/$metadata/$model","value":"dtmi:test:Device;1"}]"#,
      "ValidationFailed", "temp"
    ),
    (#"[{"op":"replace","path":"/readings/5","value":1}]"#, "JsonPatchInvalid", "5"),
    (
      #"[{"op":"add","path":"/temp","value":1},{"op":"add","path":"/bad","value":1}]"#,
      "ValidationFailed", "bad"
    ),
  ])
  func badPatchIsRejected(patch: String, code: String, named: String) throws {
    var store = try Self.seeded()
    let before = store.snapshotJSON.serialized()
    let error = #expect(throws: TwinStoreError.self) {
      try store.updateTwin("r1", patch: try StoreFixtures.json(patch))
    }
    #expect(error?.code == code)
    #expect(error?.status == 400)
    #expect(error?.message.contains(named) == true, "\(error?.message ?? "")")
    #expect(store.snapshotJSON.serialized() == before)
  }

  @Test func patchRenewsOnlyTouchedTimes() throws {
    var store = try Self.seeded()
    func metadata(_ twin: DigitalTwin, _ key: String) -> JSONValue? {
      guard case .object(let meta)? = twin.contents["$metadata"],
        case .object(let entry)? = meta[key]
      else { return nil }
      return entry["lastUpdateTime"]
    }
    let before = try store.twin("r1")
    try store.updateTwin(
      "r1", patch: try StoreFixtures.json(#"[{"op":"replace","path":"/temp","value":1}]"#))
    let after = try store.twin("r1")
    #expect(metadata(after, "temp") != metadata(before, "temp"))
    #expect(metadata(after, "config") == metadata(before, "config"))
    #expect(metadata(after, "temp") != nil)
  }

  @Test func patchChangesModelWhenValid() throws {
    var store = try StoreFixtures.store()
    try store.createOrReplaceTwin(
      "d1", StoreFixtures.body(model: StoreFixtures.device, ["load": 1]))
    try store.updateTwin(
      "d1",
      patch: try StoreFixtures.json(
        #"[{"op":"replace","path":"/$metadata/$model","value":"dtmi:test:Pump;1"},"#
          + #"{"op":"add","path":"/flow","value":3}]"#))
    #expect(try store.twin("d1").modelId == StoreFixtures.pump)
  }

  @Test func missingTwinPatchIsNotFound() throws {
    var store = try StoreFixtures.store()
    let error = #expect(throws: TwinStoreError.self) {
      try store.updateTwin("ghost", patch: .array([]))
    }
    #expect(error?.status == 404)
    #expect(error?.code == "DigitalTwinNotFound")
    #expect(error?.message.contains("ghost") == true)
  }
}
