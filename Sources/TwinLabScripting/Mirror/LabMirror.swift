import TwinLabEngine
import TwinLabModel
import TwinLabTwins

/// Mirrors a simulation run into digital twins: provisions the lab's graph,
/// turns the engine's state changes into property updates for a `TwinStreamer`,
/// and writes the final state when the run ends.
///
/// A mirror is used from the simulation's thread only.
public final class LabMirror {
  public let scenario: Scenario
  public let graph: LabGraph
  public let backend: any TwinBackend
  public let streamer: TwinStreamer
  let models: [JSONValue]
  var tracker: MirrorTracker
  /// The run being mirrored, for its lab-wide work in process.
  weak var simulation: Simulation?

  /// - Parameters:
  ///   - scenario: The lab to mirror.
  ///   - backend: Where its twins live.
  ///   - models: The DTDL documents to upload when missing, usually `StandardModels.load()`.
  ///   - options: Streamer settings; `nil` uses `StreamerOptions.defaults(forBackend:)`.
  ///   - clock: Wall-clock time for the rate limit and retries.
  public init(
    scenario: Scenario, backend: any TwinBackend, models: [JSONValue],
    options: StreamerOptions? = nil, clock: any StreamerClock = SystemStreamerClock()
  ) {
    self.scenario = scenario
    self.graph = LabGraph(scenario: scenario)
    self.backend = backend
    self.models = models
    self.streamer = TwinStreamer(
      backend: backend, options: options ?? .defaults(forBackend: backend.kind), clock: clock)
    self.tracker = MirrorTracker(scenario: scenario)
  }

  /// Makes the backend's graph match the lab: uploads missing models, creates
  /// or updates twins and relationships, and deletes the lab's twins the
  /// scenario no longer has. Running it again changes nothing.
  ///
  /// - Returns: The actions applied.
  @discardableResult
  public func provision() throws(TwinBackendError) -> [SyncAction] {
    let sync = LabSync(backend: backend, models: models)
    let actions = try sync.plan(graph)
    try sync.apply(actions)
    for twin in graph.twins { streamer.markSet(twinId: twin.id, properties: twin.properties.keys) }
    return actions
  }

  /// Starts mirroring `simulation`: sets its observer (calling any observer
  /// already set first) and queues the starting state of every twin.
  ///
  /// - Parameter runId: The simulation twin's `runId`.
  public func attach(to simulation: Simulation, runId: String) {
    tracker = MirrorTracker(
      scenario: scenario, warmup: simulation.options.warmup ?? scenario.warmup ?? 0)
    self.simulation = simulation
    let previous = simulation.observer
    simulation.observer = { [unowned self] time, change in
      previous?(time, change)
      self.observe(time: time, change: change)
    }
    let simulationId = graph.simulationId
    streamer.update(simulationId, "/runId", .string(runId), time: 0)
    let seed = simulation.options.seed ?? scenario.seed
    streamer.update(simulationId, "/seed", .number(Double(seed)), time: 0)
    streamer.update(simulationId, "/status", .string("Running"), time: 0)
    streamer.update(simulationId, "/startTime", .string(tracker.dateTime(0)), time: 0)
    for twin in graph.twins where twin.model != LabGraph.simulationModel {
      for (key, value) in twin.properties.members where !twin.scenarioKeys.contains(key) {
        streamer.update(twin.id, "/\(key)", value, time: 0)
      }
    }
  }

  /// Turns one engine change into property updates.
  public func observe(time: Double, change: SimulationChange) {
    var labWIP: Int?
    if case .entity = change { labWIP = simulation?.workInProcess }
    for update in tracker.apply(time: time, change: change, labWIP: labWIP) {
      streamer.update(update.twinId, update.path, update.value, time: time)
    }
    streamer.update(graph.simulationId, "/simulatedTime", .number(time), time: time)
  }

  /// Writes the run's final state, marks the simulation twin `Completed`
  /// (`Failed` when the run did not finish), delivers every pending update
  /// and saves the backend.
  ///
  /// - Returns: The counts of the mirroring.
  public func finish(simulation: Simulation, completed: Bool = true) throws(TwinBackendError)
    -> MirrorSummary
  {
    let result = simulation.result()
    let time = result.time
    for update in tracker.finalUpdates(simulation: simulation, result: result) {
      streamer.update(update.twinId, update.path, update.value, time: time)
    }
    let id = graph.simulationId
    streamer.update(id, "/simulatedTime", .number(time), time: time)
    streamer.update(id, "/throughput", .number(result.kpis.throughputPerDay), time: time)
    streamer.update(id, "/meanCycleTime", .number(result.kpis.cycleTime.mean), time: time)
    if let bottleneck = result.kpis.bottleneck {
      streamer.update(id, "/bottleneck", .string(bottleneck), time: time)
    }
    streamer.update(id, "/endTime", .string(tracker.dateTime(time)), time: time)
    streamer.update(id, "/status", .string(completed ? "Completed" : "Failed"), time: time)
    let counts = streamer.finish()
    try backend.flush()
    return MirrorSummary(
      backend: backend.kind, twins: graph.twins.count,
      relationships: graph.relationships.count, streamer: counts)
  }
}

/// What a mirrored run did in the twin backend.
public struct MirrorSummary: Sendable, Equatable {
  /// `mock`, `http` or `azure`.
  public var backend: String
  /// Twins and relationships in the lab's graph.
  public var twins: Int
  public var relationships: Int
  public var streamer: StreamerSummary

  /// `backend`, `twins`, `relationships`, `produced`, `merged`, `sent`,
  /// `retried` and `failed`, in that order.
  public var json: JSONValue {
    var object: JSONObject = [
      "backend": .string(backend), "twins": .number(Double(twins)),
      "relationships": .number(Double(relationships)),
    ]
    for (key, value) in streamer.json.members { object[key] = value }
    return .object(object)
  }

  /// One line for the table report.
  public var line: String {
    "twins: \(twins) twins, \(relationships) relationships in \(backend); "
      + "\(streamer.produced) updates, \(streamer.merged) merged, \(streamer.sent) patches sent, "
      + "\(streamer.retried) retried, \(streamer.failed) failed"
  }
}
