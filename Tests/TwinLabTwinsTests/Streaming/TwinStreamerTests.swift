import Testing
import TwinLabModel
import TwinLabTwins

@Suite struct TwinStreamerTests {
  private func make(
    _ options: StreamerOptions, sensors: Int, delay: Double = 0
  ) throws -> (TwinStreamer, DelayedBackend, ManualStreamerClock) {
    let clock = ManualStreamerClock()
    let backend = try DelayedBackend(clock: clock, delay: delay)
    try StreamingFixtures.createSensors(sensors, in: backend)
    return (TwinStreamer(backend: backend, options: options, clock: clock), backend, clock)
  }

  @Test func updatesInOneWindowMerge() throws {
    let (streamer, backend, _) = try make(StreamerOptions(window: 10), sensors: 2)
    streamer.update("s0", "/level", .number(1), time: 0)
    streamer.update("s0", "/level", .number(2), time: 3)
    streamer.update("s0", "/count", .number(7), time: 4)
    streamer.update("s0", "/level", .number(3), time: 9.5)
    #expect(backend.patches.isEmpty)
    streamer.update("s1", "/level", .number(5), time: 10)
    #expect(backend.patches.count == 1)
    #expect(backend.patches.first?.id == "s0")
    let summary = streamer.finish()
    #expect(summary.produced == 5)
    #expect(summary.merged == 2)
    #expect(summary.sent == 2)
    #expect(summary.sentUpdates == 3)
    #expect(try StreamingFixtures.property(backend, "s0", "level") == .number(3))
    #expect(try StreamingFixtures.property(backend, "s0", "count") == .number(7))
  }

  @Test func unsetPropertiesUseAdd() throws {
    let (streamer, backend, _) = try make(StreamerOptions(window: 1), sensors: 1)
    streamer.update("s0", "/level", .number(1), time: 0)
    streamer.update("s0", "/state", .string("on"), time: 0)
    streamer.update("s0", "/level", .number(2), time: 1)
    streamer.finish()
    #expect(backend.patches.count == 2)
    let first = StreamingFixtures.operations(backend.patches[0].patch)
    #expect(first["/level"] == "add")
    #expect(first["/state"] == "replace")
    let second = StreamingFixtures.operations(backend.patches[1].patch)
    #expect(second["/level"] == "replace")
  }

  @Test func rateLimitSpacesPatches() throws {
    let options = StreamerOptions(window: 1, patchesPerSecond: 50)
    let (streamer, backend, clock) = try make(options, sensors: 20)
    for window in 0..<5 {
      for sensor in 0..<20 {
        streamer.update("s\(sensor)", "/count", .number(Double(window)), time: Double(window))
      }
    }
    // The first four windows closed at clock 0: one free slot, then none.
    #expect(backend.patches.count == 1)
    let summary = streamer.finish()
    #expect(summary.sent == 100)
    #expect(backend.patches.count == 100)
    // 100 patches at 50 per second: the last one leaves 99 slots after the first.
    #expect(abs(clock.now() - 99.0 / 50) < 1e-9)
  }

  @Test func fullOutboxMakesProducerWait() throws {
    let options = StreamerOptions(window: 1, batchSize: 1, capacity: 2, dropPolicy: .wait)
    let (streamer, backend, clock) = try make(options, sensors: 6, delay: 0.5)
    for window in 0..<3 {
      for sensor in 0..<6 {
        streamer.update("s\(sensor)", "/count", .number(Double(window)), time: Double(window))
      }
      #expect(streamer.queuedCount <= 2)
    }
    // Two windows closed with six patches each. The first window sent four
    // patches while the producer waited, then one more. The second found one
    // patch queued, so it sent five while waiting, then one more.
    #expect(backend.patches.count == 11)
    #expect(abs(clock.now() - 5.5) < 1e-9)
    let summary = streamer.finish()
    #expect(summary.merged == 0)
    #expect(summary.sent == 18)
    for sensor in 0..<6 {
      #expect(try StreamingFixtures.property(backend, "s\(sensor)", "count") == .number(2))
    }
  }

