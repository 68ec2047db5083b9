import Testing
import TwinLabEngine
import TwinLabModel
import TwinLabScripting
import TwinLabTwins

/// Whether `value` is a number within one part in 10^12 of `expected`.
private func close(_ value: JSONValue?, _ expected: Double) -> Bool {
  guard case .number(let number)? = value else { return false }
  return abs(number - expected) <= 1e-12 * max(1, abs(expected))
}

@Suite struct LabMirrorTests {
  @Test func defaultLabGraphShape() throws {
    let scenario = try MirrorFixtures.scenario()
    let backend = try EmbeddedBackend()
    let mirror = LabMirror(
      scenario: scenario, backend: backend, models: try MirrorFixtures.models())
    try mirror.provision()

    let twins = try MirrorFixtures.twinsPerModel(backend)
    let units = scenario.devices.reduce(0) { $0 + $1.count }
    #expect(twins[LabGraph.deviceModel] == units)
    #expect(twins[LabGraph.labModel] == 1)
    #expect(twins[LabGraph.staffModel] == scenario.staff.count)
    #expect(twins[LabGraph.processModel] == scenario.processes.count)
    #expect(twins[LabGraph.simulationModel] == 1)

    // scanner 1, centrifuge 2, press 2, pooling 3, qc_bench 1, labeler 1.
    let relationships = try MirrorFixtures.relationshipsPerName(backend)
    #expect(relationships["contains"] == 10)
    #expect(relationships["uses"] == 10)
    #expect(relationships["runs"] == 1)
    #expect(relationships["simulates"] == 1)
    // Technicians set up centrifuges and run presses, pooling and QC benches.
    #expect(relationships["operates"] == 2 + 2 + 3 + 1)
    // scanner→centrifuge 2, centrifuge→press 4, press→pooling 6 (through the
    // rest rack), pooling→centrifuge 6, press→qc_bench 2, qc_bench→labeler 1.
    #expect(relationships["feeds"] == 2 + 4 + 6 + 6 + 2 + 1)
    let feed = try backend.relationship(source: "press-1", id: "press-1-feeds-pooling-3")
    guard case .object(let edge) = feed else {
      Issue.record("the relationship is not an object")
      return
    }
    #expect(edge["$targetId"] == .string("pooling-3"))
  }

  @Test func finalTwinsEqualEngineState() throws {
    let scenario = try MirrorFixtures.scenario()
    let backend = try EmbeddedBackend()
    let mirror = LabMirror(
      scenario: scenario, backend: backend, models: try MirrorFixtures.models())
    try mirror.provision()
    let simulation = try Simulation(
      scenario: scenario, options: RunOptions(horizon: 129_600, warmup: 21_600))
    mirror.attach(to: simulation, runId: "test-run")
    simulation.runToEnd()
    let summary = try mirror.finish(simulation: simulation)
    let result = simulation.result()

    #expect(summary.streamer.failed == 0)
    #expect(summary.streamer.sent > 0)
    #expect(summary.streamer.produced == summary.streamer.merged + summary.streamer.sentUpdates)
    let states = simulation.unitStates
    var queues: [String: Int] = [:]
    let stepDevices = LabGraph.stepDevices(scenario)
    for (step, length) in simulation.queueLengths {
      if let device = stepDevices[step] { queues[device, default: 0] += length }
    }
    for device in result.devices {
      for (index, unit) in device.units.enumerated() {
        let id = LabGraph.unitId(device: device.name, index: index)
        let twin = try MirrorFixtures.document(backend, id)
        let state = states.first { $0.device == device.name && $0.index == index }?.state
        #expect(twin["status"] == .string(state?.rawValue ?? "?"), "\(id)")
        // StateTimes sums its dictionary in iteration order, which differs
        // between dictionary instances, so two `result()` calls may differ in
        // the last bit of a utilization.
        #expect(close(twin["utilization"], unit.utilization), "\(id)")
        #expect(twin["queueLength"] == .number(Double(queues[device.name] ?? 0)), "\(id)")
        guard case .object(let times)? = twin["timeInState"] else {
          Issue.record("\(id) has no timeInState")
          continue
        }
        for (key, unitState) in zip(LabGraph.stateTimeKeys, UnitState.allCases) {
          #expect(times[key] == .number(unit.states[unitState]), "\(id) \(key)")
        }
      }
    }
    let process = try MirrorFixtures.document(backend, LabGraph.processId("whole_blood"))
    #expect(process["wip"] == .number(Double(result.kpis.wipEnd)))
    let spins = try MirrorFixtures.document(backend, "centrifuge-1")
    guard case .number(let processed)? = spins["totalProcessed"] else {
      Issue.record("centrifuge-1 has no totalProcessed")
      return
    }
    #expect(processed > 0)
    let run = try MirrorFixtures.document(backend, mirror.graph.simulationId)
    #expect(run["status"] == .string("Completed"))
    #expect(run["simulatedTime"] == .number(result.time))
    #expect(run["runId"] == .string("test-run"))
  }

