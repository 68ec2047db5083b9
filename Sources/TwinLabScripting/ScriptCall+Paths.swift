import TwinLabLanguage
import TwinLabModel

extension ScriptCall {
  /// Resolves a dotted model path written as a string, such as
  /// `"centrifuge.count"`, `"tech.late"` or `"whole_blood.spin.time"`.
  static func parameter(_ path: String, in scenario: Scenario) throws -> ModelParameter {
    let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard let head = parts.first, parts.count >= 2 else {
      throw HostError("'\(path)' is not a model path; write ELEMENT.FIELD such as centrifuge.count")
    }
    let rest = Array(parts.dropFirst())
    if scenario.device(named: head) != nil, rest.count == 1 {
      switch rest[0] {
      case "count": return .deviceCount(device: head)
      case "batch": return .deviceBatch(device: head)
      case "fill": return .deviceFill(device: head)
      case "time": return .deviceTime(device: head)
      case "setup": return .deviceSetup(device: head)
      case "cost": return .deviceCostPerHour(device: head)
      default: break
      }
    }
    if let pool = scenario.staffPool(named: head), rest.count == 1 {
      if rest[0] == "cost" { return .staffCostPerHour(pool: head) }
      if pool.headcount.contains(where: { $0.shift == rest[0] }) {
        return .staffHeadcount(pool: head, shift: rest[0])
      }
    }
    if scenario.buffer(named: head) != nil, rest == ["capacity"] {
      return .bufferCapacity(buffer: head)
    }
    if let process = scenario.process(named: head) {
      if rest == ["arrivals", "scale"] { return .arrivalScale(process: head) }
      if rest == ["expire"] { return .expiryLimit(process: head) }
      if rest.count == 2, let index = process.stageIndex(named: rest[0]) {
        switch (process.stages[index], rest[1]) {
        case (.step, "time"), (.pool, "time"): return .stepTime(process: head, step: rest[0])
        case (.hold, "minimum"): return .holdMinimum(process: head, stage: rest[0])
        case (.pool, "size"): return .poolSize(process: head, stage: rest[0])
        default: break
        }
      }
    }
    let names =
      scenario.devices.map(\.name) + scenario.staff.map(\.name) + scenario.buffers.map(\.name)
      + scenario.processes.map(\.name)
    var message = "unknown model path '\(path)'"
    if let near = nearestName(to: head, among: names), near != head {
      message += "; did you mean '\(near)'?"
    }
    throw HostError(message)
  }
}
