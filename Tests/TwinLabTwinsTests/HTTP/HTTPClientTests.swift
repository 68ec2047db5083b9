import Foundation
import Glibc
import Testing
import TwinLabTwins

@Suite("HTTP client")
struct HTTPClientTests {
  struct RoundTrip: Sendable, CustomTestStringConvertible {
    var method: HTTPMethod
    var body: String
    var testDescription: String { "\(method) with \(body.count) bytes" }
  }

  static let roundTrips = [
    RoundTrip(method: .get, body: ""),
    RoundTrip(method: .put, body: #"{"$metadata":{"$model":"dtmi:twinlab:Device;1"}}"#),
    RoundTrip(method: .patch, body: #"[{"op":"add","path":"/status","value":"Idle"}]"#),
    RoundTrip(method: .delete, body: ""),
    RoundTrip(method: .post, body: #"{"query":"SELECT * FROM DIGITALTWINS"}"#),
    RoundTrip(method: .post, body: ""),
    RoundTrip(method: .delete, body: "{}"),
  ]

  @Test("round trip keeps method, headers and body", arguments: roundTrips)
  func roundTrip(_ testCase: RoundTrip) throws {
    let server = try HTTPServer(handler: echoHandler)
    let client = try HTTPClient()
    let url = server.baseURL + "/digitaltwins/pump-1?api-version=2023-10-31&x=a%20b"
    var headers: HTTPHeaders = ["X-Test": "value 1"]
    if !testCase.body.isEmpty { headers["Content-Type"] = "application/json" }

    let response = try client.send(
      testCase.method, url, headers: headers, body: Array(testCase.body.utf8))

    #expect(response.status == 200)
    #expect(response.headers["X-Method"] == testCase.method.rawValue)
    #expect(response.headers["x-path"] == "/digitaltwins/pump-1")
    #expect(response.headers["X-Query"] == "api-version=2023-10-31&x=a b")
    #expect(response.headers["X-Echo-Test"] == "value 1")
    #expect(response.bodyText == testCase.body)
    #expect(
      response.headers["X-Content-Type"] == (testCase.body.isEmpty ? nil : "application/json"))
  }

  @Test("head returns headers without body")
  func headRequest() throws {
    let server = try HTTPServer(handler: echoHandler)
    let client = try HTTPClient()

    let response = try client.send(.head, server.baseURL + "/models")

    #expect(response.status == 200)
    #expect(response.headers["X-Method"] == "HEAD")
    #expect(response.body.isEmpty)
  }

  @Test("error statuses are responses")
  func errorStatusesReturned() throws {
    let server = try HTTPServer { _ in
      .error(status: 404, code: "DigitalTwinNotFound", message: "There is no digital twin.")
    }
    let client = try HTTPClient()

    let response = try client.send(.get, server.baseURL + "/digitaltwins/missing")

    #expect(response.status == 404)
    #expect(response.bodyText.contains(#""code":"DigitalTwinNotFound""#))
    #expect(response.headers["Content-Type"]?.hasPrefix("application/json") == true)
  }

  @Test("requests reuse one connection")
  func connectionReuse() throws {
    let server = try HTTPServer(handler: echoHandler)
    let client = try HTTPClient()

    for index in 0..<5 {
      let method: HTTPMethod = index.isMultiple(of: 2) ? .get : .put
      let body = index.isMultiple(of: 2) ? [] : Array("body \(index)".utf8)
      let response = try client.send(method, server.baseURL + "/item/\(index)", body: body)
      #expect(response.status == 200)
    }

    #expect(server.connectionsAccepted == 1)
    #expect(client.connectionsOpened == 1)
    #expect(server.requestsServed == 5)
  }

  @Test("refused connection names the URL")
  func connectionRefused() throws {
    // Port 1 on loopback has no listener in this environment, so connecting is refused.
    let client = try HTTPClient()
    let url = "http://127.0.0.1:1/digitaltwins?api-version=2023-10-31&sig=secret-value"

    let error = #expect(throws: HTTPClientError.self) { try client.send(.get, url) }

    #expect(
      error
        == .connectionRefused(url: "http://127.0.0.1:1/digitaltwins?api-version=2023-10-31&sig=***")
    )
    #expect(error?.description.contains("secret-value") == false)
  }

  @Test("slow response times out")
  func totalTimeout() throws {
    let release = Latch()
    let server = try HTTPServer { _ in
      release.wait()
      return HTTPResponse(status: 200)
    }
    defer { release.open() }
    let configuration = HTTPClientConfiguration(timeout: .milliseconds(300), retryPolicy: .none)
    let client = try HTTPClient(configuration: configuration)

    let error = #expect(throws: HTTPClientError.self) {
      try client.send(.get, server.baseURL + "/slow")
    }

    #expect(error == .timedOut(url: server.baseURL + "/slow", after: .milliseconds(300)))
    #expect(error?.description.contains("timed out after 0.3 s") == true)
  }

