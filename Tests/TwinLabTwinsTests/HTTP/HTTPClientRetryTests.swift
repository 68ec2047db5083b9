import Foundation
import Testing
import TwinLabTwins

@Suite("HTTP client retries")
struct HTTPClientRetryTests {
  static let ok = HTTPResponse(status: 200, body: Array("done".utf8))

  static func throttled(retryAfter: String? = nil, status: Int = 429) -> HTTPResponse {
    var headers = HTTPHeaders()
    if let retryAfter { headers["Retry-After"] = retryAfter }
    return .error(status: status, code: "TooManyRequests", message: "slow down", headers: headers)
  }

  /// A client with a recording sleeper, a fixed clock and a seeded generator.
  static func makeClient(
    policy: RetryPolicy = RetryPolicy(), now: Date = Date(timeIntervalSince1970: 1_800_000_000)
  ) throws -> (HTTPClient, RecordingSleeper) {
    let sleeper = RecordingSleeper()
    let client = try HTTPClient(
      configuration: HTTPClientConfiguration(retryPolicy: policy),
      random: SeededRandomNumberGenerator(seed: 7), sleep: sleeper.sleep, now: { now })
    return (client, sleeper)
  }

  @Test("retry after seconds is honoured")
  func retryAfterSeconds() throws {
    let script = ScriptedHandler([Self.throttled(retryAfter: "2"), Self.ok])
    let server = try HTTPServer(handler: script.handler)
    let (client, sleeper) = try Self.makeClient()

    let response = try client.send(.get, server.baseURL + "/digitaltwins/a")

    #expect(response.status == 200)
    #expect(response.bodyText == "done")
    #expect(sleeper.waits == [.seconds(2)])
    #expect(client.retryCount == 1)
    #expect(script.received.count == 2)
    #expect(server.connectionsAccepted == 1)
  }

  @Test("retry after HTTP date is honoured")
  func retryAfterDate() throws {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let date = HTTPDate.format(now.addingTimeInterval(3))
    let script = ScriptedHandler([Self.throttled(retryAfter: date, status: 503), Self.ok])
    let server = try HTTPServer(handler: script.handler)
    let (client, sleeper) = try Self.makeClient(now: now)

    let response = try client.send(.put, server.baseURL + "/digitaltwins/a", body: [1])

    #expect(response.status == 200)
    #expect(sleeper.waits == [.seconds(3)])
    #expect(script.received.map(\.body) == [[1], [1]])
  }

  @Test("backoff grows with jitter when absent")
  func backoffWithoutRetryAfter() throws {
    let script = ScriptedHandler([Self.throttled(), Self.throttled(), Self.throttled(), Self.ok])
    let server = try HTTPServer(handler: script.handler)
    let policy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(100), maxDelay: .seconds(10))
    let (client, sleeper) = try Self.makeClient(policy: policy)

    let response = try client.send(.delete, server.baseURL + "/digitaltwins/a")

