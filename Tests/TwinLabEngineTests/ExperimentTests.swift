import Synchronization
import Testing
import TwinLabModel

@testable import TwinLabEngine

/// A two-station line with whatifs and a sweep, short enough for debug builds.
private func studyLab(replications: Int? = 3) -> Scenario {
  var lab = TestModels.line(
    interarrival: .exponential(mean: 60),
    services: [.exponential(mean: 50), .exponential(mean: 40)], name: "study")
  lab.horizon = 4 * 3_600
  lab.warmup = 1_800
  lab.whatifs = [
    WhatIf(
      name: "faster first",
      assignments: [
        ParameterAssignment(
          parameter: .deviceTime(device: "s1"), value: .distribution(.exponential(mean: 30)))
      ]),
    WhatIf(
      name: "same count",
      assignments: [ParameterAssignment(parameter: .deviceCount(device: "s1"), value: .number(1))]),
  ]
  lab.experiments = [
    Experiment(
      name: "study", replications: replications, variants: ["baseline", "faster first"],
      sweeps: [Sweep(parameter: .deviceCount(device: "s2"), values: [.number(1), .number(2)])],
      measures: ["throughput", "cycle_time", "utilization"])
  ]
  return lab
}

@Suite struct ExperimentTests {
  @Test func planListsBaselineWhatifsAndGrid() throws {
    var lab = studyLab()
    lab.experiments[0].sweeps.append(
      Sweep(parameter: .arrivalScale(process: "jobs"), values: [.number(1), .number(1.5)]))
    let plan = try ExperimentPlan(experiment: lab.experiments[0], scenario: lab)
    #expect(
      plan.variants.map(\.name) == [
        "baseline", "faster first", "s2.count=1,jobs.arrivals.scale=1",
        "s2.count=1,jobs.arrivals.scale=1.5", "s2.count=2,jobs.arrivals.scale=1",
        "s2.count=2,jobs.arrivals.scale=1.5",
      ])
    #expect(plan.variants[5].scenario.devices[1].count == 2)
    #expect(plan.variants[5].scenario.processes[0].arrivalScale == 1.5)
    #expect(plan.variants.map(\.isSweepPoint) == [false, false, true, true, true, true])
    #expect(
      plan.measures.map(\.name) == ["throughput", "cycle_time", "utilization.s1", "utilization.s2"])
    #expect(plan.runs.count == 18)
  }

  struct BadPlanCase: Sendable, CustomTestStringConvertible {
    var change: @Sendable (inout Experiment) -> Void
    var replications: Int?
    var fragment: String
    var testDescription: String { fragment }
  }

  static let badPlans: [BadPlanCase] = [
    BadPlanCase(
      change: { $0.variants.append("faster frist") }, replications: nil,
      fragment: "names unknown variant 'faster frist'; did you mean 'faster first'?"),
    BadPlanCase(
      change: { $0.sweeps[0].values = [] }, replications: nil,
      fragment: "sweeps s2.count over no values"),
    BadPlanCase(
      change: { $0.sweeps[0].values = [.number(-1)] }, replications: nil,
      fragment: "variant 's2.count=-1': s2.count must be a whole number from 0"),
    BadPlanCase(
      change: { $0.sweeps[0].parameter = .bufferCapacity(buffer: "shelf") }, replications: nil,
      fragment: "names buffer 'shelf', which this lab does not declare"),
    BadPlanCase(change: { _ in }, replications: 1, fragment: "needs at least 2"),
    BadPlanCase(change: { $0.replications = 1 }, replications: nil, fragment: "has 1 replication;"),
  ]

  @Test(arguments: badPlans) func badExperimentFailsBeforeRunning(_ item: BadPlanCase) {
    let lab = studyLab()
    var experiment = lab.experiments[0]
    item.change(&experiment)
    #expect {
      _ = try ExperimentPlan(experiment: experiment, scenario: lab, replications: item.replications)
    } throws: { error in
      (error as? ExperimentError)?.message.contains(item.fragment) == true
    }
  }

  @Test func resultsDoNotDependOnJobs() throws {
    let lab = studyLab()
    let plan = try ExperimentPlan(experiment: lab.experiments[0], scenario: lab)
    let one = ExperimentRunner(jobs: 1).run(plan)
    let four = ExperimentRunner(jobs: 4).run(plan)
    #expect(!one.interrupted)
    #expect(!four.interrupted)
    #expect(one.results == four.results)
    #expect(one.finishedCount == plan.runs.count)
    #expect(ExperimentSummary(plan: plan, runs: one) == ExperimentSummary(plan: plan, runs: four))
  }

  @Test func replicationsUseCommonSubstreams() throws {
    let lab = studyLab()
    let plan = try ExperimentPlan(experiment: lab.experiments[0], scenario: lab)
    let runs = ExperimentRunner(jobs: 2).run(plan)
    // Variant 2 sets s2.count = 1, the base value: on common random numbers it
    // repeats the baseline run for run, so every difference is exactly zero.
    #expect(runs.results[2] == runs.results[0])
    let summary = ExperimentSummary(plan: plan, runs: runs)
    for kpi in summary.variants[2].kpis {
      #expect(kpi.difference?.mean == 0)
      #expect(kpi.difference?.excludesZero == false)
    }
    // Different replications use different substreams.
    #expect(runs.results[0][0]?.kpis.products != runs.results[0][1]?.kpis.products)
    // A faster first station takes load off it: utilization drops with a
    // paired interval that excludes zero.
    let faster = try #require(summary.variants[1].kpi("utilization.s1")?.difference)
    #expect(faster.excludesZero)
    #expect(faster.mean < 0)
  }

  @Test func stoppedRunsKeepCompletePairs() throws {
    let lab = studyLab(replications: 4)
    let plan = try ExperimentPlan(experiment: lab.experiments[0], scenario: lab)
    let counter = Counter()
    let runs = ExperimentRunner(jobs: 1).run(plan, shouldStop: { counter.next() > 9 })
    #expect(runs.interrupted)
    #expect(runs.finishedCount < plan.runs.count)
    let summary = ExperimentSummary(plan: plan, runs: runs)
    #expect(summary.replications == runs.completeReplications.count)
    #expect(summary.variants.allSatisfy { $0.replications == summary.replications })
  }

  @Test func queueSeriesSamplesWholeRun() throws {
    let lab = studyLab()
    let series = QueueSeries.sample(lab, options: RunOptions(), points: 8)
    #expect(series.times.count == 9)
    #expect(series.lengths.count == 9)
    #expect(series.times.first == 0)
    #expect(series.times.last == lab.horizon)
    #expect(series.warmup == 1_800)
    #expect(series.lengths[0] == 0)
    #expect(series.lengths.contains { $0 > 0 })
    let simulation = try Simulation(scenario: lab)
    simulation.run(until: 4 * 3_600 / 2)
    #expect(simulation.queueLengths.reduce(0) { $0 + $1.length } == series.lengths[4])
  }

  struct TargetCase: Sendable, CustomTestStringConvertible {
    var text: String
    var value: Double?
    var fragment: String?
    var testDescription: String { text }
  }

  static let targets: [TargetCase] = [
    TargetCase(text: "throughput >= 150/day", value: 150, fragment: nil),
    TargetCase(text: "throughput>=6/h", value: 144, fragment: nil),
    TargetCase(text: "cycle_time <= 2h", value: 7_200, fragment: nil),
    TargetCase(text: "utilization.s1 < 85%", value: 0.85, fragment: nil),
    TargetCase(text: "throughput = 5", value: nil, fragment: "malformed target"),
    TargetCase(text: ">= 5", value: nil, fragment: "malformed target"),
    TargetCase(text: "throughput >= fast", value: nil, fragment: "is not a number"),
    TargetCase(
      text: "throughpt >= 5", value: nil, fragment: "unknown KPI 'throughpt'; the experiment"),
    TargetCase(text: "cycle_time <= 5/day", value: nil, fragment: "unit '/day'"),
  ]

  @Test(arguments: targets) func targetIsParsedAgainstMeasures(_ item: TargetCase) throws {
    let lab = studyLab()
    let plan = try ExperimentPlan(experiment: lab.experiments[0], scenario: lab)
    if let value = item.value {
      let target = try KPITarget(parsing: item.text, measures: plan.measures)
      #expect(abs(target.value - value) < 1e-9)
    } else {
      #expect {
        _ = try KPITarget(parsing: item.text, measures: plan.measures)
      } throws: { error in
        (error as? ExperimentError)?.message.contains(item.fragment ?? "") == true
      }
    }
  }

  @Test func targetPicksFirstSweepPointMeetingIt() throws {
    let lab = studyLab()
    let plan = try ExperimentPlan(experiment: lab.experiments[0], scenario: lab)
    let summary = ExperimentSummary(plan: plan, runs: ExperimentRunner(jobs: 2).run(plan))
    let sweep = summary.variants.filter(\.isSweepPoint)
    let low = try #require(sweep.last?.kpi("throughput")?.estimate.low)
    let reachable = try KPITarget(parsing: "throughput >= \(low - 1e-6)", measures: plan.measures)
    let found = try #require(summary.smallestVariant(meeting: reachable))
    #expect(found.isSweepPoint)
    let unreachable = try KPITarget(parsing: "throughput >= 1000000", measures: plan.measures)
    #expect(summary.smallestVariant(meeting: unreachable) == nil)
  }
}

/// Counts calls from worker threads.
private final class Counter: Sendable {
  private let value = Synchronization.Mutex(0)
  func next() -> Int {
    value.withLock {
      $0 += 1; return $0
    }
  }
}
