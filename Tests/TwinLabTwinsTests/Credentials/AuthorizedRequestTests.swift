import Foundation
import Testing
import TwinLabTwins

@Suite("Authorized requests")
struct AuthorizedRequestTests {
  /// Accepts only `Bearer token-N` for the given numbers.
  static func server(accepting accepted: Set<String>) throws -> (HTTPServer, ScriptedHandler) {
    let recorder = ScriptedHandler([HTTPResponse(status: 200)])
    let record = recorder.handler
    let server = try HTTPServer { request in
      _ = record(request)
      let authorization = request.headers["Authorization"] ?? ""
      return accepted.contains(authorization)
        ? HTTPResponse(status: 200)
        : .error(status: 401, code: "Unauthorized", message: "token rejected")
    }
    return (server, recorder)
  }

  @Test("401 refreshes the token once")
  func refreshAfterUnauthorized() throws {
    let (server, recorder) = try Self.server(accepting: ["Bearer token-2"])
    let credential = CountingCredential(lifetime: 3600)
    let tokens = TokenCache(credential: credential)
    let client = try HTTPClient()
    let request = HTTPClientRequest(method: .get, url: server.baseURL + "/digitaltwins/a")

    let first = try client.send(request, authorizedBy: tokens)
    let second = try client.send(request, authorizedBy: tokens)

    #expect(first.status == 200)
    #expect(second.status == 200)
    #expect(credential.fetches == 2)
    #expect(
      recorder.received.map { $0.headers["Authorization"] } == [
        "Bearer token-1", "Bearer token-2", "Bearer token-2",
      ])
  }

  @Test("second 401 is returned")
  func secondUnauthorizedReturned() throws {
    let (server, recorder) = try Self.server(accepting: [])
    let credential = CountingCredential(lifetime: 3600)
    let client = try HTTPClient()
    let request = HTTPClientRequest(method: .get, url: server.baseURL + "/digitaltwins/a")

    let response = try client.send(request, authorizedBy: TokenCache(credential: credential))

    #expect(response.status == 401)
    #expect(recorder.received.count == 2)
    #expect(credential.fetches == 2)
  }

  @Test("credential failure is reported")
  func credentialFailure() throws {
    let chain = try AzureCredentialChain(
      environment: [
        "IDENTITY_ENDPOINT": "http://127.0.0.1:1/msi/token", "IDENTITY_HEADER": "h",
      ], httpConfiguration: HTTPClientConfiguration(retryPolicy: .none))
    let client = try HTTPClient()
    let request = HTTPClientRequest(method: .get, url: "http://127.0.0.1:1/digitaltwins/a")

    let error = #expect(throws: AuthorizedRequestError.self) {
      try client.send(request, authorizedBy: TokenCache(credential: chain))
    }

    guard case .credential(.requestFailed(let source, _)) = error else {
      Issue.record("expected a credential error, got \(String(describing: error))")
      return
    }
    #expect(source == "managed identity")
  }
}
