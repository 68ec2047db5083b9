import Foundation
import Testing
import TwinLabModel

@testable import TwinLabEngine

/// Behaviour of the lab elements on small deterministic or short random models.
@Suite struct EngineBehaviourTests {
  /// Builds a line fed by one daily batch at midnight.
  static func batchLine(size: Int, stages: [Stage], devices: [Device]) -> Scenario {
    Scenario(
      name: "batch", devices: devices,
      processes: [Process(name: "bags", arrivals: [.daily(at: 0, batch: size)], stages: stages)])
  }

  @Test func stateTimesAddUpToObservedTime() throws {
    var scenario = TestModels.line(
      interarrival: .exponential(mean: 50),
      services: [.exponential(mean: 40), .exponential(mean: 45)], counts: [2, 1],
      capacities: [nil, 1])
    scenario.devices[0].failure = Failure(
      interval: .exponential(mean: 3_600), repair: .exponential(mean: 300))
    let result = try simulate(scenario, options: RunOptions(horizon: 20_000, warmup: 1_234.5))
    for device in result.devices {
      for unit in device.units {
        let total = UnitState.allCases.reduce(0) { $0 + unit.states[$1] }
        #expect(total == result.horizon - result.warmup, "\(unit.name)")
      }
    }
    #expect(result.devices[0].states[.down] > 0)
    #expect(result.devices[0].states[.blocked] > 0)
  }

  @Test func sameSeedGivesSameTrace() throws {
    func traceHash(seed: UInt64) throws -> Int {
      let scenario = TestModels.line(
        interarrival: .exponential(mean: 30),
        services: [.exponential(mean: 20), .uniform(low: 5, high: 40)],
        capacities: [nil, 2])
      let simulation = try Simulation(
        scenario: scenario, options: RunOptions(horizon: 50_000, seed: seed))
      var hasher = Hasher()
      var lines: [String] = []
      simulation.observer = { time, change in lines.append("\(time) \(change)") }
      simulation.runToEnd()
      for line in lines { hasher.combine(line) }
      return lines.count == 0 ? 0 : lines.joined(separator: "\n").hashValue
    }
    let first = try traceHash(seed: 4)
    #expect(first != 0)
    #expect(try traceHash(seed: 4) == first)
    #expect(try traceHash(seed: 5) != first)
  }

  @Test func deviceCountLeavesArrivalsUnchanged() throws {
    func arrivalTimes(count: Int) throws -> [Double] {
      let scenario = TestModels.line(
        interarrival: .exponential(mean: 30), services: [.exponential(mean: 50)], counts: [count])
      let simulation = try Simulation(scenario: scenario, options: RunOptions(horizon: 20_000))
      var times: [Double] = []
      simulation.observer = { time, change in
        if case .entity(_, _, .arrived) = change { times.append(time) }
      }
      simulation.runToEnd()
      return times
    }
    let two = try arrivalTimes(count: 2)
    #expect(two.count > 100)
    #expect(try arrivalTimes(count: 3) == two)
  }

  @Test func poolingNeverMixesGroups() throws {
    let groups = [WeightedLabel(label: "O", weight: 0.5), WeightedLabel(label: "A", weight: 0.5)]
    let scenario = Scenario(
      name: "pools",
      devices: [Device(name: "pooler", count: 2, time: .constant(60))],
      processes: [
        Process(
          name: "bc", arrivals: [.daily(at: 0, batch: 41)],
          attributes: [Attribute(name: "abo", rule: .choice(groups))],
          stages: [.pool(Pool(name: "pool", size: 4, attribute: "abo", device: "pooler"))])
      ])
    let simulation = try Simulation(scenario: scenario, options: RunOptions(horizon: 3_600))
    simulation.run(until: 0)
    var counts: [AttributeValue: Int] = [:]
    for entity in simulation.entities where entity.isAlive {
      counts[entity.attributes[0], default: 0] += 1
    }
    #expect(counts.values.reduce(0, +) == 41)
    var pooledGroups: [AttributeValue] = []
    simulation.observer = { _, change in
      if case .entity(_, let id, .completed) = change {
        pooledGroups.append(simulation.entities[id].attributes[0])
      }
    }
    simulation.runToEnd()
    let result = simulation.result()
    let expectedPools = counts.values.reduce(0) { $0 + $1 / 4 }
    #expect(result.kpis.products == expectedPools)
    for (group, count) in counts {
      #expect(pooledGroups.filter { $0 == group }.count == count / 4)
    }
    #expect(result.steps[0].queueNow == counts.values.reduce(0) { $0 + $1 % 4 })
    // Every pool member departs when its pool forms, and every pool when it finishes.
    #expect(result.kpis.departures == expectedPools * 5)
  }

