import Testing
import TwinLabEngine
import TwinLabModel
import TwinLabScripting
import TwinLabTwins

/// Mirrors the default lab through a loopback `twinlab serve` peer that throttles
/// and refuses requests, and checks that nothing is lost on the way.
@Suite struct FaultyMirrorTests {
  @Test func faultyServiceGetsEngineFinalState() throws {
    let scenario = try MirrorFixtures.scenario()
    let options = RunOptions(horizon: 43_200, warmup: 0)
    let streaming = StreamerOptions(window: 60, patchesPerSecond: nil, retryDelay: 0)

    // The reference: the same run mirrored into the embedded store.
    let reference = try EmbeddedBackend()
    let referenceSummary = try mirrorRun(scenario, options, into: reference, streaming)

    let router = TwinServiceRouter()
    let faults = FaultInjector(spec: try FaultSpec(parsing: "429=0.1,503=0.05"), seed: 11)
    let server = try HTTPServer(handler: faults.wrap(router.handler))
    defer { server.stop() }
    let client = try HTTPClient(
      configuration: HTTPClientConfiguration(retryPolicy: RetryPolicy(maxAttempts: 8)),
      sleep: { _ in })
    let remote = try RESTBackend(endpoint: server.baseURL, client: client)
    let (summary, simulation) = try mirrorRunKeepingSimulation(
      scenario, options, into: remote, streaming)

    let injected = faults.counts.throttles + faults.counts.unavailable
    #expect(injected > 0)
    #expect(summary.streamer.failed == 0, "\(summary.streamer.errors)")
    #expect(summary.streamer.retried > 0)
    #expect(referenceSummary.streamer.failed == 0)

    // Every twin ends as it ends in the embedded store, property by property.
    let expected = try documents(reference)
    let actual = try documents(remote)
    #expect(actual.keys.sorted() == expected.keys.sorted())
    for (id, document) in expected {
      #expect(actual[id] == document, "\(id)")
    }

    // And each unit's status is the engine's final state.
    for (device, index, state) in simulation.unitStates {
      let id = LabGraph.unitId(device: device, index: index)
      #expect(actual[id]?["status"] == .string(state.rawValue), "\(id)")
    }
  }

  private func mirrorRun(
    _ scenario: Scenario, _ options: RunOptions, into backend: any TwinBackend,
    _ streaming: StreamerOptions
  ) throws -> MirrorSummary {
    try mirrorRunKeepingSimulation(scenario, options, into: backend, streaming).0
  }

  private func mirrorRunKeepingSimulation(
    _ scenario: Scenario, _ options: RunOptions, into backend: any TwinBackend,
    _ streaming: StreamerOptions
  ) throws -> (MirrorSummary, Simulation) {
    let mirror = LabMirror(
      scenario: scenario, backend: backend, models: try MirrorFixtures.models(),
      options: streaming)
    try mirror.provision()
    let simulation = try Simulation(scenario: scenario, options: options)
    mirror.attach(to: simulation, runId: "fault-run")
    simulation.runToEnd()
    return (try mirror.finish(simulation: simulation), simulation)
  }

  /// Each twin's properties without `$etag` and `$metadata`, which hold the
  /// service's own version tags and wall-clock times.
  private func documents(_ backend: any TwinBackend) throws -> [String: JSONObject] {
    var result: [String: JSONObject] = [:]
    for row in try backend.queryAll("SELECT * FROM DIGITALTWINS") {
      guard case .object(var document) = row, case .string(let id)? = document["$dtId"] else {
        continue
      }
      document["$etag"] = nil
      document["$metadata"] = nil
      result[id] = document
    }
    return result
  }
}
