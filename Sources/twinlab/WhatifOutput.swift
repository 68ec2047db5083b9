import Foundation
import TwinLabEngine
import TwinLabModel

/// The `whatif` results as a terminal table, JSON or CSV.
enum WhatifOutput {
  /// Converts a KPI value to the unit reports show: per day, minutes, percent, plain.
  static func shown(_ value: Double, _ kind: KPIKind) -> Double {
    switch kind {
    case .duration: value / 60
    case .fraction: value * 100
    case .perDay, .number, .money: value
    }
  }

  /// Returns the unit reports show for a KPI kind.
  static func unit(_ kind: KPIKind) -> String {
    switch kind {
    case .perDay: "/day"
    case .duration: "min"
    case .fraction: "%"
    case .number: ""
    case .money: "cost"
    }
  }

  /// Returns the unit of JSON and CSV values, which is the engine's own.
  static func rawUnit(_ kind: KPIKind) -> String {
    switch kind {
    case .perDay: "per_day"
    case .duration: "seconds"
    case .fraction: "fraction"
    case .number: "count"
    case .money: "currency"
    }
  }

  static func fixed(_ value: Double?, _ kind: KPIKind, signed: Bool = false) -> String {
    guard let value, value.isFinite else { return "-" }
    let number = shown(value, kind)
    // Zero prints without a sign so that -0.00 never appears.
    let rounded = (number * 100).rounded() == 0 ? 0 : number
    return String(format: signed ? "%+.2f" : "%.2f", rounded)
  }

  static func interval(_ estimate: Estimate, _ kind: KPIKind, signed: Bool = false) -> String {
    guard estimate.low != nil else { return "-" }
    return "[\(fixed(estimate.low, kind, signed: signed)), "
      + "\(fixed(estimate.high, kind, signed: signed))]"
  }

  // MARK: Table

  static func table(_ outcomes: [WhatifOutcome]) -> String {
    var text = ""
    for outcome in outcomes {
      let summary = outcome.summary
      let plan = outcome.plan
      text +=
        "experiment \"\(summary.name)\": \(summary.variants.count) variants x "
        + "\(summary.replications) replications, common random numbers"
      if summary.interrupted {
        text += " (interrupted: \(summary.finishedRuns) of \(summary.totalRuns) runs finished)"
      }
      text += "\n"
      text += "horizon \(duration(plan.variants[0].scenarioHorizon(plan.options)))"
      text += ", warm-up \(duration(plan.options.warmup ?? plan.variants[0].scenario.warmup ?? 0))"
      text += ", seed \(plan.options.seed ?? plan.variants[0].scenario.seed)\n"
      for variant in summary.variants {
        text += "\n\(variant.name)  (bottleneck: \(variant.bottleneck ?? "none"))\n"
        var rows = [["  KPI", "mean", "sd", "95% interval", "vs baseline", "95% interval", ""]]
        for kpi in variant.kpis {
          let unit = unit(kpi.kind)
          let label = unit.isEmpty ? kpi.measure : "\(kpi.measure) (\(unit))"
          var row = [
            "  " + label, fixed(kpi.estimate.mean, kpi.kind),
            fixed(kpi.estimate.standardDeviation, kpi.kind), interval(kpi.estimate, kpi.kind),
          ]
          if let difference = kpi.difference {
            row += [
              fixed(difference.mean, kpi.kind, signed: true),
              interval(difference, kpi.kind, signed: true), difference.excludesZero ? "*" : "",
            ]
          } else {
            row += ["", "", ""]
          }
          rows.append(row)
        }
        text += align(rows).map { $0 + "\n" }.joined()
      }
      text += "\n* the paired 95% interval of the difference from the baseline excludes zero\n"
      if let target = outcome.target {
        text += targetLine(target, summary) + "\n"
      }
      text += "\n"
    }
    return text
  }

  static func targetLine(_ target: KPITarget, _ summary: ExperimentSummary) -> String {
    guard let variant = summary.smallestVariant(meeting: target),
      let kpi = variant.kpi(target.measure)
    else {
      return "target \(target.text): no variant meets it with 95% confidence"
    }
    return "target \(target.text): met first by '\(variant.name)' "
      + "(95% interval \(interval(kpi.estimate, kpi.kind)) \(unit(kpi.kind)))"
  }

  // MARK: JSON

  static func json(_ outcomes: [WhatifOutcome]) -> JSONValue {
    .object([
      "experiments": .array(outcomes.map(json))
    ])
  }

