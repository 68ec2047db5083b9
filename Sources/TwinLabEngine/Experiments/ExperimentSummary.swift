import TwinLabModel

/// One KPI of one variant: its estimate and its paired difference from the baseline.
public struct KPISummary: Sendable, Equatable {
  public var measure: String
  public var kind: KPIKind
  public var estimate: Estimate
  /// Variant minus baseline, replication by replication; `nil` for the baseline.
  public var difference: Estimate?
}

/// The summary of one variant over its replications.
public struct VariantSummary: Sendable, Equatable {
  public var name: String
  public var isSweepPoint: Bool
  public var kpis: [KPISummary]
  /// The resource most often the bottleneck over the replications; ties go to
  /// the name first in alphabetical order.
  public var bottleneck: String?
  /// Replications that finished.
  public var replications: Int

  public func kpi(_ name: String) -> KPISummary? { kpis.first { $0.measure == name } }
}

/// The statistics of an experiment, computed from its runs.
public struct ExperimentSummary: Sendable, Equatable {
  public var name: String
  public var replications: Int
  /// Runs that finished, out of `totalRuns`.
  public var finishedRuns: Int
  public var totalRuns: Int
  public var interrupted: Bool
  public var variants: [VariantSummary]

  /// Summarizes `runs` of `plan`; only replications that finished for every
  /// variant count, so every difference is paired.
  public init(plan: ExperimentPlan, runs: ExperimentRuns) {
    name = plan.name
    let complete = runs.completeReplications
    replications = complete.count
    finishedRuns = runs.finishedCount
    totalRuns = plan.runs.count
    interrupted = runs.interrupted
    let baselineRuns = runs.results.first ?? []
    variants = plan.variants.enumerated().map { index, variant in
      let own = complete.compactMap { runs.results[index][$0] }
      let kpis = plan.measures.map { measure in
        let values = own.compactMap { measure.value(in: $0) }
        var difference: Estimate?
        if index > 0 {
          let pairs = complete.compactMap { r -> Double? in
            guard let mine = runs.results[index][r].flatMap(measure.value(in:)),
              let base = baselineRuns[r].flatMap(measure.value(in:))
            else { return nil }
            return mine - base
          }
          difference = Estimate(pairs)
        }
        return KPISummary(
          measure: measure.name, kind: measure.kind, estimate: Estimate(values),
          difference: difference)
      }
      return VariantSummary(
        name: variant.name, isSweepPoint: variant.isSweepPoint, kpis: kpis,
        bottleneck: Self.mostFrequent(own.compactMap(\.kpis.bottleneck)),
        replications: own.count)
    }
  }

  static func mostFrequent(_ names: [String]) -> String? {
    var counts: [String: Int] = [:]
    for name in names { counts[name, default: 0] += 1 }
    return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
      .first?.key
  }

  /// Returns the first variant, in report order, whose interval clears `target`:
  /// sweep points when the experiment has a sweep, every variant otherwise.
  public func smallestVariant(meeting target: KPITarget) -> VariantSummary? {
    let sweep = variants.filter(\.isSweepPoint)
    let candidates = sweep.isEmpty ? variants : sweep
    return candidates.first { variant in
      variant.kpi(target.measure).map { target.isMet(by: $0.estimate) } ?? false
    }
  }
}
