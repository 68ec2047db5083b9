import Testing
import TwinLabModel

@testable import TwinLabTwins

@Suite struct QueryTests {
  /// Rooms r1 (20, "Alpha lab"), r2 (25, "Beta"), r3 (no temp, "alpha annex");
  /// devices d1 (Idle), p1 (pump, Running); r1 contains d1 and p1; d1 feeds p1.
  static func seeded() throws -> TwinStore {
    var store = try StoreFixtures.store()
    try store.createOrReplaceTwin(
      "r1",
      StoreFixtures.roomBody([
        "temp": 20, "name": "Alpha lab", "occupied": true, "tags": ["zone": "north"],
        "readings": [1, 2],
      ]))
    try store.createOrReplaceTwin("r2", StoreFixtures.roomBody(["temp": 25, "name": "Beta"]))
    try store.createOrReplaceTwin("r3", StoreFixtures.roomBody(["name": "alpha annex"]))
    try store.createOrReplaceTwin(
      "d1", StoreFixtures.body(model: StoreFixtures.device, ["status": "Idle"]))
    try store.createOrReplaceTwin(
      "p1", StoreFixtures.body(model: StoreFixtures.pump, ["status": "Running", "flow": 2.5]))
    try store.createOrReplaceRelationship(
      "r1", "c1",
      .object([
        "$relationshipName": "contains", "$targetId": "d1", "since": "2026-01-01T00:00:00Z",
      ]))
    try store.createOrReplaceRelationship(
      "r1", "c2", .object(["$relationshipName": "contains", "$targetId": "p1"]))
    try store.createOrReplaceRelationship(
      "d1", "f1", .object(["$relationshipName": "feeds", "$targetId": "p1"]))
    return store
  }

  /// Queries over twins and the `$dtId`s of the rows they return, in order.
  @Test(arguments: [
    ("SELECT * FROM DIGITALTWINS", ["d1", "p1", "r1", "r2", "r3"]),
    ("select * from digitaltwins where temp = 20", ["r1"]),
    ("SELECT * FROM DIGITALTWINS WHERE temp != 20", ["r2"]),
    ("SELECT * FROM DIGITALTWINS WHERE temp > 19 AND temp <= 25", ["r1", "r2"]),
    ("SELECT * FROM DIGITALTWINS WHERE temp < 21 OR name = 'Beta'", ["r1", "r2"]),
    ("SELECT * FROM DIGITALTWINS WHERE NOT IS_DEFINED(temp)", ["d1", "p1", "r3"]),
    ("SELECT * FROM DIGITALTWINS WHERE IS_DEFINED(tags.zone)", ["r1"]),
    ("SELECT * FROM DIGITALTWINS T WHERE T.tags.zone = 'north'", ["r1"]),
    ("SELECT * FROM DIGITALTWINS WHERE $dtId IN ['r2', 'd1', 'zz']", ["d1", "r2"]),
    ("SELECT * FROM DIGITALTWINS WHERE status NIN ['Idle']", ["p1"]),
    ("SELECT * FROM DIGITALTWINS WHERE status NOT IN ['Idle']", ["p1"]),
    ("SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('dtmi:test:Device;1')", ["d1", "p1"]),
    ("SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('dtmi:test:Device;1', exact)", ["d1"]),
    ("SELECT * FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, 'dtmi:test:Pump;1')", ["p1"]),
    ("SELECT * FROM DIGITALTWINS WHERE $metadata.$model = 'dtmi:test:Room;1'", ["r1", "r2", "r3"]),
    ("SELECT * FROM DIGITALTWINS WHERE STARTSWITH(name, 'Alpha')", ["r1"]),
    ("SELECT * FROM DIGITALTWINS WHERE ENDSWITH(name, 'annex')", ["r3"]),
    ("SELECT * FROM DIGITALTWINS WHERE CONTAINS(name, 'et')", ["r2"]),
    ("SELECT * FROM DIGITALTWINS T WHERE STARTSWITH(T.$dtId, 'r')", ["r1", "r2", "r3"]),
    ("SELECT * FROM DIGITALTWINS WHERE IS_NUMBER(flow)", ["p1"]),
    ("SELECT * FROM DIGITALTWINS WHERE IS_STRING(status)", ["d1", "p1"]),
    ("SELECT * FROM DIGITALTWINS WHERE IS_BOOL(occupied)", ["r1"]),
    ("SELECT * FROM DIGITALTWINS WHERE IS_OBJECT(tags)", ["r1"]),
    ("SELECT * FROM DIGITALTWINS WHERE IS_PRIMITIVE(tags)", []),
    (
      "SELECT * FROM DIGITALTWINS WHERE IS_PRIMITIVE(name) AND NOT IS_NULL(name)",
      ["r1", "r2", "r3"]
    ),
    ("SELECT * FROM DIGITALTWINS WHERE ARRAY_CONTAINS(readings, 2)", ["r1"]),
    ("SELECT * FROM DIGITALTWINS WHERE temp = '20'", []),
    ("SELECT * FROM DIGITALTWINS WHERE nosuch = 1", []),
    ("SELECT * FROM DIGITALTWINS WHERE (temp = 20 OR temp = 25) AND NOT name = 'Beta'", ["r1"]),
    ("SELECT * FROM DIGITALTWINS WHERE 20 = temp", ["r1"]),
    (
      "SELECT * FROM DIGITALTWINS WHERE thermostat.$metadata.$lastUpdateTime > ''",
      ["r1", "r2", "r3"]
    ),
    ("SELECT TOP(2) FROM DIGITALTWINS", ["d1", "p1"]),
    ("SELECT TOP(2) * FROM DIGITALTWINS WHERE IS_OF_MODEL('dtmi:test:Room;1')", ["r1", "r2"]),
    ("SELECT * FROM DIGITALTWINS WHERE [[name]] = 'Beta'", ["r2"]),
  ])
  func twinQueryReturnsRows(query: String, ids: [String]) throws {
    let store = try Self.seeded()
    let rows = try store.queryAll(query)
    let found = rows.map { row -> String in
      guard case .object(let object) = row, case .string(let id)? = object["$dtId"] else {
        return "?"
      }
      return id
    }
    #expect(found == ids)
  }

