import Foundation
import Testing
import TwinLabModel
import TwinLabTwins

/// The backends the behaviour suite runs against.
enum BackendKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
  /// The embedded store, called directly.
  case embedded
  /// `RESTBackend` over a loopback `HTTPServer` running the service router.
  case rest
  /// The same, with a fault injector that responds 429 to 10 % of requests and 503 to 5 %.
  case restWithFaults

  var testDescription: String { rawValue }
}

/// A fresh backend of one kind, with the server behind it when there is one.
final class BackendHarness {
  let kind: BackendKind
  let backend: any TwinBackend
  let server: HTTPServer?
  let router: TwinServiceRouter?
  let injector: FaultInjector?

  /// Items per page of the router's lists: small, so a few items already take several pages.
  static let listPageSize = 2

  init(_ kind: BackendKind) throws {
    self.kind = kind
    guard kind != .embedded else {
      backend = try EmbeddedBackend()
      server = nil
      router = nil
      injector = nil
      return
    }
    let router = TwinServiceRouter(listPageSize: Self.listPageSize)
    var injector: FaultInjector?
    var handler = router.handler
    if kind == .restWithFaults {
      let faults = FaultInjector(
        spec: try FaultSpec(parsing: "429=0.1,503=0.05"), seed: 20_261_204)
      handler = faults.wrap(handler)
      injector = faults
    }
    let server = try HTTPServer(handler: handler)
    // Ten attempts make a request that fails every one of them (0.15^10) practically
    // impossible; the sleeper skips the waits, which the retry tests measure elsewhere.
    let client = try HTTPClient(
      configuration: HTTPClientConfiguration(retryPolicy: RetryPolicy(maxAttempts: 10)),
      sleep: { _ in })
    self.backend = try RESTBackend(endpoint: server.baseURL, client: client)
    self.server = server
    self.router = router
    self.injector = injector
  }

  deinit {
    server?.stop()
  }

  /// Uploads the fixture models.
  func uploadModels() throws {
    _ = try backend.uploadModels([try JSONValue(parsing: BackendFixtures.models)])
  }

  /// Runs `body` and returns the service error it throws, or records an issue.
  func serviceError(
    _ body: () throws(TwinBackendError) -> Void,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) -> TwinStoreError? {
    do {
      try body()
      Issue.record("expected a service error from \(kind)", sourceLocation: sourceLocation)
    } catch {
      if case .service(let serviceError) = error { return serviceError }
      Issue.record("expected a service error, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
  }
}

/// DTDL models and twin bodies for the behaviour suite.
enum BackendFixtures {
  static let room = "dtmi:rest:Room;1"
  static let thermostat = "dtmi:rest:Thermostat;1"
  static let device = "dtmi:rest:Device;1"

  static let models = """
    [
      {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:rest:Thermostat;1", "@type": "Interface",
       "contents": [{"@type": "Property", "name": "setPoint", "schema": "double"}]},
      {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:rest:Device;1", "@type": "Interface",
       "contents": [
         {"@type": "Property", "name": "status", "schema": "string"},
         {"@type": "Property", "name": "load", "schema": "double"},
         {"@type": "Relationship", "name": "feeds", "target": "dtmi:rest:Device;1",
          "properties": [{"@type": "Property", "name": "rate", "schema": "double"}]}]},
      {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:rest:Room;1", "@type": "Interface",
       "contents": [
         {"@type": "Property", "name": "name", "schema": "string"},
         {"@type": "Property", "name": "temp", "schema": "double"},
         {"@type": "Component", "name": "thermostat", "schema": "dtmi:rest:Thermostat;1"},
         {"@type": "Relationship", "name": "contains", "target": "dtmi:rest:Device;1"}]}
    ]
    """

  static func device(_ properties: JSONObject = [:]) -> JSONValue {
    var body = properties
    body["$metadata"] = .object(["$model": .string(device)])
    return .object(body)
  }

  static func room(_ properties: JSONObject = [:]) -> JSONValue {
    var body = properties
    body["thermostat"] = .object(["$metadata": .object([:])])
    body["$metadata"] = .object(["$model": .string(room)])
    return .object(body)
  }

  static func relationship(_ name: String, to target: String) -> JSONValue {
    .object(["$relationshipName": .string(name), "$targetId": .string(target)])
  }

  static func json(_ text: String) throws -> JSONValue {
    try JSONValue(parsing: text)
  }
}

extension JSONValue {
  /// The member `key` of an object, or `nil`.
  subscript(member key: String) -> JSONValue? {
    guard case .object(let object) = self else { return nil }
    return object[key]
  }

  /// The string value, or `nil`.
  var stringValue: String? {
    guard case .string(let text) = self else { return nil }
    return text
  }
}