  @Test func fullBufferBlocksUpstreamUnit() throws {
    let scenario = Self.batchLine(
      size: 5,
      stages: [
        .step(Step(name: "press", device: "press")),
        .hold(Hold(name: "rest", minimum: 1_000, buffer: "rack")),
        .step(Step(name: "label", device: "labeler")),
      ],
      devices: [
        Device(name: "press", time: .constant(10)), Device(name: "labeler", time: .constant(1)),
      ])
    var withRack = scenario
    withRack.buffers = [Buffer(name: "rack", capacity: 2)]
    let result = try simulate(withRack, options: RunOptions(horizon: 10_000))
    // Bags 1 and 2 fill the rack at 10 s and 20 s. Bag 3 ends at 30 s and
    // blocks the press until bag 1 leaves at 1,010 s; bag 4 takes bag 2's
    // place at 1,020 s; bag 5 blocks from 1,030 s to 2,010 s, rests until
    // 3,010 s and is labelled at 3,011 s.
    #expect(result.devices[0].states[.blocked] == 1_960)
    #expect(result.kpis.products == 5)
    #expect(result.kpis.cycleTime.max == 3_011)
  }

  @Test func failureInterruptsAndResumesJob() throws {
    var device = Device(name: "spin", time: .constant(100))
    device.failure = Failure(interval: .constant(35), repair: .constant(10))
    let scenario = Self.batchLine(
      size: 1, stages: [.step(Step(name: "spin", device: "spin"))], devices: [device])
    let result = try simulate(scenario, options: RunOptions(horizon: 1_000))
    // Processing 0-35, down 35-45, processing 45-80, down 80-90, processing 90-120.
    #expect(result.kpis.products == 1)
    #expect(result.kpis.cycleTime.max == 120)
  }

  @Test func busyTimeFailureCountsOnlyWork() throws {
    var device = Device(name: "spin", time: .constant(100))
    device.failure = Failure(
      interval: .constant(150), repair: .constant(10), countsBusyTimeOnly: true)
    let scenario = Self.batchLine(
      size: 2, stages: [.step(Step(name: "spin", device: "spin"))], devices: [device])
    let result = try simulate(scenario, options: RunOptions(horizon: 1_000))
    // Job 1 runs 0-100; job 2 fails after 50 more busy seconds (at 150),
    // repairs to 160 and ends at 210.
    #expect(result.kpis.cycleTime.max == 210)
    #expect(result.devices[0].states[.down] == 10)
  }

