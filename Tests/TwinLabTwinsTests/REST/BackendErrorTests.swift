import Foundation
import Testing
import TwinLabModel
import TwinLabTwins

/// A bad request of one class, run against a backend holding the fixture models, the twins
/// `room`, `d1` and `d2`, and the relationship `room`/`has-d1`.
enum BadInput: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case movePatch, copyPatch, testPatch, replaceUnset, undefinedProperty, wrongType
  case unknownModel, missingModel, relationshipName, relationshipTarget, missingTarget
  case selfLoop, twinIdTooLong, relationshipIdTooLong, oversizedTwin, querySyntax
  case badContinuationToken, missingTwinPatch

  var testDescription: String { rawValue }

  /// The status and code `kind` must return. Over HTTP a body over 32 KB is rejected by the
  /// server before it reaches the store, with 413 instead of the store's 400.
  func expected(on kind: BackendKind) -> (status: Int, code: String) {
    if self == .oversizedTwin && kind != .embedded { return (413, "PayloadTooLarge") }
    return switch self {
    case .movePatch, .copyPatch, .testPatch, .replaceUnset: (400, "JsonPatchInvalid")
    case .undefinedProperty, .wrongType, .unknownModel, .missingModel: (400, "ValidationFailed")
    case .relationshipName, .relationshipTarget: (400, "InvalidRelationship")
    case .missingTarget: (404, "TargetDigitalTwinNotFound")
    case .selfLoop: (400, "OperationNotAllowed")
    case .twinIdTooLong, .relationshipIdTooLong: (400, "InvalidArgument")
    case .oversizedTwin: (400, "LimitExceeded")
    case .querySyntax: (400, "SqlQueryError")
    case .badContinuationToken: (400, "BadRequest")
    case .missingTwinPatch: (404, "DigitalTwinNotFound")
    }
  }

  /// Sends the bad request. With `conditional`, patches carry the twin's current etag in
  /// `If-Match`, which lets the client retry them after an injected 429 or 503.
  func run(on backend: any TwinBackend, conditional: Bool) throws(TwinBackendError) {
    func patch(_ operation: JSONValue) throws(TwinBackendError) {
      let etag = conditional ? try backend.twin("d1")[member: "$etag"]?.stringValue : nil
      try backend.updateTwin("d1", patch: .array([operation]), ifMatch: etag)
    }
    let longId = String(repeating: "x", count: TwinStore.maxIdBytes + 1)
    switch self {
    case .movePatch:
      try patch(["op": "move", "from": "/status", "path": "/load"])
    case .copyPatch:
      try patch(["op": "copy", "from": "/status", "path": "/load"])
    case .testPatch:
      try patch(["op": "test", "path": "/load", "value": 1])
    case .replaceUnset:
      try patch(["op": "replace", "path": "/load", "value": 1])
    case .undefinedProperty:
      try patch(["op": "add", "path": "/colour", "value": "red"])
    case .wrongType:
      try patch(["op": "add", "path": "/load", "value": "heavy"])
    case .unknownModel:
      _ = try backend.createOrReplaceTwin(
        "d9", ["$metadata": ["$model": "dtmi:rest:Nothing;1"]], ifNoneMatch: nil)
    case .missingModel:
      _ = try backend.createOrReplaceTwin("d9", ["load": 1], ifNoneMatch: nil)
    case .relationshipName:
      _ = try backend.createOrReplaceRelationship(
        source: "d1", id: "r", BackendFixtures.relationship("owns", to: "d2"), ifNoneMatch: nil)
    case .relationshipTarget:
      _ = try backend.createOrReplaceRelationship(
        source: "d1", id: "r", BackendFixtures.relationship("feeds", to: "room"),
        ifNoneMatch: nil)
    case .missingTarget:
      _ = try backend.createOrReplaceRelationship(
        source: "d1", id: "r", BackendFixtures.relationship("feeds", to: "ghost"),
        ifNoneMatch: nil)
    case .selfLoop:
      _ = try backend.createOrReplaceRelationship(
        source: "d1", id: "r", BackendFixtures.relationship("feeds", to: "d1"), ifNoneMatch: nil)
    case .twinIdTooLong:
      _ = try backend.createOrReplaceTwin(longId, BackendFixtures.device(), ifNoneMatch: nil)
    case .relationshipIdTooLong:
      _ = try backend.createOrReplaceRelationship(
        source: "d1", id: longId, BackendFixtures.relationship("feeds", to: "d2"),
        ifNoneMatch: nil)
    case .oversizedTwin:
      let name = String(repeating: "n", count: TwinStore.maxBodyBytes / 2)
      _ = try backend.createOrReplaceTwin(
        "d9", BackendFixtures.device(["status": .string(name + name)]), ifNoneMatch: nil)
    case .querySyntax:
      _ = try backend.query("SELECT * FROM", continuationToken: nil)
    case .badContinuationToken:
      _ = try backend.query("", continuationToken: "not-a-token")
    case .missingTwinPatch:
      let operation: JSONValue = ["op": "add", "path": "/load", "value": 1]
      // The store reports the missing twin before it compares etags, so any etag will do.
      try backend.updateTwin("ghost", patch: [operation], ifMatch: conditional ? "W/\"0\"" : nil)
    }
  }
}

