import Foundation
import Testing
import TwinLabTwins

@Suite("Fault injector")
struct FaultInjectorTests {
  @Test(
    "fault specs parse",
    arguments: [
      (
        "429=0.1,503=0.05,delay=200ms@0.02",
        FaultSpec(
          throttleRate: 0.1, unavailableRate: 0.05, delayRate: 0.02, delay: .milliseconds(200))
      ),
      ("503=1", FaultSpec(unavailableRate: 1)),
      (" delay=2s@0.5 , 429=0 ", FaultSpec(delayRate: 0.5, delay: .seconds(2))),
    ])
  func specParses(text: String, expected: FaultSpec) throws {
    #expect(try FaultSpec(parsing: text) == expected)
  }

  @Test(
    "bad fault specs name the item",
    arguments: [
      ("429=2", "429=2", "rate '2' is not a number from 0 to 1"),
      ("429=0.1,500=0.1", "500=0.1", "unknown fault '500'"),
      ("429", "429", "expected KIND=VALUE"),
      ("delay=200ms", "delay=200ms", "expected delay=DURATION@RATE"),
      ("delay=fast@0.1", "delay=fast@0.1", "duration 'fast'"),
      ("delay=5h@0.1", "delay=5h@0.1", "duration '5h'"),
      ("delay=99999s@0.1", "delay=99999s@0.1", "up to 1 hour"),
      ("503=0.1,503=0.2", "503=0.2", "given more than once"),
      ("429=0.7,503=0.7", "429=0.7,503=0.7", "add up to more than 1"),
      ("429=nan", "429=nan", "rate 'nan'"),
      ("", "", "expected KIND=VALUE"),
    ])
  func badSpecRejected(text: String, item: String, reason: String) {
    let error = #expect(throws: FaultSpecError.self) { try FaultSpec(parsing: text) }

    #expect(error?.item == item)
    #expect(error?.reason.contains(reason) == true, "reason: \(error?.reason ?? "none")")
    #expect(error?.description.contains("'\(item)'") == true)
  }

  @Test("fault rates within binomial bounds")
  func ratesWithinBounds() throws {
    let requests = 4000
    let spec = try FaultSpec(parsing: "429=0.1,503=0.05,delay=0ms@0.02")
    let injector = FaultInjector(spec: spec, seed: 42)
    let handler = injector.wrap(echoHandler)
    var statuses: [Int: Int] = [:]
    var throttlesWithRetryAfter = 0

    for index in 0..<requests {
      let response = handler(HTTPRequest(method: .get, path: "/twin/\(index)"))
      statuses[response.status, default: 0] += 1
      if response.status == 429, response.headers["Retry-After"] != nil {
        throttlesWithRetryAfter += 1
      }
    }

    let counts = injector.counts
    #expect(counts.requests == requests)
    #expect(statuses[429] == counts.throttles)
    #expect(statuses[503] == counts.unavailable)
    #expect(statuses[200] == requests - counts.throttles - counts.unavailable)
    #expect(throttlesWithRetryAfter == counts.throttles / 2)
    for (count, rate) in [
      (counts.throttles, 0.1), (counts.unavailable, 0.05), (counts.delays, 0.02),
    ] {
      // Five standard deviations of a binomial count: a correct injector fails this about
      // once in 1.7 million seeds, a wrong rate almost always.
      let mean = Double(requests) * rate
      let bound = 5 * (mean * (1 - rate)).squareRoot()
      #expect(abs(Double(count) - mean) <= bound, "count \(count) for rate \(rate)")
    }
  }

  @Test("same seed gives same faults")
  func seededFaults() throws {
    let spec = FaultSpec(throttleRate: 0.3, unavailableRate: 0.2)
    var runs: [[Int]] = []
    for _ in 0..<2 {
      let handler = FaultInjector(spec: spec, seed: 9).wrap(echoHandler)
      runs.append((0..<200).map { _ in handler(HTTPRequest(method: .get, path: "/")).status })
    }

    #expect(runs[0] == runs[1])
    #expect(Set(runs[0]) == [200, 429, 503])
  }

  @Test("client retries through injected faults")
  func clientRetriesThroughFaults() throws {
    let injector = FaultInjector(
      spec: FaultSpec(throttleRate: 0.2, unavailableRate: 0.1), seed: 3, retryAfterSeconds: 0)
    let server = try HTTPServer(handler: injector.wrap(echoHandler))
    let policy = RetryPolicy(maxAttempts: 10, baseDelay: .zero)
    let client = try HTTPClient(
      configuration: HTTPClientConfiguration(retryPolicy: policy), sleep: { _ in })

    for index in 0..<50 {
      let response = try client.send(.get, server.baseURL + "/twin/\(index)")
      #expect(response.status == 200)
    }

    let counts = injector.counts
    #expect(counts.throttles + counts.unavailable > 0)
    #expect(client.retryCount == counts.throttles + counts.unavailable)
    #expect(server.requestsServed == 50 + client.retryCount)
  }
}
