import TwinLabModel

/// Checks a scenario and run options for what the engine cannot run, naming
/// the element and its place in the source.
struct ScenarioValidator {
  var scenario: Scenario
  var horizon: Double
  var warmup: Double

  func check() -> [Diagnostic] {
    var problems: [Diagnostic] = []
    if !(horizon > 0) || !horizon.isFinite {
      problems.append(
        Diagnostic(
          .error, at: nil,
          "the horizon must be a positive duration, but it is \(Self.describe(horizon))"))
    }
    if !(warmup >= 0) || !warmup.isFinite {
      problems.append(
        Diagnostic(
          .error, at: nil,
          "the warm-up must be zero or positive, but it is \(Self.describe(warmup))"))
    } else if horizon <= warmup {
      problems.append(
        Diagnostic(
          .error, at: nil,
          "the horizon (\(Self.describe(horizon))) must be longer than the warm-up"
            + " (\(Self.describe(warmup))); give a longer --horizon or a shorter --warmup"))
    }
    for device in scenario.devices { problems += check(device) }
    for buffer in scenario.buffers where buffer.capacity < 1 {
      problems.append(
        error(
          "buffer '\(buffer.name)' has capacity \(buffer.capacity); it must hold at least 1",
          at: buffer.name))
    }
    for process in scenario.processes { problems += check(process) }
    return problems
  }

  /// Formats seconds the way a scenario writes them: `2d`, `36h`, `90min`, `45s`.
  static func describe(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds > 0 else { return "\(seconds)s" }
    for (unit, scale) in [("d", 86_400.0), ("h", 3_600), ("min", 60)]
    where (seconds / scale).rounded() == seconds / scale {
      return "\(Int(seconds / scale))\(unit)"
    }
    return seconds.rounded() == seconds ? "\(Int(seconds))s" : "\(seconds)s"
  }

  private func error(_ message: String, at key: String, suggestion: String? = nil) -> Diagnostic {
    Diagnostic(.error, at: scenario.locations[key], message, suggestion: suggestion)
  }

  private func check(_ device: Device) -> [Diagnostic] {
    var problems: [Diagnostic] = []
    if device.count < 0 {
      problems.append(
        error(
          "device '\(device.name)' has count \(device.count); it must be 0 or more", at: device.name
        ))
    }
    if device.batch < 1 {
      problems.append(
        error(
          "device '\(device.name)' has batch size \(device.batch); it must be at least 1",
          at: device.name))
    }
    if let fill = device.fill, !(fill >= 0) {
      problems.append(error("device '\(device.name)' has a negative fill window", at: device.name))
    }
    for pool in [device.timeStaff, device.setupStaff].compactMap({ $0 })
    where scenario.staffPool(named: pool) == nil {
      problems.append(
        error(
          "device '\(device.name)' needs staff pool '\(pool)', which the lab does not declare",
          at: device.name, suggestion: nearestName(to: pool, among: scenario.staff.map(\.name))))
    }
    return problems
  }

  private func check(_ process: Process) -> [Diagnostic] {
    var problems: [Diagnostic] = []
    let name = process.name
    if process.arrivals.isEmpty {
      problems.append(
        error("process '\(name)' has no arrivals, so nothing ever enters it", at: name))
    }
    for rule in process.arrivals {
      guard case .daily(_, let batch) = rule else { continue }
      let size = Double(batch) * process.arrivalScale
      if !(size <= 1_000_000) || batch < 0 {
        problems.append(
          error(
            "process '\(name)' has a daily batch of \(batch) (scaled by \(process.arrivalScale));"
              + " a batch must be between 0 and 1,000,000 entities",
            at: name))
      }
    }
    if process.stages.isEmpty {
      problems.append(error("process '\(name)' has no stages", at: name))
    }
    if let attribute = process.expiry?.attribute,
      !process.attributes.contains(where: { $0.name == attribute })
    {
      problems.append(
        error(
          "process '\(name)' expires after attribute '\(attribute)', which it does not declare",
          at: name, suggestion: nearestName(to: attribute, among: process.attributes.map(\.name))))
    }
    for (index, stage) in process.stages.enumerated() {
      problems += check(stage, at: index, in: process)
    }
    return problems
  }

