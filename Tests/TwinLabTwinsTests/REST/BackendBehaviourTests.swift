import Foundation
import Testing
import TwinLabModel
import TwinLabTwins

/// One behaviour suite for every backend: the embedded store, `RESTBackend` over the service
/// router, and the same with injected 429 and 503 faults. Each test builds a fresh backend.
@Suite("Backend behaviour")
struct BackendBehaviourTests {
  @Test("models upload list get delete", arguments: BackendKind.allCases)
  func modelLifecycle(kind: BackendKind) throws {
    let harness = try BackendHarness(kind)
    let backend = harness.backend
    let added = try backend.uploadModels([try JSONValue(parsing: BackendFixtures.models)])
    #expect(added.count == 3)
    #expect(added.allSatisfy { $0[member: "model"] == nil })

    let listed = try backend.listModels()
    let ids = listed.compactMap { $0[member: "id"]?.stringValue }.sorted()
    #expect(ids == [BackendFixtures.device, BackendFixtures.room, BackendFixtures.thermostat])
    let model = try backend.model(BackendFixtures.room)
    #expect(model[member: "model"]?[member: "@id"] == .string(BackendFixtures.room))

    let documents = [try JSONValue(parsing: BackendFixtures.models)]
    let duplicate = harness.serviceError { () throws(TwinBackendError) in
      _ = try backend.uploadModels(documents)
    }
    #expect(duplicate?.status == 409)
    #expect(duplicate?.code == "ModelIdAlreadyExists")
    let referenced = harness.serviceError { () throws(TwinBackendError) in
      try backend.deleteModel(BackendFixtures.thermostat)
    }
    #expect(referenced?.code == "ModelReferencesNotDeleted")
    #expect(referenced?.status == 409)

    try backend.decommissionModel(BackendFixtures.device)
    let decommissioned = try backend.model(BackendFixtures.device)
    #expect(decommissioned[member: "decommissioned"] == .bool(true))
    let decommissionedError = harness.serviceError { () throws(TwinBackendError) in
      _ = try backend.createOrReplaceTwin("d1", BackendFixtures.device(), ifNoneMatch: nil)
    }
    #expect(decommissionedError?.code == "ModelDecommissioned")

    try backend.deleteModel(BackendFixtures.room)
    try backend.deleteModel(BackendFixtures.thermostat)
    #expect(try backend.listModels().count == 1)
    let missing = harness.serviceError { () throws(TwinBackendError) in
      _ = try backend.model(BackendFixtures.room)
    }
    #expect(missing?.code == "ModelNotFound")
    #expect(missing?.status == 404)
  }

  @Test("twin etags and preconditions", arguments: BackendKind.allCases)
  func twinEtags(kind: BackendKind) throws {
    let harness = try BackendHarness(kind)
    try harness.uploadModels()
    let backend = harness.backend
    let created = try backend.createOrReplaceTwin(
      "r1", BackendFixtures.room(["name": "Lab"]), ifNoneMatch: "*")
    let etag = try #require(created[member: "$etag"]?.stringValue)
    #expect(etag.hasPrefix("W/\""))
    #expect(try backend.twin("r1")[member: "$etag"]?.stringValue == etag)

    let exists = harness.serviceError { () throws(TwinBackendError) in
      _ = try backend.createOrReplaceTwin("r1", BackendFixtures.room(), ifNoneMatch: "*")
    }
    #expect(exists?.status == 412)
    #expect(exists?.code == "PreconditionFailed")
    let badNoneMatch = harness.serviceError { () throws(TwinBackendError) in
      _ = try backend.createOrReplaceTwin("r2", BackendFixtures.room(), ifNoneMatch: etag)
    }
    #expect(badNoneMatch?.code == "InvalidArgument")

    let patch: JSONValue = [["op": "add", "path": "/temp", "value": 21.5]]
    let newEtag = try #require(try backend.updateTwin("r1", patch: patch, ifMatch: etag))
    #expect(newEtag != etag)
    let patched = try backend.twin("r1")
    #expect(patched[member: "$etag"]?.stringValue == newEtag)
    #expect(patched[member: "temp"] == .number(21.5))

    let stale = harness.serviceError { () throws(TwinBackendError) in
      _ = try backend.updateTwin("r1", patch: patch, ifMatch: etag)
    }
    #expect(stale?.status == 412)
    let malformed = harness.serviceError { () throws(TwinBackendError) in
      _ = try backend.updateTwin("r1", patch: patch, ifMatch: "not-quoted")
    }
    #expect(malformed?.code == "InvalidArgument")
    #expect(malformed?.status == 400)

    let removal: JSONValue = [["op": "remove", "path": "/temp"]]
    let removedEtag = try backend.updateTwin("r1", patch: removal, ifMatch: newEtag)
    #expect(try backend.twin("r1")[member: "temp"] == nil)
    let staleDelete = harness.serviceError { () throws(TwinBackendError) in
      try backend.deleteTwin("r1", ifMatch: newEtag)
    }
    #expect(staleDelete?.code == "PreconditionFailed")
    try backend.deleteTwin("r1", ifMatch: removedEtag)
    let notFound = harness.serviceError { () throws(TwinBackendError) in
      _ = try backend.twin("r1")
    }
    #expect(notFound?.code == "DigitalTwinNotFound")
    #expect(notFound?.status == 404)
  }

