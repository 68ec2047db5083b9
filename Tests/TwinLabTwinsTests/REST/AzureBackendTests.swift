import Foundation
import Synchronization
import Testing
import TwinLabModel

@testable import TwinLabTwins

/// The `azure` backend: endpoint checks, token wiring and token secrecy. Requests go only to
/// loopback stand-ins; the configured `*.digitaltwins.azure.net` endpoints are checked but
/// never contacted.
@Suite("Azure backend")
struct AzureBackendTests {
  static let endpoint = "https://lab.api.wcus.digitaltwins.azure.net"

  /// A service stand-in: the router behind a check that accepts only the bearer tokens in
  /// `accepted`, responding 401 to others, and that records the tokens it saw.
  final class Service: Sendable {
    let router = TwinServiceRouter()
    private let record: Record
    let server: HTTPServer

    /// The accepted headers and the headers seen, shared with the server's handler.
    final class Record: Sendable {
      let state: Mutex<(accepted: Set<String>, seen: [String])>

      init(accepted: Set<String>) {
        state = Mutex((accepted, []))
      }
    }

    init(accepting accepted: Set<String>) throws {
      let record = Record(accepted: accepted)
      let router = self.router
      server = try HTTPServer { request in
        let header = request.headers["Authorization"] ?? ""
        let isAccepted = record.state.withLock { state in
          state.seen.append(header)
          return state.accepted.contains(header)
        }
        guard isAccepted else {
          // A careless server that echoes the credential, to check the client scrubs it.
          return .error(
            status: 401, code: "Unauthorized", message: "The token in '\(header)' is not valid.")
        }
        return router.handle(request)
      }
      self.record = record
    }

    var seen: [String] { record.state.withLock { $0.seen } }
  }

  /// A client-secret token endpoint that hands out `aad-token-1`, `aad-token-2`, ...
  final class TokenServer: Sendable {
    private let counter: Counter
    let server: HTTPServer

    final class Counter: Sendable {
      let count = Mutex(0)
    }

    init() throws {
      let counter = Counter()
      server = try HTTPServer { _ in
        let number = counter.count.withLock { count in
          count += 1
          return count
        }
        let body =
          #"{"token_type":"Bearer","expires_in":3599,"access_token":"aad-token-\#(number)"}"#
        return HTTPResponse(status: 200, body: Array(body.utf8))
      }
      self.counter = counter
    }

    var requests: Int { counter.count.withLock { $0 } }

    var environment: [String: String] {
      [
        "AZURE_TENANT_ID": "contoso", "AZURE_CLIENT_ID": "app-1",
        "AZURE_CLIENT_SECRET": "client-secret-value", "AZURE_AUTHORITY_HOST": server.baseURL,
        "PATH": "",
      ]
    }
  }

  static func client() throws -> HTTPClient {
    try HTTPClient(configuration: HTTPClientConfiguration(retryPolicy: .none))
  }

  @Test(
    "valid endpoints are accepted",
    arguments: [
      (
        "https://lab.api.wcus.digitaltwins.azure.net", "https://lab.api.wcus.digitaltwins.azure.net"
      ),
      (
        "https://lab.api.wcus.digitaltwins.azure.net/",
        "https://lab.api.wcus.digitaltwins.azure.net"
      ),
      ("HTTPS://Lab.API.weu.DigitalTwins.Azure.NET", "https://lab.api.weu.digitaltwins.azure.net"),
    ])
  func validEndpoint(endpoint: String, location: String) throws {
    let tokens = TokenCache(
      credential: try AzureCredentialChain(environment: ["AZURE_DIGITAL_TWINS_TOKEN": "t"]))
    let backend = try RESTBackend.azure(endpoint: endpoint, tokens: tokens, client: Self.client())
    #expect(backend.kind == "azure")
    #expect(backend.location == location)
    #expect(tokens.fetchCount == 0)
  }

