import TwinLabEngine
import TwinLabLanguage
import TwinLabModel

/// Experiment results as script records: KPIs as numbers, durations and
/// percents, grouped per device or staff pool where a KPI covers several.
enum ScriptRecords {
  /// Measures `simulate` reports.
  static let measureNames = [
    "throughput", "cycle_time", "wip", "utilization", "staff_utilization", "queue", "wait",
    "expired", "scrapped", "lost", "cost_per_unit",
  ]

  static func typed(_ value: Double?, _ kind: KPIKind) -> Value {
    guard let value, value.isFinite else { return .none }
    switch kind {
    case .duration: return .duration(value)
    case .fraction: return .percent(value)
    case .perDay, .number, .money: return .number(value)
    }
  }

  /// Sets `value` at a KPI name, nesting `utilization.centrifuge` as
  /// `utilization: { centrifuge: ... }`.
  static func put(_ value: Value, at name: String, in record: inout Record) {
    guard let dot = name.firstIndex(of: ".") else {
      record[name] = value
      return
    }
    let group = String(name[..<dot])
    let member = String(name[name.index(after: dot)...])
    var inner: Record
    if case .record(let existing) = record[group] { inner = existing } else { inner = Record() }
    inner[member] = value
    record[group] = .record(inner)
  }

  static func interval(_ estimate: Estimate, _ kind: KPIKind) -> Value {
    .record(Record([("low", typed(estimate.low, kind)), ("high", typed(estimate.high, kind))]))
  }

  static func variant(_ summary: VariantSummary, intervals: Bool) -> Value {
    var record = Record([
      ("name", .string(summary.name)), ("replications", .number(Double(summary.replications))),
      ("bottleneck", summary.bottleneck.map(Value.string) ?? .none),
    ])
    var ranges = Record()
    var differences = Record()
    for kpi in summary.kpis {
      put(typed(kpi.estimate.mean, kpi.kind), at: kpi.measure, in: &record)
      if intervals { put(interval(kpi.estimate, kpi.kind), at: kpi.measure, in: &ranges) }
      if let difference = kpi.difference {
        let entry = Record([
          ("mean", typed(difference.mean, kpi.kind)), ("low", typed(difference.low, kpi.kind)),
          ("high", typed(difference.high, kpi.kind)),
          ("significant", .bool(difference.excludesZero)),
        ])
        put(.record(entry), at: kpi.measure, in: &differences)
      }
    }
    if intervals { record["intervals"] = .record(ranges) }
    if !differences.keys.isEmpty { record["difference"] = .record(differences) }
    return .record(record)
  }

  static func experiment(_ summary: ExperimentSummary) -> Value {
    .record(
      Record([
        ("name", .string(summary.name)), ("replications", .number(Double(summary.replications))),
        ("variants", .list(summary.variants.map { variant($0, intervals: true) })),
      ]))
  }
}
