import Testing
import TwinLabModel

@testable import TwinLabTwins

@Suite struct TwinValidationTests {
  /// Property values the Room model accepts.
  @Test(arguments: [
    #"{"name": "Lab A"}"#,
    #"{"temp": 21.5, "count": 3}"#,
    #"{"temp": 21}"#,
    #"{"status": "Running", "level": 2}"#,
    #"{"opened": "2024-02-29", "checked": "2026-01-02T03:04:05.123+01:00"}"#,
    #"{"cycle": "PT1H30M", "occupied": false}"#,
    #"{"config": {"mode": "auto", "limit": 5}}"#,
    #"{"config": {"mode": "auto"}}"#,
    #"{"tags": {"a": "x", "b": "y"}}"#,
    #"{"readings": [1, 2.5]}"#,
  ])
  func validPropertiesAreAccepted(properties: String) throws {
    var store = try StoreFixtures.store()
    guard case .object(let object) = try StoreFixtures.json(properties) else {
      Issue.record("fixture is not an object")
      return
    }
    let twin = try store.createOrReplaceTwin("r1", StoreFixtures.roomBody(object))
    for (key, value) in object.members {
      #expect(twin.contents[key] == value)
    }
  }

  /// Bodies the service rejects, with the code and a word the message must name.
  @Test(arguments: [
    (#"{"nosuch": 1}"#, "ValidationFailed", "nosuch"),
    (#"{"temp": "warm"}"#, "ValidationFailed", "warm"),
    (#"{"count": 2.5}"#, "ValidationFailed", "2.5"),
    (#"{"count": 3000000000}"#, "ValidationFailed", "3000000000"),
    (#"{"status": "Sleeping"}"#, "ValidationFailed", "Sleeping"),
    (#"{"level": 3}"#, "ValidationFailed", "3"),
    (#"{"level": "low"}"#, "ValidationFailed", "low"),
    (#"{"opened": "2023-02-29"}"#, "ValidationFailed", "2023-02-29"),
    (#"{"checked": "yesterday"}"#, "ValidationFailed", "yesterday"),
    (#"{"cycle": "1 hour"}"#, "ValidationFailed", "1 hour"),
    (#"{"occupied": "yes"}"#, "ValidationFailed", "yes"),
    (#"{"config": {"mode": "auto", "speed": 2}}"#, "ValidationFailed", "speed"),
    (#"{"config": {"limit": "high"}}"#, "ValidationFailed", "high"),
    (#"{"config": 5}"#, "ValidationFailed", "config"),
    (#"{"tags": {"a": 1}}"#, "ValidationFailed", "tags/a"),
    (#"{"readings": [1, "two"]}"#, "ValidationFailed", "two"),
    (#"{"contains": 1}"#, "ValidationFailed", "contains"),
    (#"{"$custom": 1}"#, "ValidationFailed", "$custom"),
    (#"{"thermostat": {"$metadata": {}, "setPoint": "hot"}}"#, "ValidationFailed", "hot"),
    (#"{"thermostat": {"$metadata": {}, "other": 1}}"#, "ValidationFailed", "other"),
    (
      #"{"$metadata": {"$model": "dtmi:test:Room;1", "temp": {"sourceTime": "now"}}}"#,
      "ValidationFailed", "sourceTime"
    ),
  ])
  func invalidPropertiesAreRejected(properties: String, code: String, named: String) throws {
    var store = try StoreFixtures.store()
    guard case .object(var object) = try StoreFixtures.json(properties) else {
      Issue.record("fixture is not an object")
      return
    }
    if object["thermostat"] == nil { object["thermostat"] = .object(["$metadata": .object([:])]) }
    if object["$metadata"] == nil {
      object["$metadata"] = .object(["$model": .string(StoreFixtures.room)])
    }
    let before = store.snapshotJSON
    let error = #expect(throws: TwinStoreError.self) {
      try store.createOrReplaceTwin("r1", .object(object))
    }
    #expect(error?.code == code)
    #expect(error?.status == 400)
    #expect(error?.message.contains(named) == true, "\(error?.message ?? "")")
    #expect(store.snapshotJSON == before)
  }

  @Test(arguments: [
    (#"{"$metadata": {"$model": "dtmi:test:Nope;1"}}"#, "ValidationFailed", "dtmi:test:Nope;1"),
    (#"{"temp": 1}"#, "ValidationFailed", "$model"),
    (#"[1, 2]"#, "ValidationFailed", "[1,2]"),
    (#"{"$metadata": {"$model": "dtmi:test:Room;1"}}"#, "ValidationFailed", "thermostat"),
  ])
  func badTwinBodyIsRejected(body: String, code: String, named: String) throws {
    var store = try StoreFixtures.store()
    let error = #expect(throws: TwinStoreError.self) {
      try store.createOrReplaceTwin("r1", try StoreFixtures.json(body))
    }
    #expect(error?.code == code)
    #expect(error?.message.contains(named) == true, "\(error?.message ?? "")")
    #expect(store.twinCount == 0)
  }

  @Test(arguments: [
    ("", "InvalidArgument"),
    (String(repeating: "x", count: 1025), "InvalidArgument"),
    ("a/b", "InvalidArgument"),
    ("tab\there", "InvalidArgument"),
  ])
  func badTwinIdIsRejected(id: String, code: String) throws {
    var store = try StoreFixtures.store()
    let error = #expect(throws: TwinStoreError.self) {
      try store.createOrReplaceTwin(id, StoreFixtures.body(model: StoreFixtures.device))
    }
    #expect(error?.code == code)
    #expect(error?.status == 400)
  }

  @Test func longestTwinIdIsAccepted() throws {
    var store = try StoreFixtures.store()
    let id = String(repeating: "x", count: TwinStore.maxIdBytes)
    try store.createOrReplaceTwin(id, StoreFixtures.body(model: StoreFixtures.device))
    #expect(try store.twin(id).id == id)
  }

  @Test func bodyOverLimitIsRejected() throws {
    var store = try StoreFixtures.store()
    let big = String(repeating: "a", count: 4000)
    var tags = JSONObject()
    for index in 0..<9 { tags["k\(index)"] = .string(big) }
    let error = #expect(throws: TwinStoreError.self) {
      try store.createOrReplaceTwin("r1", StoreFixtures.roomBody(["tags": .object(tags)]))
    }
    #expect(error?.code == "LimitExceeded")
    #expect(error?.message.contains("32768") == true)
    tags["k8"] = nil
    try store.createOrReplaceTwin("r1", StoreFixtures.roomBody(["tags": .object(tags)]))
  }

  @Test func stringOverFourKilobytesIsRejected() throws {
    var store = try StoreFixtures.store()
    let error = #expect(throws: TwinStoreError.self) {
      try store.createOrReplaceTwin(
        "r1", StoreFixtures.roomBody(["name": .string(String(repeating: "n", count: 4097))]))
    }
    #expect(error?.code == "ValidationFailed")
    #expect(error?.message.contains("4097") == true)
  }

  @Test func twinJSONHasServiceLayout() throws {
    var store = try StoreFixtures.store()
    let body = try StoreFixtures.json(
      #"{"temp": 20, "thermostat": {"$metadata": {}, "setPoint": 18},"#
        + #" "$metadata": {"$model": "dtmi:test:Room;1","#
        + #" "temp": {"sourceTime": "2026-01-01T00:00:00Z"}}}"#)
    let twin = try store.createOrReplaceTwin("r1", body)
    let expected =
      #"{"$dtId":"r1","$etag":\#(JSONValue.string(twin.etag).serialized()),"temp":20,"thermostat":{"setPoint":18,"#
      + #""$metadata":{"$lastUpdateTime":"2026-01-02T03:04:07.0000000Z","setPoint":"#
      + #"{"lastUpdateTime":"2026-01-02T03:04:07.0000000Z"}}},"$metadata":{"$model":"#
      + #""dtmi:test:Room;1","$lastUpdateTime":"2026-01-02T03:04:07.0000000Z","temp":"#
      + #"{"lastUpdateTime":"2026-01-02T03:04:07.0000000Z","sourceTime":"2026-01-01T00:00:00Z"}}}"#
    #expect(twin.json.serialized() == expected)
    #expect(twin.etag.hasPrefix("W/\""))
  }
}