  @Test func twinsCountFinishedEntities() throws {
    let scenario = try MirrorFixtures.scenario()
    let backend = try EmbeddedBackend()
    let mirror = LabMirror(
      scenario: scenario, backend: backend, models: try MirrorFixtures.models())
    try mirror.provision()
    let simulation = try Simulation(
      scenario: scenario, options: RunOptions(horizon: 86_400, warmup: 0))
    var finished: [String: Int] = [:]
    var inJob: [String: Int] = [:]
    simulation.observer = { _, change in
      switch change {
      case .jobStarted(let device, let index, let entities):
        inJob[LabGraph.unitId(device: device, index: index)] = entities
      case .jobFinished(let device, let index, let entities):
        finished[LabGraph.unitId(device: device, index: index), default: 0] += entities
      case .unit(let device, let index, _, let to) where to == .idle:
        inJob[LabGraph.unitId(device: device, index: index)] = 0
      default:
        break
      }
    }
    mirror.attach(to: simulation, runId: "count-run")
    simulation.runToEnd()
    _ = try mirror.finish(simulation: simulation)

    for device in scenario.devices {
      for index in 0..<device.count {
        let id = LabGraph.unitId(device: device.name, index: index)
        let twin = try MirrorFixtures.document(backend, id)
        #expect(twin["totalProcessed"] == .number(Double(finished[id] ?? 0)), "\(id)")
        #expect(twin["inUse"] == .number(Double(inJob[id] ?? 0)), "\(id)")
      }
    }

    // The scanner's only step is the first: every arrival that was not lost has
    // passed it, waits in front of it, or is on it now.
    let result = simulation.result()
    let scanner = try MirrorFixtures.document(backend, "scanner-1")
    let waiting = simulation.queueLengths.first { $0.step == "whole_blood.receive" }?.length ?? 0
    let onScanner = Double(inJob["scanner-1"] ?? 0)
    let passed = Double(result.kpis.arrivals - result.kpis.lost - waiting) - onScanner
    #expect(scanner["totalProcessed"] == .number(passed))
    #expect(passed > 200)
  }

  @Test func provisioningTwiceChangesNothing() throws {
    let scenario = try MirrorFixtures.scenario()
    let backend = try EmbeddedBackend()
    let models = try MirrorFixtures.models()
    let first = try LabMirror(scenario: scenario, backend: backend, models: models).provision()
    #expect(!first.isEmpty)
    let twins = try MirrorFixtures.twinsPerModel(backend)
    let second = try LabMirror(scenario: scenario, backend: backend, models: models).provision()
    #expect(second.isEmpty)
    #expect(try MirrorFixtures.twinsPerModel(backend) == twins)

    // A second mirrored run over the same twins patches them without failures.
    let mirror = LabMirror(scenario: scenario, backend: backend, models: models)
    try mirror.provision()
    let simulation = try Simulation(
      scenario: scenario, options: RunOptions(horizon: 7_200, warmup: 0))
    mirror.attach(to: simulation, runId: "again")
    simulation.runToEnd()
    #expect(try mirror.finish(simulation: simulation).streamer.failed == 0)
  }

  @Test func syncFollowsDeviceCount() throws {
    var scenario = try MirrorFixtures.scenario()
    let backend = try EmbeddedBackend()
    let sync = LabSync(backend: backend, models: try MirrorFixtures.models())
    try sync.apply(try sync.plan(LabGraph(scenario: scenario)))
    // A twin of another owner, which sync must leave alone.
    _ = try backend.createOrReplaceTwin(
      "pooling-9",
      .object(["$metadata": .object(["$model": .string(LabGraph.deviceModel)])]),
      ifNoneMatch: nil)

    guard let pooling = scenario.devices.firstIndex(where: { $0.name == "pooling" }) else {
      Issue.record("the default lab has no pooling device")
      return
    }
    scenario.devices[pooling].count = 2
    let plan = try sync.plan(LabGraph(scenario: scenario))
    let deletedTwins = plan.compactMap { action -> String? in
      if case .deleteTwin(let id) = action { return id }
      return nil
    }
    #expect(deletedTwins == ["pooling-3"])
    #expect(!plan.contains { if case .createTwin = $0 { true } else { false } })
    let firstTwinDeletion = plan.firstIndex { if case .deleteTwin = $0 { true } else { false } }
    let lastRelationshipDeletion = plan.lastIndex {
      if case .deleteRelationship = $0 { true } else { false }
    }
    #expect((lastRelationshipDeletion ?? -1) < (firstTwinDeletion ?? -1))

    try sync.apply(plan)
    #expect(try sync.plan(LabGraph(scenario: scenario)).isEmpty)
    #expect(try MirrorFixtures.document(backend, "pooling-9")["$dtId"] == .string("pooling-9"))
    #expect(throws: TwinBackendError.self) { try backend.twin("pooling-3") }

    scenario.devices[pooling].count = 4
    let growth = try sync.plan(LabGraph(scenario: scenario))
    #expect(
      growth.contains {
        if case .createTwin(let twin) = $0 { twin.id == "pooling-3" } else { false }
      })
    #expect(
      growth.contains {
        if case .createTwin(let twin) = $0 { twin.id == "pooling-4" } else { false }
      })
  }
}