  @Test func shiftsSetStaffCapacity() throws {
    var scenario = Self.batchLine(
      size: 10, stages: [.step(Step(name: "work", device: "bench", staff: "tech"))],
      devices: [Device(name: "bench", count: 10, time: .constant(3_600))])
    scenario.shifts = [
      Shift(name: "early", start: 8 * 3_600, end: 12 * 3_600),
      Shift(name: "day", start: 10 * 3_600, end: 16 * 3_600),
    ]
    scenario.staff = [
      StaffPool(
        name: "tech",
        headcount: [
          ShiftHeadcount(shift: "early", count: 1), ShiftHeadcount(shift: "day", count: 2),
        ])
    ]
    let simulation = try Simulation(scenario: scenario, options: RunOptions(horizon: 86_400))
    simulation.run(until: 7 * 3_600)
    #expect(simulation.staffLevels[0].onDuty == 0)
    simulation.run(until: 11 * 3_600)
    #expect(simulation.staffLevels[0].onDuty == 3)
    simulation.runToEnd()
    let result = simulation.result()
    // 1 tech 8-10 (2 jobs), 3 techs 10-12 (6 jobs), 2 techs from 12 (2 jobs).
    #expect(result.kpis.products == 10)
    #expect(result.kpis.cycleTime.max == 13 * 3_600)
    #expect(result.staff[0].busyHours == 10)
    #expect(result.staff[0].paidHours == 16)
    // From 10:00 to 12:00 the three busy members split 1:2 between the shifts.
    let shifts = result.staff[0].shifts
    #expect(shifts.map(\.name) == ["early", "day"])
    #expect(abs(shifts[0].busyHours - 4) < 1e-9)
    #expect(abs(shifts[0].paidHours - 4) < 1e-9)
    #expect(abs(shifts[1].busyHours - 6) < 1e-9)
    #expect(abs(shifts[1].paidHours - 12) < 1e-9)
    #expect(abs(shifts[1].utilization - 0.5) < 1e-9)
  }

  @Test func memberFinishesJobAfterShiftEnd() throws {
    var scenario = Self.batchLine(
      size: 2, stages: [.step(Step(name: "work", device: "bench", staff: "tech"))],
      devices: [Device(name: "bench", count: 2, time: .constant(3_600))])
    scenario.shifts = [Shift(name: "short", start: 8 * 3_600, end: 8.5 * 3_600)]
    scenario.staff = [
      StaffPool(name: "tech", headcount: [ShiftHeadcount(shift: "short", count: 1)])
    ]
    let result = try simulate(scenario, options: RunOptions(horizon: 2 * 86_400))
    // The first job ends at 09:00, past the shift; the second waits a day.
    #expect(result.kpis.products == 2)
    #expect(result.kpis.cycleTime.max == 86_400 + 9 * 3_600)
    #expect(result.staff[0].paidHours == 2)
  }

  @Test func expiryAndScrapAreCounted() throws {
    let scenario = Scenario(
      name: "expiry",
      devices: [Device(name: "slow", time: .constant(600))],
      processes: [
        Process(
          name: "units", arrivals: [.daily(at: 0, batch: 1_000)],
          stages: [
            .route(
              Route(
                name: "route-1",
                branches: [RouteBranch(probability: 0.3, action: .scrap(reason: "QC fail"))])),
            .step(Step(name: "work", device: "slow")),
          ],
          expiry: Expiry(limit: 6_000))
      ])
    let result = try simulate(scenario, options: RunOptions(horizon: 20_000))
    let admitted = 1_000 - result.kpis.scrapped
    #expect(abs(Double(result.kpis.scrapped) - 300) < 4 * (1_000 * 0.3 * 0.7).squareRoot())
    #expect(result.kpis.scrapReasons == [NamedCount(name: "QC fail", count: result.kpis.scrapped)])
    // Ten jobs finish by 6,000 s; the one in service at 6,000 s expires too.
    #expect(result.kpis.products == 10)
    #expect(result.kpis.expired == admitted - 10)
    #expect(result.kpis.wipEnd == 0)
  }

  @Test func absentStaffGivesWarningAndStall() throws {
    var scenario = Self.batchLine(
      size: 3, stages: [.step(Step(name: "work", device: "bench", staff: "night"))],
      devices: [Device(name: "bench", time: .constant(60))])
    scenario.staff = [StaffPool(name: "night", headcount: [])]
    let simulation = try Simulation(scenario: scenario, options: RunOptions(horizon: 3 * 86_400))
    #expect(simulation.warnings.count == 1)
    #expect(simulation.warnings.first?.message.contains("night") == true)
    simulation.runToEnd()
    let stall = try #require(simulation.result().stall)
    #expect(stall.waits.contains { $0.contains("bench-1 waits for staff from night") })
    #expect(stall.waits.contains { $0.contains("wait in front of bags.work") })
  }