  /// Queries whose rows are projections, counts, joins or relationships, as JSON.
  @Test(arguments: [
    ("SELECT COUNT() FROM DIGITALTWINS", [#"{"COUNT":5}"#]),
    ("SELECT COUNT() FROM DIGITALTWINS WHERE temp > 0", [#"{"COUNT":2}"#]),
    (
      "SELECT T.name, T.temp FROM DIGITALTWINS T WHERE IS_DEFINED(T.name)",
      [
        #"{"name":"Alpha lab","temp":20}"#, #"{"name":"Beta","temp":25}"#,
        #"{"name":"alpha annex"}"#,
      ]
    ),
    ("SELECT name AS label FROM DIGITALTWINS WHERE temp = 25", [#"{"label":"Beta"}"#]),
    ("SELECT T.$dtId FROM DIGITALTWINS T WHERE T.flow = 2.5", [#"{"$dtId":"p1"}"#]),
    (
      "SELECT R.$targetId FROM RELATIONSHIPS R WHERE R.$sourceId = 'r1'",
      [#"{"$targetId":"d1"}"#, #"{"$targetId":"p1"}"#]
    ),
    (
      "SELECT $relationshipId FROM RELATIONSHIPS WHERE $relationshipName = 'feeds'",
      [#"{"$relationshipId":"f1"}"#]
    ),
    ("SELECT COUNT() FROM RELATIONSHIPS", [#"{"COUNT":3}"#]),
    (
      "SELECT D.$dtId, R.since FROM DIGITALTWINS T JOIN D RELATED T.contains R WHERE T.$dtId = 'r1'",
      [#"{"$dtId":"d1","since":"2026-01-01T00:00:00Z"}"#, #"{"$dtId":"p1"}"#]
    ),
    (
      "SELECT P.$dtId FROM DIGITALTWINS T JOIN D RELATED T.contains JOIN P RELATED D.feeds "
        + "WHERE T.$dtId = 'r1'", [#"{"$dtId":"p1"}"#]
    ),
    (
      "SELECT D.$dtId FROM DIGITALTWINS T JOIN D RELATED T.contains "
        + "WHERE T.$dtId = 'r1' AND IS_OF_MODEL(D, 'dtmi:test:Pump;1')", [#"{"$dtId":"p1"}"#]
    ),
    (
      "SELECT COUNT() FROM DIGITALTWINS T JOIN D RELATED T.contains WHERE T.$dtId IN ['r1', 'r2']",
      [#"{"COUNT":2}"#]
    ),
    (
      "SELECT T.$dtId FROM DIGITALTWINS T JOIN D RELATED T.contains WHERE D.$dtId = 'd1'",
      [#"{"$dtId":"r1"}"#]
    ),
  ])
  func shapedQueryReturnsRows(query: String, expected: [String]) throws {
    let store = try Self.seeded()
    let rows = try store.queryAll(query).map { $0.serialized() }
    #expect(rows == expected)
  }

  @Test func aliasRowWrapsTwin() throws {
    let store = try Self.seeded()
    let rows = try store.queryAll("SELECT T FROM DIGITALTWINS T WHERE T.$dtId = 'r2'")
    #expect(rows.count == 1)
    #expect(rows.first == .object(["T": try store.twin("r2").json]))
    let all = try store.queryAll("SELECT * FROM DIGITALTWINS WHERE $dtId = 'r2'")
    #expect(all == [try store.twin("r2").json])
    let relationship = try store.queryAll("SELECT * FROM RELATIONSHIPS WHERE $targetId = 'd1'")
    #expect(relationship == [try store.relationship("r1", "c1").json])
  }
}