    #expect(response.status == 200)
    #expect(sleeper.waits.count == 3)
    for (index, wait) in sleeper.waits.enumerated() {
      let ceiling = Duration.milliseconds(100 << index)
      #expect(wait >= ceiling / 2)
      #expect(wait <= ceiling)
    }
    #expect(client.retryCount == 3)
  }

  @Test("same seed gives same backoff")
  func backoffIsSeeded() throws {
    let policy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(100))
    var waits: [[Duration]] = []
    for _ in 0..<2 {
      let server = try HTTPServer(handler: ScriptedHandler([Self.throttled()]).handler)
      let (client, sleeper) = try Self.makeClient(policy: policy)
      _ = try client.send(.get, server.baseURL + "/")
      waits.append(sleeper.waits)
    }

    #expect(waits[0].count == 2)
    #expect(waits[0] == waits[1])
  }

  @Test("attempts stop at the cap")
  func attemptCap() throws {
    let script = ScriptedHandler([Self.throttled(retryAfter: "1", status: 503)])
    let server = try HTTPServer(handler: script.handler)
    let (client, sleeper) = try Self.makeClient(policy: RetryPolicy(maxAttempts: 3))

    let response = try client.send(.get, server.baseURL + "/")

    #expect(response.status == 503)
    #expect(script.received.count == 3)
    #expect(sleeper.waits == [.seconds(1), .seconds(1)])
    #expect(client.retryCount == 2)
  }

  @Test("total wait cap stops retries")
  func totalWaitCap() throws {
    let script = ScriptedHandler([Self.throttled(retryAfter: "40"), Self.ok])
    let server = try HTTPServer(handler: script.handler)
    let policy = RetryPolicy(maxAttempts: 5, maxTotalWait: .seconds(30))
    let (client, sleeper) = try Self.makeClient(policy: policy)

    let response = try client.send(.get, server.baseURL + "/")

    #expect(response.status == 429)
    #expect(sleeper.waits.isEmpty)
    #expect(script.received.count == 1)
  }

  @Test("patch without If-Match not retried")
  func patchWithoutIfMatch() throws {
    let script = ScriptedHandler([Self.throttled(retryAfter: "1", status: 503), Self.ok])
    let server = try HTTPServer(handler: script.handler)
    let (client, sleeper) = try Self.makeClient()

    let response = try client.send(.patch, server.baseURL + "/digitaltwins/a", body: [1])

    #expect(response.status == 503)
    #expect(script.received.count == 1)
    #expect(sleeper.waits.isEmpty)
    #expect(client.retryCount == 0)
  }

  @Test("patch with If-Match retried")
  func patchWithIfMatch() throws {
    let script = ScriptedHandler([Self.throttled(retryAfter: "1"), Self.ok])
    let server = try HTTPServer(handler: script.handler)
    let (client, _) = try Self.makeClient()

    let response = try client.send(
      .patch, server.baseURL + "/digitaltwins/a", headers: ["If-Match": "*"], body: [1])

    #expect(response.status == 200)
    #expect(script.received.count == 2)
    #expect(script.received.last?.headers["If-Match"] == "*")
  }

  @Test("post retried only when marked")
  func postRetriedWhenMarked() throws {
    let script = ScriptedHandler([Self.throttled(retryAfter: "0"), Self.ok])
    let server = try HTTPServer(handler: script.handler)
    let (client, _) = try Self.makeClient()

    let unmarked = try client.send(.post, server.baseURL + "/query", body: [1])
    let marked = try client.send(
      HTTPClientRequest(method: .post, url: server.baseURL + "/query", isRetryable: true))

    #expect(unmarked.status == 429)
    #expect(marked.status == 200)
    #expect(script.received.count == 2)
  }

  @Test("abort between retries stops")
  func abortBetweenRetries() throws {
    let script = ScriptedHandler([Self.throttled(retryAfter: "1")])
    let server = try HTTPServer(handler: script.handler)
    let abortFlag = AbortFlag()
    let client = try HTTPClient(abortFlag: abortFlag, sleep: { _ in abortFlag.set() })

    #expect(throws: HTTPClientError.aborted(url: server.baseURL + "/")) {
      try client.send(.get, server.baseURL + "/")
    }
    #expect(script.received.count == 1)
  }
}

@Suite("Retry policy")
struct RetryPolicyTests {
  static let now = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT

  @Test(
    "retry after values parsed",
    arguments: [
      ("120", Duration?.some(.seconds(120))),
      (" 0 ", .some(.zero)),
      ("-1", nil),
      ("soon", nil),
      ("Sun, 06 Nov 1994 08:49:47 GMT", .some(.seconds(10))),
      ("Sunday, 06-Nov-94 08:49:42 GMT", .some(.seconds(5))),
      ("Sun Nov  6 08:49:39 1994", .some(.seconds(2))),
      ("Sun, 06 Nov 1994 08:00:00 GMT", .some(.zero)),
    ])
  func retryAfterParsing(value: String, expected: Duration?) {
    #expect(RetryPolicy.retryAfterDelay(value, now: Self.now) == expected)
  }

  @Test("HTTP date formats IMF fixdate")
  func httpDateFormat() {
    #expect(HTTPDate.format(Self.now) == "Sun, 06 Nov 1994 08:49:37 GMT")
  }

  @Test("backoff is capped at max delay")
  func backoffCap() {
    let policy = RetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(5))
    var random = SeededRandomNumberGenerator(seed: 1)

    for attempt in 1...40 {
      let delay = policy.backoff(afterAttempt: attempt, using: &random)
      #expect(delay <= .seconds(5))
      #expect(delay >= .milliseconds(500))
    }
  }
}