  private func check(_ stage: Stage, at index: Int, in process: Process) -> [Diagnostic] {
    var problems: [Diagnostic] = []
    let key = "\(process.name).\(stage.name)"
    func requireDevice(_ device: String) -> Device? {
      guard let found = scenario.device(named: device) else {
        problems.append(
          error(
            "\(key) runs on device '\(device)', which the lab does not declare", at: key,
            suggestion: nearestName(to: device, among: scenario.devices.map(\.name))))
        return nil
      }
      return found
    }
    switch stage {
    case .step(let step):
      if let device = requireDevice(step.device) {
        if step.time == nil, device.time == nil {
          problems.append(
            error("\(key) has no time, and device '\(device.name)' gives none", at: key))
        }
        problems += checkStaff(step.staff ?? device.timeStaff, for: key)
        problems += checkStaff(device.setup == nil ? nil : device.setupStaff, for: key)
      }
      if let capacity = step.queueCapacity, capacity < 0 {
        problems.append(error("\(key) has queue \(capacity); it must be 0 or more", at: key))
      }
    case .pool(let pool):
      if pool.size < 1 {
        problems.append(
          error("\(key) pools \(pool.size) entities; it must pool at least 1", at: key))
      }
      if !process.attributes.contains(where: { $0.name == pool.attribute }) {
        problems.append(
          error(
            "\(key) groups by attribute '\(pool.attribute)', which process '\(process.name)' does not declare",
            at: key,
            suggestion: nearestName(to: pool.attribute, among: process.attributes.map(\.name))))
      }
      if let device = requireDevice(pool.device) {
        if pool.time == nil, device.time == nil {
          problems.append(
            error("\(key) has no time, and device '\(device.name)' gives none", at: key))
        }
        problems += checkStaff(pool.staff ?? device.timeStaff, for: key)
      }
      if index > 0, case .hold(let hold) = process.stages[index - 1],
        let buffer = scenario.buffer(named: hold.buffer), buffer.capacity < pool.size
      {
        problems.append(
          error(
            "\(key) pools \(pool.size) entities, but buffer '\(buffer.name)' that feeds it holds only \(buffer.capacity), so no pool can ever form",
            at: key))
      }
    case .hold(let hold):
      if scenario.buffer(named: hold.buffer) == nil {
        problems.append(
          error(
            "\(key) holds in buffer '\(hold.buffer)', which the lab does not declare", at: key,
            suggestion: nearestName(to: hold.buffer, among: scenario.buffers.map(\.name))))
      }
    case .route(let route):
      let total = route.branches.reduce(0) { $0 + $1.probability }
      if total > 1 + 1e-9 {
        problems.append(
          error("\(key) has branch probabilities summing to \(total); at most 1", at: key))
      }
      for branch in route.branches {
        if case .goto(let target) = branch.action, process.stageIndex(named: target) == nil {
          problems.append(
            error(
              "\(key) goes to stage '\(target)', which process '\(process.name)' does not have",
              at: key, suggestion: nearestName(to: target, among: process.stages.map(\.name))))
        }
      }
    }
    return problems
  }

  private func checkStaff(_ pool: String?, for key: String) -> [Diagnostic] {
    guard let pool else { return [] }
    guard let found = scenario.staffPool(named: pool) else {
      return [
        error(
          "\(key) needs staff pool '\(pool)', which the lab does not declare", at: key,
          suggestion: nearestName(to: pool, among: scenario.staff.map(\.name)))
      ]
    }
    let staffed = found.headcount.contains { entry in
      entry.count > 0 && scenario.shift(named: entry.shift) != nil
    }
    guard staffed else {
      return [
        Diagnostic(
          .warning, at: scenario.locations[key],
          "\(key) needs staff from '\(pool)', but no shift ever puts anyone of '\(pool)' on duty")
      ]
    }
    return []
  }
}