  @Test func reportPolicyMergesWithoutWaiting() throws {
    let options = StreamerOptions(
      window: 1, patchesPerSecond: 1, batchSize: 1, capacity: 2, dropPolicy: .report)
    let (streamer, backend, clock) = try make(options, sensors: 4)
    for window in 0..<10 {
      for sensor in 0..<4 {
        streamer.update("s\(sensor)", "/count", .number(Double(window)), time: Double(window))
      }
    }
    #expect(clock.sleeps.isEmpty)
    #expect(streamer.queuedCount <= 2)
    let summary = streamer.finish()
    #expect(summary.merged > 0)
    #expect(summary.failed == 0)
    #expect(summary.produced == summary.merged + summary.sentUpdates)
    for sensor in 0..<4 {
      #expect(try StreamingFixtures.property(backend, "s\(sensor)", "count") == .number(9))
    }
  }

  @Test func throttlingIsRetriedAndCounted() throws {
    let options = StreamerOptions(maxAttempts: 4, retryDelay: 0.25)
    let (streamer, backend, clock) = try make(options, sensors: 1)
    backend.failures = [
      .service(TwinStoreError(status: 429, code: "TooManyRequests", message: "slow down")),
      .transport("connection reset"),
    ]
    backend.clientRetriesPerPatch = 1
    streamer.update("s0", "/level", .number(4), time: 0)
    let summary = streamer.finish()
    #expect(summary.sent == 1)
    #expect(summary.failed == 0)
    // Two retries by the streamer, one reported by the client for each of three calls.
    #expect(summary.retried == 5)
    #expect(clock.sleeps == [0.25, 0.75])
    #expect(try StreamingFixtures.property(backend, "s0", "level") == .number(4))
  }

  @Test(arguments: [
    (
      TwinBackendError.service(
        TwinStoreError(status: 503, code: "ServiceUnavailable", message: "")), 3
    ),
    (
      TwinBackendError.service(TwinStoreError(status: 400, code: "ValidationFailed", message: "")),
      1
    ),
  ])
  func failedPatchesAreCounted(error: TwinBackendError, attempts: Int) throws {
    let options = StreamerOptions(maxAttempts: 3, retryDelay: 0)
    let (streamer, backend, _) = try make(options, sensors: 2)
    backend.failures = Array(repeating: error, count: attempts)
    streamer.update("s0", "/level", .number(1), time: 0)
    streamer.update("s0", "/count", .number(2), time: 0)
    streamer.update("s1", "/level", .number(3), time: 0)
    let summary = streamer.finish()
    #expect(backend.patches.count == attempts + 1)
    #expect(summary.failed == 1)
    #expect(summary.failedUpdates == 2)
    #expect(summary.sent == 1)
    #expect(summary.errors.first?.hasPrefix("s0: ") == true)
    #expect(summary.produced == summary.merged + summary.sentUpdates + summary.failedUpdates)
  }

  @Test func finishDeliversLastStateOfEveryTwin() throws {
    let options = StreamerOptions(window: 5, patchesPerSecond: 20, capacity: 8)
    let (streamer, backend, _) = try make(options, sensors: 30)
    var generator = SystemRandomNumberGenerator()
    var expected: [String: Double] = [:]
    for step in 0..<2_000 {
      let id = "s\(Int.random(in: 0..<30, using: &generator))"
      let value = Double(Int.random(in: 0..<1_000, using: &generator))
      expected[id] = value
      streamer.update(id, "/level", .number(value), time: Double(step) * 0.1)
    }
    let summary = streamer.finish()
    #expect(summary.failed == 0)
    #expect(summary.produced == summary.merged + summary.sentUpdates)
    #expect(streamer.queuedCount == 0)
    #expect(streamer.windowCount == 0)
    for (id, value) in expected {
      #expect(try StreamingFixtures.property(backend, id, "level") == .number(value), "\(id)")
    }
  }
}