  @Test("relationships in both directions", arguments: BackendKind.allCases)
  func relationships(kind: BackendKind) throws {
    let harness = try BackendHarness(kind)
    try harness.uploadModels()
    let backend = harness.backend
    _ = try backend.createOrReplaceTwin("room", BackendFixtures.room(), ifNoneMatch: nil)
    for id in ["d1", "d2", "d3", "d4"] {
      _ = try backend.createOrReplaceTwin(id, BackendFixtures.device(), ifNoneMatch: nil)
    }
    for id in ["d1", "d2", "d3", "d4"] {
      _ = try backend.createOrReplaceRelationship(
        source: "room", id: "has-\(id)", BackendFixtures.relationship("contains", to: id),
        ifNoneMatch: "*")
    }
    for id in ["d2", "d3", "d4"] {
      _ = try backend.createOrReplaceRelationship(
        source: id, id: "\(id)-feeds-d1", BackendFixtures.relationship("feeds", to: "d1"),
        ifNoneMatch: nil)
    }

    // Four outgoing and three incoming relationships take several pages of two over REST.
    let outgoing = try backend.listRelationships(source: "room", name: nil)
    #expect(
      outgoing.compactMap { $0[member: "$targetId"]?.stringValue } == ["d1", "d2", "d3", "d4"])
    #expect(try backend.listRelationships(source: "room", name: "feeds").isEmpty)
    let incoming = try backend.listIncomingRelationships(target: "d1")
    let sources = incoming.compactMap { $0[member: "$sourceId"]?.stringValue }.sorted()
    #expect(sources == ["d2", "d3", "d4", "room"])

    let feed = try backend.relationship(source: "d2", id: "d2-feeds-d1")
    let etag = try #require(feed[member: "$etag"]?.stringValue)
    let rate: JSONValue = [["op": "add", "path": "/rate", "value": 2.5]]
    let newEtag = try backend.updateRelationship(
      source: "d2", id: "d2-feeds-d1", patch: rate, ifMatch: etag)
    #expect(newEtag != etag)
    #expect(try backend.relationship(source: "d2", id: "d2-feeds-d1")[member: "rate"] == 2.5)

    let blocked = harness.serviceError { () throws(TwinBackendError) in
      try backend.deleteTwin("d1", ifMatch: nil)
    }
    #expect(blocked?.code == "RelationshipsNotDeleted")
    #expect(blocked?.status == 400)
    try backend.deleteRelationship(source: "d2", id: "d2-feeds-d1", ifMatch: newEtag)
    let deleted = harness.serviceError { () throws(TwinBackendError) in
      _ = try backend.relationship(source: "d2", id: "d2-feeds-d1")
    }
    #expect(deleted?.code == "RelationshipNotFound")
    #expect(try backend.listIncomingRelationships(target: "d1").count == 3)
  }

  @Test("queries page with tokens", arguments: BackendKind.allCases)
  func queryPaging(kind: BackendKind) throws {
    let harness = try BackendHarness(kind)
    try harness.uploadModels()
    let backend = harness.backend
    for index in 0..<130 {
      let id = "dev-" + String(1000 + index)
      let body = BackendFixtures.device(["load": .number(Double(index))])
      _ = try backend.createOrReplaceTwin(id, body, ifNoneMatch: nil)
    }
    let text = "SELECT * FROM DIGITALTWINS T WHERE T.load >= 10"
    let first = try backend.query(text, continuationToken: nil)
    #expect(first.rows.count == 100)
    let token = try #require(first.continuationToken)
    let second = try backend.query(text, continuationToken: token)
    #expect(second.rows.count == 20)
    #expect(second.continuationToken == nil)
    let all = try backend.queryAll(text)
    #expect(all.count == 120)
    #expect(all.first?[member: "$dtId"] == "dev-1010")
    let count = try backend.queryAll("SELECT COUNT() FROM DIGITALTWINS")
    #expect(count == [["COUNT": 130]])
  }

  @Test("telemetry needs an existing twin", arguments: BackendKind.allCases)
  func telemetry(kind: BackendKind) throws {
    let harness = try BackendHarness(kind)
    try harness.uploadModels()
    let backend = harness.backend
    _ = try backend.createOrReplaceTwin("d1", BackendFixtures.device(), ifNoneMatch: nil)
    try backend.publishTelemetry(twinId: "d1", ["load": 0.7])
    let missing = harness.serviceError { () throws(TwinBackendError) in
      try backend.publishTelemetry(twinId: "ghost", ["load": 0.7])
    }
    #expect(missing?.code == "DigitalTwinNotFound")
  }

  @Test("faulty server retries same results")
  func faultsAreRetried() throws {
    // The suite above already runs with faults. This test checks that faults were injected,
    // that retries absorbed them, and that the state equals a run without faults.
    var states: [BackendKind: [JSONValue]] = [:]
    var harnesses: [BackendHarness] = []
    for kind in [BackendKind.rest, .restWithFaults] {
      let harness = try BackendHarness(kind)
      harnesses.append(harness)
      try harness.uploadModels()
      for index in 0..<40 {
        let id = "d\(index)"
        let created = try harness.backend.createOrReplaceTwin(
          id, BackendFixtures.device(), ifNoneMatch: nil)
        let etag = try #require(created[member: "$etag"]?.stringValue)
        let patch: JSONValue = [["op": "add", "path": "/load", "value": .number(Double(index))]]
        try harness.backend.updateTwin(id, patch: patch, ifMatch: etag)
      }
      let rows = try harness.backend.queryAll("SELECT T.$dtId, T.load FROM DIGITALTWINS T")
      states[kind] = rows
    }
    let faulty = harnesses[1]
    let counts = try #require(faulty.injector?.counts)
    #expect(counts.throttles + counts.unavailable > 0)
    #expect(faulty.backend.retryCount == counts.throttles + counts.unavailable)
    #expect(harnesses[0].backend.retryCount == 0)
    #expect(states[.rest]?.count == 40)
    #expect(states[.rest] == states[.restWithFaults])
  }
}
