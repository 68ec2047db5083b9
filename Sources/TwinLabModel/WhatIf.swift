/// A named variant of the lab: assignments to model parameters, applied to a
/// copy of the base scenario and never to the base itself.
public struct WhatIf: Sendable, Equatable {
  public var name: String
  public var assignments: [ParameterAssignment]

  public init(name: String, assignments: [ParameterAssignment]) {
    self.name = name
    self.assignments = assignments
  }
}

/// A value given to one model parameter.
public struct ParameterAssignment: Sendable, Equatable {
  public var parameter: ModelParameter
  public var value: ParameterValue

  public init(parameter: ModelParameter, value: ParameterValue) {
    self.parameter = parameter
    self.value = value
  }
}

/// A resolved path into the lab model, such as `centrifuge.count` or `tech.late`.
///
/// The language resolves and type-checks paths when it builds the scenario, so
/// each case names elements that exist.
public enum ModelParameter: Sendable, Equatable, Hashable {
  case deviceCount(device: String)
  case deviceBatch(device: String)
  case deviceFill(device: String)
  case deviceTime(device: String)
  case deviceSetup(device: String)
  case deviceCostPerHour(device: String)
  case staffHeadcount(pool: String, shift: String)
  case staffCostPerHour(pool: String)
  case bufferCapacity(buffer: String)
  case arrivalScale(process: String)
  case stepTime(process: String, step: String)
  case holdMinimum(process: String, stage: String)
  case poolSize(process: String, stage: String)
  case expiryLimit(process: String)

  /// The path as written in a scenario, such as `tech.late`.
  public var path: String {
    switch self {
    case .deviceCount(let device): "\(device).count"
    case .deviceBatch(let device): "\(device).batch"
    case .deviceFill(let device): "\(device).fill"
    case .deviceTime(let device): "\(device).time"
    case .deviceSetup(let device): "\(device).setup"
    case .deviceCostPerHour(let device): "\(device).cost"
    case .staffHeadcount(let pool, let shift): "\(pool).\(shift)"
    case .staffCostPerHour(let pool): "\(pool).cost"
    case .bufferCapacity(let buffer): "\(buffer).capacity"
    case .arrivalScale(let process): "\(process).arrivals.scale"
    case .stepTime(let process, let step): "\(process).\(step).time"
    case .holdMinimum(let process, let stage): "\(process).\(stage).minimum"
    case .poolSize(let process, let stage): "\(process).\(stage).size"
    case .expiryLimit(let process): "\(process).expire"
    }
  }
}

/// The value of a model parameter: a plain number (counts, scales, seconds) or
/// a distribution (times).
public enum ParameterValue: Sendable, Equatable {
  case number(Double)
  case distribution(Distribution)
}

/// A study that compares variants of the lab with replications.
public struct Experiment: Sendable, Equatable {
  public var name: String
  /// Run length in seconds; `nil` uses the lab's horizon.
  public var horizon: Double?
  /// Warm-up in seconds; `nil` uses the lab's warm-up.
  public var warmup: Double?
  public var replications: Int?
  /// What-if names to compare; `baseline` names the unchanged lab.
  public var variants: [String]
  /// A grid over one or more parameters: every combination is a variant.
  public var sweeps: [Sweep]
  /// KPI names to report, such as `throughput` and `cycle_time`.
  public var measures: [String]

  public init(
    name: String, horizon: Double? = nil, warmup: Double? = nil, replications: Int? = nil,
    variants: [String] = [], sweeps: [Sweep] = [], measures: [String] = []
  ) {
    self.name = name
    self.horizon = horizon
    self.warmup = warmup
    self.replications = replications
    self.variants = variants
    self.sweeps = sweeps
    self.measures = measures
  }
}

/// The values one parameter takes across an experiment's grid.
public struct Sweep: Sendable, Equatable {
  public var parameter: ModelParameter
  public var values: [ParameterValue]

  public init(parameter: ModelParameter, values: [ParameterValue]) {
    self.parameter = parameter
    self.values = values
  }
}
