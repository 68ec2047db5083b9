import TwinLabModel

extension LabGraph {
  /// The device a stage works on: steps and pools have one, holds and routes do not.
  static func device(of stage: Stage) -> String? {
    switch stage {
    case .step(let step): step.device
    case .pool(let pool): pool.device
    case .hold, .route: nil
    }
  }

  /// The staff pool a stage names itself, before the device's default.
  static func staff(of stage: Stage) -> String? {
    switch stage {
    case .step(let step): step.staff
    case .pool(let pool): pool.staff
    case .hold, .route: nil
    }
  }

  /// The devices an entity can reach next after stage `index`: holds are passed
  /// through, and routes lead to every branch's target.
  static func successorDevices(_ process: Process, after index: Int) -> [String] {
    var found: [String] = []
    var visited: Set<Int> = []
    var pending = [index + 1]
    while let position = pending.popLast() {
      guard position < process.stages.count, visited.insert(position).inserted else { continue }
      switch process.stages[position] {
      case .step, .pool:
        if let device = device(of: process.stages[position]), !found.contains(device) {
          found.append(device)
        }
      case .hold:
        pending.append(position + 1)
      case .route(let route):
        for action in route.branches.map(\.action) + [route.otherwise] {
          switch action {
          case .next: pending.append(position + 1)
          case .scrap: break
          case .goto(let stage):
            if let target = process.stages.firstIndex(where: { $0.name == stage }) {
              pending.append(target)
            }
          }
        }
      }
    }
    return found
  }

  /// The device of every step and pool, keyed `process.stage` as the engine
  /// names queues.
  public static func stepDevices(_ scenario: Scenario) -> [String: String] {
    var table: [String: String] = [:]
    for process in scenario.processes {
      for stage in process.stages {
        if let device = device(of: stage) { table["\(process.name).\(stage.name)"] = device }
      }
    }
    return table
  }
}
