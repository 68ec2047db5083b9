import Testing
import TwinLabModel
import TwinLabTwins

@Suite struct StreamerOverRESTTests {
  /// Streams 40 twins over a loopback server that answers 429 to 10 % and
  /// 503 to 5 % of requests, with retries left to the client (10 attempts) or
  /// to the streamer (a client that tries once).
  @Test(arguments: [10, 1])
  func faultyServerStillGetsEveryState(clientAttempts: Int) throws {
    let router = TwinServiceRouter()
    let faults = FaultInjector(spec: try FaultSpec(parsing: "429=0.1,503=0.05"), seed: 7)
    let server = try HTTPServer(handler: faults.wrap(router.handler))
    defer { server.stop() }
    let client = try HTTPClient(
      configuration: HTTPClientConfiguration(retryPolicy: RetryPolicy(maxAttempts: clientAttempts)),
      sleep: { _ in })
    let backend = try RESTBackend(endpoint: server.baseURL, client: client)
    try retrying { _ = try backend.uploadModels([StreamingFixtures.sensorModel]) }
    for index in 0..<40 {
      try retrying {
        _ = try backend.createOrReplaceTwin(
          "s\(index)",
          .object(["$metadata": .object(["$model": .string(StreamingFixtures.sensor)])]),
          ifNoneMatch: nil)
      }
    }
    let setupRetries = backend.retryCount

    let options = StreamerOptions(window: 1, maxAttempts: 10, retryDelay: 0)
    let streamer = TwinStreamer(backend: backend, options: options, clock: ManualStreamerClock())
    for window in 0..<5 {
      for index in 0..<40 {
        streamer.update("s\(index)", "/count", .number(Double(window)), time: Double(window))
      }
    }
    let summary = streamer.finish()
    #expect(summary.failed == 0, "\(summary.errors)")
    #expect(summary.sent == 200)
    #expect(summary.retried > 0)
    // The count holds the client's retries and the streamer's own, which
    // cover the patches the client does not send again.
    #expect(summary.retried >= backend.retryCount - setupRetries)
    for index in 0..<40 {
      let twin = try retrying { try backend.twin("s\(index)") }
      guard case .object(let document) = twin else {
        Issue.record("s\(index) is not an object")
        continue
      }
      #expect(document["count"] == .number(4), "s\(index)")
    }
  }

  /// Runs `body` until it passes a fault, at most 20 times.
  private func retrying<T>(_ body: () throws -> T) throws -> T {
    var attempt = 0
    while true {
      do {
        return try body()
      } catch {
        attempt += 1
        if attempt >= 20 { throw error }
      }
    }
  }
}
