import Foundation
import Synchronization
import Testing
import TwinLabTwins

@Suite("HTTP server")
struct HTTPServerTests {
  @Test("port zero picks a free port")
  func portZeroReported() throws {
    let first = try HTTPServer(handler: echoHandler)
    let second = try HTTPServer(handler: echoHandler)

    #expect(first.port != 0)
    #expect(second.port != 0)
    #expect(first.port != second.port)
    #expect(first.baseURL == "http://127.0.0.1:\(first.port)")
  }

  @Test("port in use fails to start")
  func portInUse() throws {
    let first = try HTTPServer(handler: echoHandler)

    let error = #expect(throws: HTTPServerError.self) {
      try HTTPServer(configuration: HTTPServerConfiguration(port: first.port), handler: echoHandler)
    }

    guard case .startFailed(let host, let port, _) = error else {
      Issue.record("expected startFailed, got \(String(describing: error))")
      return
    }
    #expect(host == "127.0.0.1")
    #expect(port == first.port)
  }

  @Test("invalid host rejected", arguments: ["example.org", "::1", "127.0.0.256", ""])
  func invalidHost(host: String) {
    #expect(throws: HTTPServerError.invalidHost(host)) {
      try HTTPServer(configuration: HTTPServerConfiguration(host: host), handler: echoHandler)
    }
  }

  @Test("body over 32 KB gets 413")
  func oversizedBody() throws {
    let handled = Atomic<Int>(0)
    let logged = Mutex<[String]>([])
    let configuration = HTTPServerConfiguration(log: { line in logged.withLock { $0.append(line) } }
    )
    let server = try HTTPServer(configuration: configuration) { request in
      handled.add(1, ordering: .relaxed)
      return echoHandler(request)
    }
    let client = try HTTPClient()
    let url = server.baseURL + "/digitaltwins/big"

    let tooLarge = try client.send(.put, url, body: [UInt8](repeating: 0x61, count: 33 * 1024))
    let atLimit = try client.send(.put, url, body: [UInt8](repeating: 0x61, count: 32 * 1024))

    #expect(tooLarge.status == 413)
    #expect(tooLarge.bodyText.hasPrefix(#"{"error":{"code":"PayloadTooLarge","message":"#))
    #expect(atLimit.status == 200)
    #expect(atLimit.body.count == 32 * 1024)
    #expect(handled.load(ordering: .relaxed) == 1)
    // The 413 comes before the body is read, so the server closes that connection and the
    // second request opens another.
    #expect(server.connectionsAccepted == 2)
    #expect(
      logged.withLock { $0 } == [
        "rejected PUT /digitaltwins/big with 413: Content-Length 33792 over 32768 bytes"
      ])
  }

  @Test(
    "declared oversize body gets 413 unread",
    arguments: ["99999999", "32769"])
  func declaredOversizedBody(length: String) throws {
    let handled = Atomic<Int>(0)
    let logged = Mutex<[String]>([])
    let configuration = HTTPServerConfiguration(log: { line in logged.withLock { $0.append(line) } }
    )
    let server = try HTTPServer(configuration: configuration) { request in
      handled.add(1, ordering: .relaxed)
      return echoHandler(request)
    }
    // The body is never sent: the answer must come from the headers alone.
    let text =
      "PUT /digitaltwins/big HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(length)\r\n\r\n"

    let reply = rawExchange(port: server.port, bytes: Array(text.utf8))

    #expect(reply.hasPrefix("HTTP/1.1 413"), "reply: \(reply.prefix(80))")
    #expect(handled.load(ordering: .relaxed) == 0)
    #expect(logged.withLock { $0 }.count == 1)
    #expect(logged.withLock { $0 }.first?.contains("413") == true)
  }

  @Test(
    "malformed requests get 400",
    arguments: [
      "GARBAGE LINE\r\n\r\n",
      "GET /\r\n\r\n",
      "GET / JUNK/1.1\r\nHost: 127.0.0.1\r\n\r\n",
      "GET / HTTP/1.1\r\n\r\n",
      "get / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
      "GET * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Line\r\n\r\n",
    ])
  func malformedRequest(text: String) throws {
    let handled = Atomic<Int>(0)
    let server = try HTTPServer { request in
      handled.add(1, ordering: .relaxed)
      return echoHandler(request)
    }

    let reply = rawExchange(port: server.port, bytes: Array(text.utf8))

    #expect(reply.hasPrefix("HTTP/1.1 400"), "reply: \(reply.prefix(80))")
    #expect(handled.load(ordering: .relaxed) == 0)
  }

  @Test(
    "request line without spaces closes connection",
    arguments: [
      "GARBAGE\r\n\r\n", "\u{1}\u{2}\r\n\r\n",
    ])
  func unparseableRequestLine(text: String) throws {
    let handled = Atomic<Int>(0)
    let server = try HTTPServer { request in
      handled.add(1, ordering: .relaxed)
      return echoHandler(request)
    }

    let reply = rawExchange(port: server.port, bytes: Array(text.utf8))

    // libmicrohttpd 0.9.75 drops such a connection without sending a status line.
    #expect(reply.isEmpty)
    #expect(handled.load(ordering: .relaxed) == 0)
  }

  @Test("raw well-formed request is served")
  func rawRequestServed() throws {
    let server = try HTTPServer(handler: echoHandler)

    let reply = rawExchange(
      port: server.port,
      bytes: Array("GET /models?id=a HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
    )

    #expect(reply.hasPrefix("HTTP/1.1 200"))
    #expect(reply.contains("X-Query: id=a"))
  }

  @Test("fifty concurrent clients are served")
  func concurrentClients() throws {
    let requestsPerClient = 4
    let clientCount = 50
    let server = try HTTPServer(handler: echoHandler)
    let successes = Atomic<Int>(0)
    let group = DispatchGroup()

    for clientIndex in 0..<clientCount {
      group.enter()
      Thread.detachNewThread {
        defer { group.leave() }
        guard let client = try? HTTPClient() else { return }
        for requestIndex in 0..<requestsPerClient {
          let body = Array("client \(clientIndex) request \(requestIndex)".utf8)
          let response = try? client.send(.put, server.baseURL + "/c/\(clientIndex)", body: body)
          if response?.status == 200, response?.body == body {
            successes.add(1, ordering: .relaxed)
          }
        }
      }
    }

    #expect(group.wait(timeout: .now() + 60) == .success)
    #expect(successes.load(ordering: .relaxed) == clientCount * requestsPerClient)
    #expect(server.connectionsAccepted == clientCount)
    #expect(server.requestsServed == clientCount * requestsPerClient)
  }

  @Test("stop closes the listener")
  func stopClosesListener() throws {
    let server = try HTTPServer(handler: echoHandler)
    let client = try HTTPClient(configuration: HTTPClientConfiguration(retryPolicy: .none))
    #expect(try client.send(.get, server.baseURL + "/").status == 200)

    server.stop()
    server.stop()

    #expect(throws: HTTPClientError.connectionRefused(url: server.baseURL + "/")) {
      try client.send(.get, server.baseURL + "/")
    }
  }
}
