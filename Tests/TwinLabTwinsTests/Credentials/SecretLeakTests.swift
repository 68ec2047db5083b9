import Foundation
import Testing
import TwinLabTwins

@Suite("Secret leaks")
struct SecretLeakTests {
  static let token = "eyJ0eXAiOiJKV1QifQ.leak-check-token.signature"

  @Test("token absent from every output")
  func tokenNeverPrinted() throws {
    let accessToken = AccessToken(secret: Self.token, expiresOn: Date(timeIntervalSince1970: 0))
    let server = try HTTPServer { request in
      .error(status: 401, code: "Unauthorized", message: "no access for this caller")
    }
    let client = try HTTPClient(configuration: HTTPClientConfiguration(retryPolicy: .none))
    let headers: HTTPHeaders = ["Authorization": accessToken.authorizationHeader]
    var produced: [String] = producedStrings(of: accessToken)

    let rejected = try client.send(.get, server.baseURL + "/digitaltwins/a", headers: headers)
    produced += producedStrings(of: rejected)
    server.stop()
    do {
      _ = try client.send(
        .get, server.baseURL + "/digitaltwins/a?token=\(Self.token)", headers: headers)
      Issue.record("expected the stopped server to refuse the connection")
    } catch {
      produced += producedStrings(of: error)
    }
    do {
      _ = try client.send(.get, "http://127.0.0.1:1/?x=1", headers: ["X-Bad": Self.token + "\n"])
      Issue.record("expected an invalid header error")
    } catch {
      produced += producedStrings(of: error)
    }

    #expect(rejected.status == 401)
    #expect(produced.count >= 10)
    for text in produced {
      #expect(!text.contains(Self.token), "leaked in: \(text.prefix(120))")
      #expect(!text.contains("leak-check-token"))
    }
  }

  @Test("cache and chain never show token")
  func cacheDescriptions() throws {
    let chain = try AzureCredentialChain(environment: ["AZURE_DIGITAL_TWINS_TOKEN": Self.token])
    let cache = TokenCache(credential: chain)
    let token = try cache.token()

    let produced =
      producedStrings(of: token) + producedStrings(of: chain)
      + producedStrings(of: cache) + ["\(token)", "\([token])"]

    #expect(token.secret == Self.token)
    for text in produced {
      #expect(!text.contains("leak-check-token"), "leaked in: \(text.prefix(120))")
    }
  }

  @Test("credentials never show secrets")
  func credentialDescriptions() throws {
    let secret = "client-secret-leak-check"
    let clientSecret = try ClientSecretCredential(
      tenantID: "t", clientID: "c", clientSecret: secret, authorityHost: "http://127.0.0.1:1")
    let managedIdentity = try ManagedIdentityCredential(
      endpoint: "http://127.0.0.1:1/msi", identityHeader: secret)
    let chain = try AzureCredentialChain(environment: [
      "AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": secret,
      "AZURE_AUTHORITY_HOST": "http://localhost:1",
    ])
    let request = HTTPClientRequest(
      method: .get, url: "http://127.0.0.1:1/",
      headers: ["authorization": "Bearer " + secret, "X-IDENTITY-HEADER": secret])

    let produced =
      producedStrings(of: clientSecret) + producedStrings(of: managedIdentity)
      + producedStrings(of: chain) + producedStrings(of: request)
      + producedStrings(of: request.headers)

    #expect(request.headers["Authorization"] == "Bearer " + secret)
    for text in produced {
      #expect(!text.contains(secret), "leaked in: \(text.prefix(160))")
    }
  }
}
