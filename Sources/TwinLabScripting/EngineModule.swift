import TwinLabEngine
import TwinLabLanguage
import TwinLabModel

/// The engine's script operations: `simulate(lab, ...)` runs the declared lab,
/// `experiment(...)` runs a declared experiment or one given as a record.
///
/// `simulate(lab, horizon: 2d, warmup: 1d, seed: 7, replications: 5,
/// whatif: "third centrifuge", set: { "centrifuge.count": 3 })` returns one
/// record of KPIs (means over the replications, with an `intervals` record when
/// there are two or more). `experiment("capacity")` or `experiment({ variants:
/// ["baseline", "busy day"], replications: 3, horizon: 1d })` returns a record
/// with one entry per variant, each with its KPIs, intervals and paired
/// differences from the baseline.
public final class EngineModule: HostModule, Sendable {
  public let operations: Set<String> = ["simulate", "experiment"]
  /// Worker threads for replications.
  let jobs: Int

  public init(jobs: Int = 1) {
    self.jobs = max(1, jobs)
  }

  public func perform(_ name: String, arguments: [HostArgument], scenario: Scenario?) throws
    -> Value
  {
    guard let scenario else {
      throw HostError("\(name) needs a lab: declare one before calling \(name)")
    }
    let call = ScriptCall(name: name, arguments: arguments)
    do {
      if name == "simulate" { return try simulate(call, scenario) }
      return try experiment(call, scenario)
    } catch let error as ExperimentError {
      throw HostError("\(name): \(error.message)")
    }
  }

  func simulate(_ call: ScriptCall, _ scenario: Scenario) throws -> Value {
    try call.allow(["horizon", "warmup", "seed", "replications", "whatif", "set"])
    var assignments: [ParameterAssignment] = []
    if let whatIfName = try call.string("whatif") {
      guard let whatIf = scenario.whatifs.first(where: { $0.name == whatIfName }) else {
        throw HostError(
          "simulate: unknown whatif '\(whatIfName)'; declared: "
            + scenario.whatifs.map(\.name).joined(separator: ", "))
      }
      assignments += whatIf.assignments
    }
    assignments += try call.assignments("set", in: scenario)
    let replications = try call.count("replications") ?? 1
    let options = RunOptions(
      horizon: try call.seconds("horizon"), warmup: try call.seconds("warmup"),
      seed: try call.seed())
    let lab = try applied(scenario, assignments)
    let plan = ExperimentPlan(
      name: "simulate",
      variants: [PlannedVariant(name: "baseline", scenario: lab, isSweepPoint: false)],
      replications: replications, options: options,
      measures: KPIMeasure.measures(for: ScriptRecords.measureNames, in: lab))
    try ExperimentRunner.check(plan)
    let runs = ExperimentRunner(jobs: jobs).run(plan)
    let summary = ExperimentSummary(plan: plan, runs: runs)
    return ScriptRecords.variant(summary.variants[0], intervals: replications >= 2)
  }

  func experiment(_ call: ScriptCall, _ scenario: Scenario) throws -> Value {
    let experiment: Experiment
    switch call.positional.first {
    case .string(let name):
      try call.allow(["replications", "seed"])
      guard let found = scenario.experiments.first(where: { $0.name == name }) else {
        throw HostError(
          "experiment: unknown experiment '\(name)'; declared: "
            + scenario.experiments.map(\.name).joined(separator: ", "))
      }
      experiment = found
    case .record(let record):
      try call.allow(["replications", "seed"])
      experiment = try ScriptCall.experiment(record, in: scenario)
    default:
      throw HostError("experiment needs an experiment name or a record such as { variants: [...] }")
    }
    let plan = try ExperimentPlan(
      experiment: experiment, scenario: scenario, replications: try call.count("replications"),
      seed: try call.seed())
    try ExperimentRunner.check(plan)
    let runs = ExperimentRunner(jobs: jobs).run(plan)
    return ScriptRecords.experiment(ExperimentSummary(plan: plan, runs: runs))
  }

  func applied(_ scenario: Scenario, _ assignments: [ParameterAssignment]) throws -> Scenario {
    do {
      return try scenario.applying(assignments)
    } catch {
      throw HostError(error.message)
    }
  }
}