@Suite("Backend errors")
struct BackendErrorTests {
  static func seeded(_ kind: BackendKind) throws -> BackendHarness {
    let harness = try BackendHarness(kind)
    try harness.uploadModels()
    let backend = harness.backend
    _ = try backend.createOrReplaceTwin("room", BackendFixtures.room(), ifNoneMatch: nil)
    _ = try backend.createOrReplaceTwin(
      "d1", BackendFixtures.device(["status": "Idle"]), ifNoneMatch: nil)
    _ = try backend.createOrReplaceTwin("d2", BackendFixtures.device(), ifNoneMatch: nil)
    _ = try backend.createOrReplaceRelationship(
      source: "room", id: "has-d1", BackendFixtures.relationship("contains", to: "d1"),
      ifNoneMatch: nil)
    return harness
  }

  @Test("bad input gets service code", arguments: BackendKind.allCases, BadInput.allCases)
  func badInput(kind: BackendKind, input: BadInput) throws {
    let harness = try Self.seeded(kind)
    let before = try harness.backend.queryAll("SELECT * FROM DIGITALTWINS")

    let error = harness.serviceError { () throws(TwinBackendError) in
      try input.run(on: harness.backend, conditional: kind == .restWithFaults)
    }

    #expect(error?.status == input.expected(on: kind).status, "\(String(describing: error))")
    #expect(error?.code == input.expected(on: kind).code, "\(String(describing: error))")
    #expect(error?.message.isEmpty == false)
    #expect(try harness.backend.queryAll("SELECT * FROM DIGITALTWINS") == before)
  }
}

@Suite("REST retry rules")
struct RESTRetryRuleTests {
  /// A backend whose server responds 503 to every request.
  static func unavailable() throws -> (HTTPServer, RESTBackend) {
    let faults = FaultInjector(spec: FaultSpec(unavailableRate: 1), seed: 1)
    let server = try HTTPServer(handler: faults.wrap(TwinServiceRouter().handler))
    let client = try HTTPClient(
      configuration: HTTPClientConfiguration(retryPolicy: RetryPolicy(maxAttempts: 3)),
      sleep: { _ in })
    return (server, try RESTBackend(endpoint: server.baseURL, client: client))
  }

  @Test(
    "patch retried only with If-Match",
    arguments: [
      ("add", nil, 0), ("replace", nil, 0), ("remove", nil, 0), ("move", nil, 0),
      ("add", "W/\"x\"", 2), ("remove", "W/\"x\"", 2),
    ] as [(String, String?, Int)])
  func patchRetries(operation: String, ifMatch: String?, retries: Int) throws {
    let (server, backend) = try Self.unavailable()
    defer { server.stop() }
    let patch: JSONValue = [["op": .string(operation), "path": "/load", "value": 1]]

    #expect(throws: TwinBackendError.self) {
      try backend.updateTwin("d1", patch: patch, ifMatch: ifMatch)
    }

    #expect(backend.retryCount == retries)
  }

  @Test("service error body maps to error")
  func serviceErrorMapped() throws {
    let (server, backend) = try Self.unavailable()
    defer { server.stop() }

    let error = #expect(throws: TwinBackendError.self) { try backend.twin("d1") }

    #expect(
      error
        == .service(
          TwinStoreError(
            status: 503, code: "ServiceUnavailable",
            message: "The service is unavailable; fault injected.")))
    #expect(backend.retryCount == 2)
  }

  @Test("stopped server is transport error")
  func transportFailure() throws {
    let (server, backend) = try Self.unavailable()
    server.stop()

    let error = #expect(throws: TwinBackendError.self) { try backend.listModels() }

    guard case .transport(let message)? = error else {
      Issue.record("expected a transport error, got \(String(describing: error))")
      return
    }
    #expect(message.contains("127.0.0.1"))
  }
}
