import Foundation
import Testing
import TwinLabModel
import TwinLabTwins

@Suite("Telemetry ingest")
struct IngestTests {
  typealias Fixture = TwinServiceRouterTests.Fixture

  static func twin(_ fixture: Fixture, _ id: String) throws -> JSONValue {
    try JSONValue(parsing: try fixture.send(.get, "/digitaltwins/\(id)").body)
  }

  @Test("all items applied gives 200")
  func allApplied() throws {
    let fixture = try Fixture()
    // d1 starts with status set, so the batch replaces it and adds load.
    _ = try fixture.send(
      .patch, "/digitaltwins/d1", #"[{"op": "add", "path": "/status", "value": "Idle"}]"#)
    let body = """
      {"telemetry": [
        {"twin_id": "d1", "properties": {"status": "Running", "load": 0.5}},
        {"twin_id": "d2", "properties": {"load": 0.25}},
        {"twin_id": "d1", "properties": {"load": 0.75}}]}
      """

    let response = try fixture.send(.post, "/ingest", body, apiVersion: false)

    #expect(response.status == 200, "\(response.bodyText)")
    #expect(try JSONValue(parsing: response.body) == ["applied": 3])
    let d1 = try Self.twin(fixture, "d1")
    #expect(d1[member: "status"] == "Running")
    #expect(d1[member: "load"] == 0.75)
    #expect(try Self.twin(fixture, "d2")[member: "load"] == 0.25)
  }

  @Test("failed items give 207")
  func someFailed() throws {
    let fixture = try Fixture()
    let body = """
      {"telemetry": [
        {"twin_id": "d1", "properties": {"load": 0.5}},
        {"twin_id": "ghost", "properties": {"load": 0.5}},
        {"twin_id": "d2", "properties": {"load": "heavy"}},
        {"twin_id": "d2", "properties": {"colour": "red"}}]}
      """

    let response = try fixture.send(.post, "/ingest", body, apiVersion: false)

    #expect(response.status == 207)
    let result = try JSONValue(parsing: response.body)
    #expect(result[member: "applied"] == 1)
    #expect(result[member: "failed"] == 3)
    guard case .array(let errors)? = result[member: "errors"] else {
      Issue.record("no errors array in \(response.bodyText)")
      return
    }
    #expect(errors.map { $0[member: "index"] } == [1, 2, 3])
    #expect(errors.map { $0[member: "twin_id"] } == ["ghost", "d2", "d2"])
    let codes = errors.map { $0[member: "error"]?[member: "code"] }
    #expect(codes == ["DigitalTwinNotFound", "ValidationFailed", "ValidationFailed"])
    #expect(try Self.twin(fixture, "d1")[member: "load"] == 0.5)
    #expect(try Self.twin(fixture, "d2")[member: "load"] == nil)
  }

  @Test(
    "bad ingest body gives 400",
    arguments: [
      "{not json",
      "[]",
      #"{"items": []}"#,
      #"{"telemetry": [{"properties": {"load": 1}}]}"#,
      #"{"telemetry": [{"twin_id": "d1"}]}"#,
      #"{"telemetry": [{"twin_id": "d1", "properties": {}}]}"#,
      #"{"telemetry": ["d1"]}"#,
    ])
  func badBody(body: String) throws {
    let fixture = try Fixture()
    let before = try Self.twin(fixture, "d1")

    let response = try fixture.send(.post, "/ingest", body, apiVersion: false)

    #expect(response.status == 400)
    #expect(TwinServiceRouterTests.code(response) == "InvalidArgument")
    #expect(try Self.twin(fixture, "d1") == before)
  }

  @Test("ingest accepts only POST")
  func onlyPost() throws {
    let fixture = try Fixture(seeded: false)
    let response = try fixture.send(.get, "/ingest", apiVersion: false)
    #expect(response.status == 405)
    #expect(response.headers["Allow"] == "POST")
  }
}
