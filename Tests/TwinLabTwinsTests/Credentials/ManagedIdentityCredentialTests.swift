import Foundation
import Testing
import TwinLabTwins

@Suite("Managed identity credential")
struct ManagedIdentityCredentialTests {
  static let identityHeader = "header-secret-123"

  struct Expiry: Sendable, CustomTestStringConvertible {
    var field: String
    var expected: Date
    var testDescription: String { field }
  }

  static let now = Date(timeIntervalSince1970: 1_800_000_000)

  static let expiries = [
    Expiry(
      field: #""expires_on":1800003600"#, expected: Date(timeIntervalSince1970: 1_800_003_600)),
    Expiry(
      field: #""expires_on":"1800003600""#, expected: Date(timeIntervalSince1970: 1_800_003_600)),
    Expiry(
      field: #""expires_on":"01/15/2027 09:00:00 +00:00""#,
      expected: Date(timeIntervalSince1970: 1_800_003_600)),
    Expiry(field: #""expires_in":"600""#, expected: now.addingTimeInterval(600)),
  ]

  @Test("token fetched with identity header", arguments: expiries)
  func identityHeaderSent(expiry: Expiry) throws {
    let body = #"{"access_token":"mi-token","token_type":"Bearer",\#(expiry.field)}"#
    let script = ScriptedHandler([HTTPResponse(status: 200, body: Array(body.utf8))])
    let server = try HTTPServer(handler: script.handler)
    let environment = [
      "IDENTITY_ENDPOINT": server.baseURL + "/msi/token",
      "IDENTITY_HEADER": Self.identityHeader, "PATH": "",
    ]
    let chain = try AzureCredentialChain(environment: environment)

    let token = try chain.token(at: Self.now)

    #expect(chain.name == "managed identity")
    #expect(token.secret == "mi-token")
    #expect(token.expiresOn == expiry.expected)
    let request = try #require(script.received.first)
    #expect(request.method == .get)
    #expect(request.path == "/msi/token")
    #expect(request.headers["X-IDENTITY-HEADER"] == Self.identityHeader)
    #expect(request.queryValue("api-version") == "2019-08-01")
    #expect(request.queryValue("resource") == "https://digitaltwins.azure.net")
    #expect(request.queryValue("client_id") == nil)
  }

  @Test("user assigned identity sends client id")
  func userAssignedClientID() throws {
    let body = #"{"access_token":"mi-token","expires_in":60}"#
    let script = ScriptedHandler([HTTPResponse(status: 200, body: Array(body.utf8))])
    let server = try HTTPServer(handler: script.handler)
    let environment = [
      "IDENTITY_ENDPOINT": server.baseURL + "/msi/token?x=1", "IDENTITY_HEADER": "h",
      "AZURE_CLIENT_ID": "uami-1",
    ]

    _ = try AzureCredentialChain(environment: environment).token(at: Self.now)

    let request = try #require(script.received.first)
    #expect(request.queryValue("client_id") == "uami-1")
    #expect(request.queryValue("x") == "1")
  }

  @Test("rejection hides the identity header")
  func rejectionScrubbed() throws {
    let body = #"{"error":{"code":"Forbidden","message":"bad header header-secret-123"}}"#
    let script = ScriptedHandler([HTTPResponse(status: 403, body: Array(body.utf8))])
    let server = try HTTPServer(handler: script.handler)
    let credential = try ManagedIdentityCredential(
      endpoint: server.baseURL + "/msi/token", identityHeader: Self.identityHeader)

    let error = #expect(throws: CredentialError.self) { try credential.token(at: Self.now) }

    #expect(
      error
        == .rejected(
          source: "managed identity", status: 403, code: "Forbidden",
          detail: "bad header [redacted]"))
    for text in producedStrings(of: error as Any) {
      #expect(!text.contains(Self.identityHeader))
    }
  }

  @Test(
    "answer without token rejected",
    arguments: [
      #"{"expires_in":60}"#, #"{"access_token":"t"}"#, "not json",
    ])
  func invalidAnswer(body: String) throws {
    let server = try HTTPServer { _ in HTTPResponse(status: 200, body: Array(body.utf8)) }
    let credential = try ManagedIdentityCredential(
      endpoint: server.baseURL + "/msi/token", identityHeader: "h")

    let error = #expect(throws: CredentialError.self) { try credential.token(at: Self.now) }

    guard case .invalidResponse(let source, _) = error else {
      Issue.record("expected invalidResponse, got \(String(describing: error))")
      return
    }
    #expect(source == "managed identity")
  }

  @Test(
    "non-loopback http endpoint rejected",
    arguments: [
      "http://169.254.169.254/metadata/identity/oauth2/token", "http://identity.invalid/token",
      "ftp://127.0.0.1/token", "not a url",
    ])
  func insecureEndpoint(endpoint: String) {
    let error = #expect(throws: CredentialError.self) {
      try ManagedIdentityCredential(endpoint: endpoint, identityHeader: "h")
    }

    switch error {
    case .insecureEndpoint(let variable, _), .invalidSetting(let variable, _, _):
      #expect(variable == "IDENTITY_ENDPOINT")
    default:
      Issue.record("unexpected error \(String(describing: error))")
    }
  }
}