  static func number(_ value: Double?) -> JSONValue {
    guard let value, value.isFinite else { return .null }
    return .number(value)
  }

  static func json(_ estimate: Estimate) -> JSONObject {
    [
      "mean": number(estimate.mean), "sd": number(estimate.standardDeviation),
      "ci_low": number(estimate.low), "ci_high": number(estimate.high),
    ]
  }

  static func json(_ outcome: WhatifOutcome) -> JSONValue {
    let summary = outcome.summary
    var object: JSONObject = [
      "name": .string(summary.name), "replications": .number(Double(summary.replications)),
      "finished_runs": .number(Double(summary.finishedRuns)),
      "total_runs": .number(Double(summary.totalRuns)), "interrupted": .bool(summary.interrupted),
    ]
    object["variants"] = .array(
      summary.variants.map { variant in
        var kpis = JSONObject()
        for kpi in variant.kpis {
          var entry = json(kpi.estimate)
          entry["unit"] = .string(rawUnit(kpi.kind))
          if let difference = kpi.difference {
            var diff = json(difference)
            diff["excludes_zero"] = .bool(difference.excludesZero)
            entry["difference"] = .object(diff)
          }
          kpis[kpi.measure] = .object(entry)
        }
        return .object([
          "name": .string(variant.name), "sweep_point": .bool(variant.isSweepPoint),
          "replications": .number(Double(variant.replications)),
          "bottleneck": variant.bottleneck.map(JSONValue.string) ?? .null,
          "kpis": .object(kpis),
        ])
      })
    if let target = outcome.target {
      let met = summary.smallestVariant(meeting: target)
      object["target"] = .object([
        "text": .string(target.text), "kpi": .string(target.measure),
        "comparison": .string(target.comparison.rawValue), "value": .number(target.value),
        "met_by": met.map { .string($0.name) } ?? .null,
      ])
    }
    return .object(object)
  }

  // MARK: CSV

  static func csv(_ outcomes: [WhatifOutcome]) -> String {
    var lines = [
      "experiment,variant,kpi,unit,mean,sd,ci_low,ci_high,diff_mean,diff_ci_low,diff_ci_high,"
        + "diff_excludes_zero,bottleneck"
    ]
    func cell(_ value: Double?) -> String {
      guard let value, value.isFinite else { return "" }
      return JSONValue.number(value).serialized()
    }
    for outcome in outcomes {
      for variant in outcome.summary.variants {
        for kpi in variant.kpis {
          let d = kpi.difference
          let fields = [
            quote(outcome.summary.name), quote(variant.name),
            quote(kpi.measure), rawUnit(kpi.kind), cell(kpi.estimate.mean),
            cell(kpi.estimate.standardDeviation), cell(kpi.estimate.low),
            cell(kpi.estimate.high), cell(d?.mean), cell(d?.low), cell(d?.high),
            d.map { $0.excludesZero ? "true" : "false" } ?? "",
            quote(variant.bottleneck ?? ""),
          ]
          lines.append(fields.joined(separator: ","))
        }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

extension WhatifOutput {
  static func quote(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return field
    }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// Left-aligns the first column and right-aligns the others.
  static func align(_ rows: [[String]]) -> [String] {
    guard let columns = rows.map(\.count).max() else { return [] }
    var widths = [Int](repeating: 0, count: columns)
    for row in rows {
      for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
    }
    return rows.map { row in
      let cells = row.enumerated().map { index, cell in
        let pad = String(repeating: " ", count: widths[index] - cell.count)
        return index == 0 ? cell + pad : pad + cell
      }
      return cells.joined(separator: "  ").trimmingTrailingSpaces()
    }
  }

  /// Seconds in the largest fitting unit: `45s`, `12.5min`, `3.20h`, `1.40d`.
  static func duration(_ seconds: Double) -> String {
    switch seconds {
    case ..<60: String(format: "%.1fs", seconds)
    case ..<3_600: String(format: "%.1fmin", seconds / 60)
    case ..<86_400: String(format: "%.2fh", seconds / 3_600)
    default: String(format: "%.2fd", seconds / 86_400)
    }
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var copy = self
    while copy.last == " " { copy.removeLast() }
    return copy
  }
}

extension PlannedVariant {
  /// Returns the run length in seconds that `options` give this variant.
  func scenarioHorizon(_ options: RunOptions) -> Double {
    options.horizon ?? scenario.horizon ?? 86_400
  }
}