  @Test func unitDownFromOutsidePausesWork() throws {
    let scenario = Self.batchLine(
      size: 1, stages: [.step(Step(name: "spin", device: "spin"))],
      devices: [Device(name: "spin", time: .constant(100))])
    let simulation = try Simulation(scenario: scenario, options: RunOptions(horizon: 1_000))
    simulation.run(until: 40)
    try simulation.setUnitDown(device: "spin", index: 0, isDown: true)
    simulation.run(until: 70)
    #expect(simulation.unitStates[0].state == .down)
    try simulation.setUnitDown(device: "spin", index: 0, isDown: false)
    simulation.runToEnd()
    #expect(simulation.result().kpis.cycleTime.max == 130)
    #expect(throws: SimulationControlError.self) {
      try simulation.setUnitDown(device: "spni", index: 0, isDown: true)
    }
  }

  @Test func deviceCountChangesFromNow() throws {
    let scenario = Self.batchLine(
      size: 4, stages: [.step(Step(name: "spin", device: "spin"))],
      devices: [Device(name: "spin", time: .constant(100))])
    let simulation = try Simulation(scenario: scenario, options: RunOptions(horizon: 1_000))
    simulation.run(until: 50)
    try simulation.setDeviceCount(device: "spin", count: 3)
    simulation.runToEnd()
    let result = simulation.result()
    // Job 1 runs 0-100 on unit 1; jobs 2 and 3 start at 50 on the new units.
    #expect(result.kpis.cycleTime.max == 200)
    #expect(result.devices[0].units.count == 3)
    #expect(result.devices[0].units[1].states.observed == 950)
  }

  @Test func littlesLawHoldsWithPooling() throws {
    let groups = [WeightedLabel(label: "O", weight: 0.6), WeightedLabel(label: "A", weight: 0.4)]
    let scenario = Scenario(
      name: "little",
      devices: [
        Device(name: "press", time: .exponential(mean: 50)),
        Device(name: "pooler", count: 2, time: .uniform(low: 100, high: 300)),
      ],
      buffers: [Buffer(name: "rack", capacity: 40)],
      processes: [
        Process(
          name: "bags", arrivals: [.stream(interval: .exponential(mean: 60), from: nil, to: nil)],
          attributes: [Attribute(name: "abo", rule: .choice(groups))],
          stages: [
            .step(Step(name: "press", device: "press")),
            .hold(Hold(name: "rest", minimum: 1_800, buffer: "rack")),
            .pool(Pool(name: "pool", size: 4, attribute: "abo", device: "pooler")),
            .route(
              Route(
                name: "route-4",
                branches: [RouteBranch(probability: 0.1, action: .scrap(reason: "QC fail"))])),
          ],
          expiry: Expiry(limit: 4 * 3_600))
      ])
    let result = try simulate(scenario, options: RunOptions(horizon: 20 * 86_400, warmup: 86_400))
    let rate = Double(result.kpis.departures) / result.observed
    let predicted = rate * result.kpis.sojournMean
    #expect(result.kpis.products > 1_000)
    #expect(result.kpis.scrapped > 0)
    #expect(abs(result.kpis.wipMean - predicted) / predicted < 0.02)
  }
}

@Suite struct StallTests {
  @Test func zeroTimeLoopStopsWithReport() throws {
    let scenario = Scenario(
      name: "loop",
      devices: [Device(name: "instant", time: .constant(0))],
      processes: [
        Process(
          name: "bags", arrivals: [.daily(at: 0, batch: 1)],
          stages: [
            .step(Step(name: "work", device: "instant")),
            .route(
              Route(
                name: "route-2",
                branches: [RouteBranch(probability: 1, action: .goto(stage: "work"))]
              )),
          ])
      ])
    let simulation = try Simulation(
      scenario: scenario, options: RunOptions(horizon: 3_600, maximumEventsPerInstant: 10_000))
    #expect(simulation.runToEnd())
    let stall = try #require(simulation.result().stall)
    #expect(stall.waits.first?.contains("time stopped advancing") == true)
  }
}
