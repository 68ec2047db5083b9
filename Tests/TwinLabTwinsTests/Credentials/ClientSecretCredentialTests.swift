import Foundation
import Testing
import TwinLabTwins

@Suite("Client secret credential")
struct ClientSecretCredentialTests {
  static let secret = "s3cr3t+/= value"

  static func tokenServer(
    status: Int = 200,
    body: String = #"{"token_type":"Bearer","expires_in":3599,"access_token":"aad-token"}"#
  ) throws -> (HTTPServer, ScriptedHandler) {
    let response = HTTPResponse(
      status: status, headers: ["Content-Type": "application/json"], body: Array(body.utf8))
    let script = ScriptedHandler([response])
    return (try HTTPServer(handler: script.handler), script)
  }

  static func environment(authority: String) -> [String: String] {
    [
      "AZURE_TENANT_ID": "contoso.onmicrosoft.com", "AZURE_CLIENT_ID": "app-1",
      "AZURE_CLIENT_SECRET": secret, "AZURE_AUTHORITY_HOST": authority, "PATH": "",
    ]
  }

  @Test("token fetched with form POST")
  func formPost() throws {
    let (server, script) = try Self.tokenServer()
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let chain = try AzureCredentialChain(
      environment: Self.environment(authority: server.baseURL + "/"))

    let token = try chain.token(at: now)

    #expect(chain.name == "client secret")
    #expect(token.secret == "aad-token")
    #expect(token.expiresOn == now.addingTimeInterval(3599))
    let request = try #require(script.received.first)
    #expect(request.method == .post)
    #expect(request.path == "/contoso.onmicrosoft.com/oauth2/v2.0/token")
    #expect(request.headers["Content-Type"] == "application/x-www-form-urlencoded")
    let fields = Dictionary(
      uniqueKeysWithValues: request.bodyText.split(separator: "&").map { pair in
        let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
        return (parts[0], parts.count > 1 ? parts[1].removingPercentEncoding ?? "" : "")
      })
    #expect(fields["grant_type"] == "client_credentials")
    #expect(fields["client_id"] == "app-1")
    #expect(fields["client_secret"] == Self.secret)
    #expect(fields["scope"] == "https://digitaltwins.azure.net/.default")
  }

  @Test("rejection hides the secret")
  func rejectionScrubbed() throws {
    let echoed =
      #"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret s3cr3t+/= value.\r\nTrace ID: 1"}"#
    let (server, _) = try Self.tokenServer(status: 401, body: echoed)
    let chain = try AzureCredentialChain(environment: Self.environment(authority: server.baseURL))

    let error = #expect(throws: CredentialError.self) { try chain.token(at: Date()) }

    let unwrapped = try #require(error)
    guard case .rejected(let source, let status, let code, let detail) = unwrapped else {
      Issue.record("expected rejected, got \(unwrapped)")
      return
    }
    #expect(source == "client secret")
    #expect(status == 401)
    #expect(code == "invalid_client")
    #expect(detail == "AADSTS7000215: Invalid client secret [redacted].")
    for text in producedStrings(of: unwrapped) {
      #expect(!text.contains(Self.secret))
    }
  }

  @Test(
    "non-https authority rejected",
    arguments: [
      "http://authority.invalid", "http://169.254.169.254", "https://169.254.169.254/",
      "http://127.0.0.1.example.invalid",
    ])
  func insecureAuthority(authority: String) throws {
    let error = #expect(throws: CredentialError.self) {
      try AzureCredentialChain(environment: Self.environment(authority: authority))
    }

    guard case .insecureEndpoint(let variable, _) = error else {
      Issue.record("expected insecureEndpoint, got \(String(describing: error))")
      return
    }
    #expect(variable == "AZURE_AUTHORITY_HOST")
  }

  @Test("authority without scheme uses https")
  func authorityWithoutScheme() throws {
    let credential = try ClientSecretCredential(
      tenantID: "t1", clientID: "c", clientSecret: "s", authorityHost: "login.example.invalid/")

    #expect(credential.tokenURL == "https://login.example.invalid/t1/oauth2/v2.0/token")
  }

  @Test("malformed tenant rejected", arguments: ["a/b", "x?y", "t 1"])
  func malformedTenant(tenant: String) {
    #expect(throws: CredentialError.self) {
      try ClientSecretCredential(
        tenantID: tenant, clientID: "c", clientSecret: "s", authorityHost: "http://127.0.0.1:1")
    }
  }

  @Test("unreachable authority reported")
  func unreachableAuthority() throws {
    let chain = try AzureCredentialChain(
      environment: Self.environment(authority: "http://127.0.0.1:1"),
      httpConfiguration: HTTPClientConfiguration(retryPolicy: .none))

    let error = #expect(throws: CredentialError.self) { try chain.token(at: Date()) }

    guard case .requestFailed(let source, let detail) = error else {
      Issue.record("expected requestFailed, got \(String(describing: error))")
      return
    }
    #expect(source == "client secret")
    #expect(detail.contains("connection refused by http://127.0.0.1:1/"))
  }
}