  @Test(
    "other endpoints are rejected",
    arguments: [
      "http://lab.api.wcus.digitaltwins.azure.net",
      "https://127.0.0.1",
      "https://example.com",
      "https://digitaltwins.azure.net.example.com",
      "https://.digitaltwins.azure.net",
      "https://lab.api.wcus.digitaltwins.azure.net:8443",
      "https://user:pw@lab.api.wcus.digitaltwins.azure.net",
      "https://lab.api.wcus.digitaltwins.azure.net/models",
      "https://lab.api.wcus.digitaltwins.azure.net?api-version=1",
      "lab.api.wcus.digitaltwins.azure.net",
      "",
    ])
  func invalidEndpoint(endpoint: String) throws {
    // An empty environment has no credential either; the endpoint error must come first.
    let error = #expect(throws: TwinBackendError.self) {
      try RESTBackend.azure(endpoint: endpoint, environment: [:], client: Self.client())
    }
    guard case .configuration(let message)? = error else {
      Issue.record("expected a configuration error, got \(String(describing: error))")
      return
    }
    #expect(message.contains("invalid Azure endpoint"))
    #expect(message.contains(".digitaltwins.azure.net"))
    #expect(!message.contains("pw@"))
  }

  @Test("missing credential is configuration error")
  func missingCredential() throws {
    let error = #expect(throws: TwinBackendError.self) {
      try RESTBackend.azure(
        endpoint: Self.endpoint, environment: ["PATH": ""], client: Self.client())
    }
    guard case .configuration(let message)? = error else {
      Issue.record("expected a configuration error, got \(String(describing: error))")
      return
    }
    #expect(message.contains("AZURE_DIGITAL_TWINS_TOKEN"))
  }

  @Test("401 fetches one new token")
  func refreshOn401() throws {
    let tokenServer = try TokenServer()
    // The first token counts as revoked; the second one works.
    let service = try Service(accepting: ["Bearer aad-token-2"])
    let chain = try AzureCredentialChain(environment: tokenServer.environment)
    let backend = try RESTBackend.azure(
      endpoint: Self.endpoint, tokens: TokenCache(credential: chain), client: Self.client(),
      sendingTo: service.server.baseURL)

    let models = try backend.uploadModels([try JSONValue(parsing: BackendFixtures.models)])
    _ = try backend.createOrReplaceTwin("d1", BackendFixtures.device(), ifNoneMatch: nil)
    let twin = try backend.twin("d1")

    #expect(models.count == 3)
    #expect(twin[member: "$dtId"] == "d1")
    #expect(tokenServer.requests == 2)
    #expect(
      service.seen == [
        "Bearer aad-token-1", "Bearer aad-token-2", "Bearer aad-token-2", "Bearer aad-token-2",
      ])
    #expect(backend.location == Self.endpoint)
  }

  @Test("second 401 is a service error")
  func repeated401() throws {
    let tokenServer = try TokenServer()
    let service = try Service(accepting: [])
    let chain = try AzureCredentialChain(environment: tokenServer.environment)
    let backend = try RESTBackend.azure(
      endpoint: Self.endpoint, tokens: TokenCache(credential: chain), client: Self.client(),
      sendingTo: service.server.baseURL)

    let error = #expect(throws: TwinBackendError.self) { try backend.twin("d1") }

    #expect(tokenServer.requests == 2)
    guard case .service(let serviceError)? = error else {
      Issue.record("expected a service error, got \(String(describing: error))")
      return
    }
    #expect(serviceError.status == 401)
    #expect(serviceError.code == "Unauthorized")
    #expect(!serviceError.message.contains("aad-token"))
  }

  @Test("failing requests never show token")
  func tokenNeverShown() throws {
    let token = "eyJ0eXAiOiJKV1QifQ.azure-leak-check.signature"
    let environment = ["AZURE_DIGITAL_TWINS_TOKEN": token, "PATH": ""]
    let service = try Service(accepting: [])
    let tokens = TokenCache(credential: try AzureCredentialChain(environment: environment))
    let backend = try RESTBackend.azure(
      endpoint: Self.endpoint, tokens: tokens, client: Self.client(),
      sendingTo: service.server.baseURL)
    var produced: [String] = []

    let calls: [() throws -> Void] = [
      { _ = try backend.twin("d1") },
      { _ = try backend.listModels() },
      { _ = try backend.query("SELECT * FROM DIGITALTWINS", continuationToken: nil) },
      {
        try backend.updateTwin(
          "d1", patch: [["op": "add", "path": "/a", "value": 1]], ifMatch: nil)
      },
      { try backend.publishTelemetry(twinId: "d1", ["a": 1]) },
    ]
    for call in calls {
      do {
        try call()
        Issue.record("expected the stand-in to reject the token")
      } catch {
        produced += producedStrings(of: error)
      }
    }
    service.server.stop()
    do {
      _ = try backend.twin("d1")
      Issue.record("expected the stopped stand-in to refuse the connection")
    } catch {
      produced += producedStrings(of: error)
    }
    produced += producedStrings(of: backend)
    produced += producedStrings(of: tokens)

    #expect(service.seen.contains("Bearer " + token))
    #expect(produced.count >= 20)
    for text in produced {
      #expect(!text.contains(token), "leaked in: \(text.prefix(160))")
      #expect(!text.contains("azure-leak-check"))
    }
  }
}
