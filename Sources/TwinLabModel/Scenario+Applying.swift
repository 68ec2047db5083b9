/// A parameter value that a scenario cannot take, such as a negative device count.
public struct ParameterError: Error, Sendable, Equatable {
  /// The parameter the value was meant for.
  public var parameter: ModelParameter
  /// One sentence: the path, the value found and what is allowed.
  public var message: String

  public init(parameter: ModelParameter, message: String) {
    self.parameter = parameter
    self.message = message
  }
}

extension Scenario {
  /// The largest count, batch, capacity or head-count a variant may set; larger
  /// values would allocate millions of units or places.
  public static let largestCount = 10_000

  /// Returns a copy of the scenario with a what-if's assignments applied in order.
  ///
  /// - Throws: `ParameterError` for a value the parameter cannot take or a path
  ///   that names no element of this scenario.
  public func applying(_ whatIf: WhatIf) throws(ParameterError) -> Scenario {
    try applying(whatIf.assignments)
  }

  /// Returns a copy of the scenario with the assignments applied in order. A
  /// later assignment to the same parameter wins.
  ///
  /// - Throws: `ParameterError` for a value the parameter cannot take or a path
  ///   that names no element of this scenario.
  public func applying(_ assignments: [ParameterAssignment]) throws(ParameterError) -> Scenario {
    var copy = self
    for assignment in assignments {
      try copy.apply(assignment)
    }
    return copy
  }

  mutating func apply(_ assignment: ParameterAssignment) throws(ParameterError) {
    let parameter = assignment.parameter
    let value = assignment.value
    switch parameter {
    case .deviceCount(let name):
      let count = try ParameterCheck.count(value, for: parameter, minimum: 0)
      try updateDevice(name, parameter) { $0.count = count }
    case .deviceBatch(let name):
      let batch = try ParameterCheck.count(value, for: parameter, minimum: 1)
      try updateDevice(name, parameter) { $0.batch = batch }
    case .deviceFill(let name):
      let seconds = try ParameterCheck.nonNegative(
        value, for: parameter, what: "a duration in seconds")
      try updateDevice(name, parameter) { $0.fill = seconds }
    case .deviceTime(let name):
      let time = try ParameterCheck.distribution(value, for: parameter)
      try updateDevice(name, parameter) { $0.time = time }
    case .deviceSetup(let name):
      let setup = try ParameterCheck.distribution(value, for: parameter)
      try updateDevice(name, parameter) { $0.setup = setup }
    case .deviceCostPerHour(let name):
      let cost = try ParameterCheck.nonNegative(value, for: parameter, what: "a cost per hour")
      try updateDevice(name, parameter) { $0.costPerHour = cost }
    case .staffHeadcount(let pool, let shift):
      let count = try ParameterCheck.count(value, for: parameter, minimum: 0)
      try updateStaff(pool, parameter) { staff throws(ParameterError) in
        guard let index = staff.headcount.firstIndex(where: { $0.shift == shift }) else {
          let shifts = staff.headcount.map(\.shift).joined(separator: ", ")
          throw ParameterError(
            parameter: parameter,
            message: "staff pool '\(pool)' has no shift '\(shift)'; its shifts are \(shifts)")
        }
        staff.headcount[index].count = count
      }
    case .staffCostPerHour(let pool):
      let cost = try ParameterCheck.nonNegative(value, for: parameter, what: "a cost per hour")
      try updateStaff(pool, parameter) { $0.costPerHour = cost }
    case .bufferCapacity(let name):
      let capacity = try ParameterCheck.count(value, for: parameter, minimum: 1)
      guard let index = buffers.firstIndex(where: { $0.name == name }) else {
        throw ParameterCheck.missing("buffer", name, parameter)
      }
      buffers[index].capacity = capacity
    case .arrivalScale(let process):
      let scale = try ParameterCheck.scale(value, for: parameter)
      try updateProcess(process, parameter) { $0.arrivalScale = scale }
    case .expiryLimit(let process):
      let limit = try ParameterCheck.nonNegative(
        value, for: parameter, what: "a duration in seconds")
      guard limit > 0 else {
        throw ParameterError(
          parameter: parameter,
          message: "\(parameter.path) must be a positive duration, found \(limit) s")
      }
      try updateProcess(process, parameter) { item in
        item.expiry = Expiry(limit: limit, attribute: item.expiry?.attribute)
      }
    case .stepTime, .holdMinimum, .poolSize:
      try applyStage(parameter, value)
    }
  }

  mutating func applyStage(_ parameter: ModelParameter, _ value: ParameterValue)
    throws(ParameterError)
  {
    switch parameter {
    case .stepTime(let process, let stage):
      let time = try ParameterCheck.distribution(value, for: parameter)
      try updateStage(process, stage, parameter) { item throws(ParameterError) in
        switch item {
        case .step(var step):
          step.time = time
          item = .step(step)
        case .pool(var pool):
          pool.time = time
          item = .pool(pool)
        default:
          throw ParameterCheck.wrongStage(parameter, "a step or pool")
        }
      }
    case .holdMinimum(let process, let stage):
      let minimum = try ParameterCheck.nonNegative(
        value, for: parameter, what: "a duration in seconds")
      try updateStage(process, stage, parameter) { item throws(ParameterError) in
        guard case .hold(var hold) = item else {
          throw ParameterCheck.wrongStage(parameter, "a hold")
        }
        hold.minimum = minimum
        item = .hold(hold)
      }
    case .poolSize(let process, let stage):
      let size = try ParameterCheck.count(value, for: parameter, minimum: 1)
      try updateStage(process, stage, parameter) { item throws(ParameterError) in
        guard case .pool(var pool) = item else {
          throw ParameterCheck.wrongStage(parameter, "a pool")
        }
        pool.size = size
        item = .pool(pool)
      }
    default:
      break
    }
  }

  mutating func updateDevice(
    _ name: String, _ parameter: ModelParameter,
    _ change: (inout Device) throws(ParameterError) -> Void
  ) throws(ParameterError) {
    guard let index = devices.firstIndex(where: { $0.name == name }) else {
      throw ParameterCheck.missing("device", name, parameter)
    }
    try change(&devices[index])
  }

  mutating func updateStaff(
    _ name: String, _ parameter: ModelParameter,
    _ change: (inout StaffPool) throws(ParameterError) -> Void
  ) throws(ParameterError) {
    guard let index = staff.firstIndex(where: { $0.name == name }) else {
      throw ParameterCheck.missing("staff pool", name, parameter)
    }
    try change(&staff[index])
  }

  mutating func updateProcess(
    _ name: String, _ parameter: ModelParameter,
    _ change: (inout Process) throws(ParameterError) -> Void
  ) throws(ParameterError) {
    guard let index = processes.firstIndex(where: { $0.name == name }) else {
      throw ParameterCheck.missing("process", name, parameter)
    }
    try change(&processes[index])
  }

  mutating func updateStage(
    _ process: String, _ stage: String, _ parameter: ModelParameter,
    _ change: (inout Stage) throws(ParameterError) -> Void
  ) throws(ParameterError) {
    try updateProcess(process, parameter) { item throws(ParameterError) in
      guard let index = item.stageIndex(named: stage) else {
        throw ParameterError(
          parameter: parameter, message: "process '\(process)' has no step '\(stage)'")
      }
      try change(&item.stages[index])
    }
  }
}
