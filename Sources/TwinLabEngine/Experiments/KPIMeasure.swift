import TwinLabModel

/// The quantity a KPI measures, which sets its unit in reports and targets.
public enum KPIKind: String, Sendable, Equatable {
  /// Products per day.
  case perDay
  /// Seconds.
  case duration
  /// A share between 0 and 1.
  case fraction
  /// A count or other plain number.
  case number
  /// Currency units.
  case money
}

/// One number taken from every replication, such as `throughput` or
/// `utilization.centrifuge`.
public struct KPIMeasure: Sendable, Equatable {
  /// The name reports and targets use.
  public var name: String
  public var kind: KPIKind
  /// The value in one run; `nil` when the run has none (cost without products).
  let extract: @Sendable (RunResult) -> Double?

  public init(name: String, kind: KPIKind, extract: @escaping @Sendable (RunResult) -> Double?) {
    self.name = name
    self.kind = kind
    self.extract = extract
  }

  public func value(in result: RunResult) -> Double? { extract(result) }

  public static func == (left: KPIMeasure, right: KPIMeasure) -> Bool {
    left.name == right.name && left.kind == right.kind
  }

  /// Measure names an experiment reports when it lists none.
  public static let defaultNames = [
    "throughput", "cycle_time", "wip", "utilization", "expired", "cost_per_unit",
  ]

  /// Returns the measures behind experiment measure names, expanded per device or staff
  /// pool of `scenario` where the name covers several resources.
  ///
  /// `bottleneck` yields no number: every report names each variant's bottleneck.
  public static func measures(for names: [String], in scenario: Scenario) -> [KPIMeasure] {
    var result: [KPIMeasure] = []
    for name in names {
      switch name {
      case "throughput":
        result.append(KPIMeasure(name: name, kind: .perDay) { $0.kpis.throughputPerDay })
      case "cycle_time":
        result.append(
          KPIMeasure(name: name, kind: .duration) {
            $0.kpis.cycleTime.count > 0 ? $0.kpis.cycleTime.mean : nil
          })
      case "wip":
        result.append(KPIMeasure(name: name, kind: .number) { $0.kpis.wipMean })
      case "utilization", "blocked":
        for device in scenario.devices {
          let deviceName = device.name
          result.append(
            KPIMeasure(name: "\(name).\(deviceName)", kind: .fraction) { run in
              let found = run.devices.first { $0.name == deviceName }
              return name == "utilization" ? found?.utilization : found?.blockedFraction
            })
        }
      case "staff_utilization":
        for pool in scenario.staff {
          let poolName = pool.name
          result.append(
            KPIMeasure(name: "\(name).\(poolName)", kind: .fraction) { run in
              run.staff.first { $0.name == poolName }?.utilization
            })
        }
      case "queue":
        result.append(
          KPIMeasure(name: name, kind: .number) { $0.steps.reduce(0) { $0 + $1.queueMean } })
      case "wait":
        result.append(KPIMeasure(name: name, kind: .duration, extract: meanWait))
      case "expired":
        result.append(KPIMeasure(name: name, kind: .number) { Double($0.kpis.expired) })
      case "scrapped":
        result.append(KPIMeasure(name: name, kind: .number) { Double($0.kpis.scrapped) })
      case "lost":
        result.append(KPIMeasure(name: name, kind: .number) { Double($0.kpis.lost) })
      case "cost_per_unit":
        result.append(KPIMeasure(name: name, kind: .money) { $0.kpis.costPerUnit })
      default:
        continue
      }
    }
    return result
  }

  /// Mean wait over every job started at every step.
  @Sendable static func meanWait(_ run: RunResult) -> Double? {
    let jobs = run.steps.reduce(0) { $0 + $1.jobsStarted }
    guard jobs > 0 else { return nil }
    let total = run.steps.reduce(0.0) { $0 + $1.waitMean * Double($1.jobsStarted) }
    return total / Double(jobs)
  }
}