  @Test("unanswered connect times out")
  func connectTimeout() throws {
    let listener = try #require(unansweredListener())
    defer { listener.descriptors.forEach { _ = close($0) } }
    let configuration = HTTPClientConfiguration(
      connectTimeout: .milliseconds(200), timeout: .seconds(30), retryPolicy: .none)
    let client = try HTTPClient(configuration: configuration)
    let url = "http://127.0.0.1:\(listener.port)/"

    let error = #expect(throws: HTTPClientError.self) { try client.send(.get, url) }

    #expect(error == .timedOut(url: url, after: .milliseconds(200)))
  }

  @Test("abort flag stops a transfer")
  func abortDuringTransfer() throws {
    let arrived = Latch()
    let release = Latch()
    let server = try HTTPServer { _ in
      arrived.open()
      release.wait()
      return HTTPResponse(status: 200)
    }
    defer { release.open() }
    let abortFlag = AbortFlag()
    let client = try HTTPClient(abortFlag: abortFlag)
    Thread.detachNewThread {
      if arrived.wait() { abortFlag.set() }
    }

    let error = #expect(throws: HTTPClientError.self) {
      try client.send(.get, server.baseURL + "/long")
    }

    #expect(error == .aborted(url: server.baseURL + "/long"))
  }

  @Test("set abort flag fails fast")
  func abortBeforeSend() throws {
    let server = try HTTPServer(handler: echoHandler)
    let abortFlag = AbortFlag()
    abortFlag.set()
    let client = try HTTPClient(abortFlag: abortFlag)

    #expect(throws: HTTPClientError.aborted(url: server.baseURL + "/")) {
      try client.send(.get, server.baseURL + "/")
    }
    #expect(server.requestsServed == 0)

    abortFlag.clear()
    #expect(try client.send(.get, server.baseURL + "/").status == 200)
  }

  @Test("https to a plain server fails TLS")
  func tlsHandshakeFailure() throws {
    let server = try HTTPServer(handler: echoHandler)
    let client = try HTTPClient(configuration: HTTPClientConfiguration(retryPolicy: .none))
    let url = "https://127.0.0.1:\(server.port)/"

    let error = #expect(throws: HTTPClientError.self) { try client.send(.get, url) }

    guard case .tls(let failedURL, _) = error else {
      Issue.record("expected a TLS error, got \(String(describing: error))")
      return
    }
    #expect(failedURL == url)
  }

  @Test(
    "invalid URLs and headers rejected",
    arguments: [
      ("ftp://127.0.0.1/file", "X-Ok", "1"),
      ("127.0.0.1/path", "X-Ok", "1"),
      ("http://127.0.0.1:1/", "X-Bad", "a\r\nInjected: 1"),
      ("http://127.0.0.1:1/", "X-Bad:Name", "1"),
    ])
  func invalidInputRejected(url: String, name: String, value: String) throws {
    let client = try HTTPClient()

    let error = #expect(throws: HTTPClientError.self) {
      try client.send(.get, url, headers: [name: value])
    }

    switch error {
    case .invalidURL(let reported): #expect(reported == url)
    case .invalidHeader(let reported, _): #expect(reported == name)
    default: Issue.record("unexpected error \(String(describing: error))")
    }
  }

  @Test(
    "redacted URL hides secrets",
    arguments: [
      (
        "https://user:pw@host.example/a?api-version=1&sig=abc",
        "https://host.example/a?api-version=1&sig=***"
      ),
      ("http://127.0.0.1:8080/x", "http://127.0.0.1:8080/x"),
      ("http://h/p?flag&token=t#frag", "http://h/p?flag&token=***#…"),
      (
        "http://h/models?includeModelDefinition=true&api-version=1",
        "http://h/models?includeModelDefinition=true&api-version=1"
      ),
      (
        "http://h/t?code=c&client_secret=s&Subscription-Key=k&password=p&x=1",
        "http://h/t?code=***&client_secret=***&Subscription-Key=***&password=***&x=1"
      ),
      (
        "http://h/t?access_token=a&continuationToken=c",
        "http://h/t?access_token=***&continuationToken=***"
      ),
    ])
  func redaction(url: String, expected: String) {
    #expect(redactedURL(url) == expected)
  }
}
