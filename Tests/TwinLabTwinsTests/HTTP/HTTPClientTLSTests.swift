import Foundation
import Testing
import TwinLabTwins

@Suite("HTTP client over TLS")
struct HTTPClientTLSTests {
  static func makeServer() throws -> HTTPServer {
    try HTTPServer(
      configuration: HTTPServerConfiguration(tls: loopbackTLSIdentity), handler: echoHandler)
  }

  /// Writes the test certificate to a temporary file for `caBundlePath`.
  static func writeCertificate() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "twinlab-ca-\(UUID().uuidString).pem")
    try loopbackTLSIdentity.certificatePEM.write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  @Test("trusted certificate serves requests")
  func trustedCertificate() throws {
    let server = try Self.makeServer()
    let certificate = try Self.writeCertificate()
    defer { try? FileManager.default.removeItem(at: certificate) }
    let client = try HTTPClient(
      configuration: HTTPClientConfiguration(caBundlePath: certificate.path))

    for index in 0..<3 {
      let body = Array("secure \(index)".utf8)
      let response = try client.send(.put, server.baseURL + "/digitaltwins/\(index)", body: body)
      #expect(response.status == 200)
      #expect(response.body == body)
    }

    #expect(server.baseURL.hasPrefix("https://127.0.0.1:"))
    #expect(client.connectionsOpened == 1)
    #expect(server.connectionsAccepted == 1)
  }

  @Test("untrusted certificate fails verification")
  func untrustedCertificate() throws {
    let server = try Self.makeServer()
    let client = try HTTPClient(configuration: HTTPClientConfiguration(retryPolicy: .none))

    let error = #expect(throws: HTTPClientError.self) {
      try client.send(.get, server.baseURL + "/")
    }

    guard case .tls(let url, let detail) = error else {
      Issue.record("expected a TLS error, got \(String(describing: error))")
      return
    }
    #expect(url == server.baseURL + "/")
    #expect(!detail.isEmpty)
  }

  @Test("host name mismatch fails verification")
  func hostNameMismatch() throws {
    // The certificate names only 127.0.0.1, so the same server reached as localhost must fail.
    let server = try Self.makeServer()
    let certificate = try Self.writeCertificate()
    defer { try? FileManager.default.removeItem(at: certificate) }
    let client = try HTTPClient(
      configuration: HTTPClientConfiguration(retryPolicy: .none, caBundlePath: certificate.path))
    let url = "https://localhost:\(server.port)/"

    let error = #expect(throws: HTTPClientError.self) { try client.send(.get, url) }

    guard case .tls(let failedURL, _) = error else {
      Issue.record("expected a TLS error, got \(String(describing: error))")
      return
    }
    #expect(failedURL == url)
  }
}
