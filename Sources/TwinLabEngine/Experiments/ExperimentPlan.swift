import TwinLabModel

/// A problem with an experiment found before any run starts.
public struct ExperimentError: Error, Sendable, Equatable {
  public var message: String

  public init(_ message: String) { self.message = message }
}

/// One variant of an experiment: a name and the scenario it runs.
public struct PlannedVariant: Sendable, Equatable {
  /// `baseline`, a what-if name, or a sweep point such as `centrifuge.count=3`.
  public var name: String
  public var scenario: Scenario
  /// Whether the variant is a point of the experiment's sweep grid.
  public var isSweepPoint: Bool

  public init(name: String, scenario: Scenario, isSweepPoint: Bool) {
    self.name = name
    self.scenario = scenario
    self.isSweepPoint = isSweepPoint
  }
}

/// Everything an experiment runs, with every variant applied and checked.
public struct ExperimentPlan: Sendable {
  public var name: String
  /// Variants in report order; the first is always the baseline.
  public var variants: [PlannedVariant]
  public var replications: Int
  public var options: RunOptions
  public var measures: [KPIMeasure]

  /// Replications an experiment runs when neither it nor the caller sets a count.
  public static let defaultReplications = 10

  /// A plan of variants that the caller applied itself; one replication
  /// gives estimates without intervals.
  public init(
    name: String, variants: [PlannedVariant], replications: Int, options: RunOptions,
    measures: [KPIMeasure]
  ) {
    self.name = name
    self.variants = variants
    self.replications = max(1, replications)
    self.options = options
    self.measures = measures
  }

  /// Plans `experiment` on `scenario`.
  ///
  /// - Parameters:
  ///   - replications: Overrides the experiment's count when given.
  /// - Throws: `ExperimentError` for an unknown variant, a sweep with no values,
  ///   a value a parameter cannot take, or fewer than two replications.
  public init(
    experiment: Experiment, scenario: Scenario, replications: Int? = nil, seed: UInt64? = nil
  ) throws(ExperimentError) {
    name = experiment.name
    let count = replications ?? experiment.replications ?? Self.defaultReplications
    guard count >= 2 else {
      throw ExperimentError(
        "experiment '\(experiment.name)' has \(count) replication\(count == 1 ? "" : "s"); "
          + "a confidence interval needs at least 2")
    }
    self.replications = count
    options = RunOptions(horizon: experiment.horizon, warmup: experiment.warmup, seed: seed)
    var variants = [PlannedVariant(name: "baseline", scenario: scenario, isSweepPoint: false)]
    for variant in experiment.variants where variant != "baseline" {
      guard let whatIf = scenario.whatifs.first(where: { $0.name == variant }) else {
        let known = ["baseline"] + scenario.whatifs.map(\.name)
        var message = "experiment '\(experiment.name)' names unknown variant '\(variant)'"
        if let near = nearestName(to: variant, among: known) {
          message += "; did you mean '\(near)'?"
        }
        throw ExperimentError(message)
      }
      variants.append(try Self.variant(whatIf.name, whatIf.assignments, scenario, experiment))
    }
    for point in try Self.grid(experiment.sweeps, experiment: experiment.name) {
      let name = point.map { "\($0.parameter.path)=\(Self.describe($0.value))" }
        .joined(separator: ",")
      var variant = try Self.variant(name, point, scenario, experiment)
      variant.isSweepPoint = true
      variants.append(variant)
    }
    self.variants = variants
    let names = experiment.measures.isEmpty ? KPIMeasure.defaultNames : experiment.measures
    measures = KPIMeasure.measures(for: names, in: scenario)
  }

  /// Plans the baseline and every what-if of a file that declares no experiment.
  public init(whatIfsOf scenario: Scenario, replications: Int? = nil, seed: UInt64? = nil)
    throws(ExperimentError)
  {
    let experiment = Experiment(name: "whatifs", variants: scenario.whatifs.map(\.name))
    try self.init(
      experiment: experiment, scenario: scenario, replications: replications, seed: seed)
  }

  /// Every run: variant index and replication, replication-major so that an
  /// interrupted experiment has whole replications for as many variants as possible.
  public var runs: [(variant: Int, replication: Int)] {
    (0..<replications).flatMap { r in variants.indices.map { ($0, r) } }
  }

  static func variant(
    _ name: String, _ assignments: [ParameterAssignment], _ scenario: Scenario,
    _ experiment: Experiment
  ) throws(ExperimentError) -> PlannedVariant {
    do {
      let applied = try scenario.applying(assignments)
      return PlannedVariant(name: name, scenario: applied, isSweepPoint: false)
    } catch {
      throw ExperimentError(
        "experiment '\(experiment.name)', variant '\(name)': \(error.message)")
    }
  }

  /// Returns every combination of the sweeps' values, the first sweep varying slowest.
  static func grid(_ sweeps: [Sweep], experiment: String) throws(ExperimentError)
    -> [[ParameterAssignment]]
  {
    guard !sweeps.isEmpty else { return [] }
    var points: [[ParameterAssignment]] = [[]]
    for sweep in sweeps {
      guard !sweep.values.isEmpty else {
        throw ExperimentError(
          "experiment '\(experiment)' sweeps \(sweep.parameter.path) over no values; "
            + "give a range such as 1...4 or a non-empty list")
      }
      points = points.flatMap { point in
        sweep.values.map { point + [ParameterAssignment(parameter: sweep.parameter, value: $0)] }
      }
      guard points.count <= 10_000 else {
        throw ExperimentError(
          "experiment '\(experiment)' has more than 10000 sweep points; narrow the sweep")
      }
    }
    return points
  }

  static func describe(_ value: ParameterValue) -> String {
    switch value {
    case .number(let number):
      if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
      return "\(number)"
    case .distribution(let distribution): return "\(distribution)"
    }
  }
}
