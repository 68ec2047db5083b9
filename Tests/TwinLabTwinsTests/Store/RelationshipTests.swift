import Testing
import TwinLabModel

@testable import TwinLabTwins

@Suite struct RelationshipTests {
  /// Room r1, devices d1 and d2, pump p1, floor f1.
  static func seeded() throws -> TwinStore {
    var store = try StoreFixtures.store()
    try store.createOrReplaceTwin("r1", StoreFixtures.roomBody())
    try store.createOrReplaceTwin("r2", StoreFixtures.roomBody())
    try store.createOrReplaceTwin("r3", StoreFixtures.roomBody())
    try store.createOrReplaceTwin("d1", StoreFixtures.body(model: StoreFixtures.device))
    try store.createOrReplaceTwin("d2", StoreFixtures.body(model: StoreFixtures.device))
    try store.createOrReplaceTwin("p1", StoreFixtures.body(model: StoreFixtures.pump))
    try store.createOrReplaceTwin("f1", StoreFixtures.body(model: StoreFixtures.floor))
    return store
  }

  static func body(_ name: String, _ target: String, _ extra: JSONObject = [:]) -> JSONValue {
    var object: JSONObject = ["$relationshipName": .string(name), "$targetId": .string(target)]
    for (key, value) in extra.members { object[key] = value }
    return .object(object)
  }

  @Test(arguments: [
    ("r1", "contains", "d1"),
    ("r1", "contains", "p1"),
    ("d1", "feeds", "p1"),
    ("p1", "feeds", "d1"),
    ("r1", "near", "f1"),
  ])
  func validRelationshipIsCreated(source: String, name: String, target: String) throws {
    var store = try Self.seeded()
    let created = try store.createOrReplaceRelationship(source, "rel", Self.body(name, target))
    #expect(created.json.serialized().contains(#""$targetId":"\#(target)""#))
    #expect(try store.listRelationships(source).map(\.id) == ["rel"])
    #expect(try store.listIncomingRelationships(target).map(\.sourceId) == [source])
    #expect(try store.relationship(source, "rel").name == name)
  }

  @Test(arguments: [
    ("r1", "rel", "owns", "d1", "InvalidRelationship", 400, "owns"),
    ("r1", "rel", "contain", "d1", "InvalidRelationship", 400, "contains"),
    ("r1", "rel", "contains", "f1", "InvalidRelationship", 400, "dtmi:test:Floor;1"),
    ("r1", "rel", "contains", "ghost", "TargetDigitalTwinNotFound", 404, "ghost"),
    ("ghost", "rel", "contains", "d1", "DigitalTwinNotFound", 404, "ghost"),
    ("d1", "rel", "feeds", "d1", "OperationNotAllowed", 400, "itself"),
    ("r1", "", "contains", "d1", "InvalidArgument", 400, "empty"),
    ("r1", String(repeating: "r", count: 1025), "contains", "d1", "InvalidArgument", 400, "1025"),
  ])
  func badRelationshipIsRejected(
    source: String, id: String, name: String, target: String, code: String, status: Int,
    named: String
  ) throws {
    var store = try Self.seeded()
    let before = store.snapshotJSON
    let error = #expect(throws: TwinStoreError.self) {
      try store.createOrReplaceRelationship(source, id, Self.body(name, target))
    }
    #expect(error?.code == code)
    #expect(error?.status == status)
    #expect(error?.message.contains(named) == true, "\(error?.message ?? "")")
    #expect(store.snapshotJSON == before)
  }

  @Test func relationshipPropertiesAreValidated() throws {
    var store = try Self.seeded()
    let bad = #expect(throws: TwinStoreError.self) {
      try store.createOrReplaceRelationship(
        "r1", "c1", Self.body("contains", "d1", ["since": "soon"]))
    }
    #expect(bad?.code == "ValidationFailed")
    try store.createOrReplaceRelationship(
      "r1", "c1", Self.body("contains", "d1", ["since": "2026-01-01T00:00:00Z"]))
    let etag = try store.updateRelationship(
      "r1", "c1",
      patch: try StoreFixtures.json(
        #"[{"op":"replace","path":"/since","value":"2026-02-01T00:00:00Z"}]"#))
    #expect(try store.relationship("r1", "c1").etag == etag)
    let unknown = #expect(throws: TwinStoreError.self) {
      try store.updateRelationship(
        "r1", "c1", patch: try StoreFixtures.json(#"[{"op":"add","path":"/weight","value":1}]"#))
    }
    #expect(unknown?.code == "ValidationFailed")
    let stale = #expect(throws: TwinStoreError.self) {
      try store.updateRelationship("r1", "c1", patch: .array([]), ifMatch: #"W/"old""#)
    }
    #expect(stale?.code == "PreconditionFailed")
  }

  @Test func maxMultiplicityIsEnforced() throws {
    var store = try Self.seeded()
    try store.createOrReplaceRelationship("f1", "h1", Self.body("hasRoom", "r1"))
    try store.createOrReplaceRelationship("f1", "h2", Self.body("hasRoom", "r2"))
    let error = #expect(throws: TwinStoreError.self) {
      try store.createOrReplaceRelationship("f1", "h3", Self.body("hasRoom", "r3"))
    }
    #expect(error?.code == "ValidationFailed")
    #expect(error?.message.contains("2") == true)
  }

  @Test func twinWithRelationshipsCannotBeDeleted() throws {
    var store = try Self.seeded()
    try store.createOrReplaceRelationship("r1", "c1", Self.body("contains", "d1"))
    for id in ["r1", "d1"] {
      let error = #expect(throws: TwinStoreError.self) { try store.deleteTwin(id) }
      #expect(error?.code == "RelationshipsNotDeleted")
      #expect(error?.status == 400)
    }
    try store.deleteRelationship("r1", "c1")
    try store.deleteTwin("d1")
    try store.deleteTwin("r1")
    let missing = #expect(throws: TwinStoreError.self) { try store.relationship("r2", "c1") }
    #expect(missing?.code == "RelationshipNotFound")
    #expect(missing?.status == 404)
  }

  @Test func replaceMovesIncomingIndex() throws {
    var store = try Self.seeded()
    try store.createOrReplaceRelationship("r1", "c1", Self.body("contains", "d1"))
    try store.createOrReplaceRelationship("r1", "c1", Self.body("contains", "d2"))
    #expect(try store.listIncomingRelationships("d1").isEmpty)
    #expect(try store.listIncomingRelationships("d2").map(\.id) == ["c1"])
    let error = #expect(throws: TwinStoreError.self) {
      try store.createOrReplaceRelationship(
        "r1", "c1", Self.body("contains", "d1"), ifNoneMatch: "*")
    }
    #expect(error?.code == "PreconditionFailed")
    try store.deleteTwin("d1")
  }

  @Test func listFiltersByName() throws {
    var store = try Self.seeded()
    try store.createOrReplaceRelationship("r1", "b", Self.body("contains", "d1"))
    try store.createOrReplaceRelationship("r1", "a", Self.body("near", "d2"))
    #expect(try store.listRelationships("r1").map(\.id) == ["a", "b"])
    #expect(try store.listRelationships("r1", name: "contains").map(\.id) == ["b"])
    let incoming = try store.listIncomingRelationships("d1")
    #expect(
      incoming.first?.incomingJSON.serialized()
        == #"{"$relationshipId":"b","$sourceId":"r1","$relationshipName":"contains","#
        + #""$relationshipLink":"/digitaltwins/r1/relationships/b"}"#)
  }
}
