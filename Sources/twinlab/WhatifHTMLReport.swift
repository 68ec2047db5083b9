import Foundation
import TwinLabEngine

/// The `--report` page: one self-contained HTML file with inline SVG charts and
/// no outside requests (no fonts, scripts, style sheets or images).
enum WhatifHTMLReport {
  typealias E = SVGChart

  /// Colours of unit states in the utilization chart, in drawing order.
  static let stateColors: [(UnitState, String)] = [
    (.processing, "#2b6cb0"), (.setup, "#63b3ed"), (.blocked, "#d69e2e"),
    (.waitingForStaff, "#9f7aea"), (.down, "#e53e3e"), (.idle, "#cbd5e0"),
  ]

  static func render(_ outcomes: [WhatifOutcome], queueSeries: [QueueSeries]) -> String {
    var html = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>TwinLab what-if report</title>
      <style>
      body { font-family: sans-serif; margin: 24px; color: #1a202c; max-width: 1100px; }
      h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; } h3 { font-size: 15px; }
      svg { background: #fff; border: 1px solid #e2e8f0; margin: 6px 0; }
      svg text { font-size: 11px; fill: #1a202c; }
      svg .axis-label { font-size: 12px; font-weight: bold; }
      table { border-collapse: collapse; font-size: 12px; }
      td, th { border: 1px solid #e2e8f0; padding: 3px 8px; text-align: right; }
      td:first-child, th:first-child { text-align: left; }
      .note { color: #4a5568; font-size: 12px; }
      </style>
      </head>
      <body>
      <h1>TwinLab what-if report</h1>

      """
    for (index, outcome) in outcomes.enumerated() {
      html += section(outcome, series: index < queueSeries.count ? queueSeries[index] : nil)
    }
    html += "</body>\n</html>\n"
    return html
  }

  static func section(_ outcome: WhatifOutcome, series: QueueSeries?) -> String {
    let summary = outcome.summary
    var html = "<section class=\"experiment\">\n"
    html += "<h2>Experiment \(E.escape(summary.name))</h2>\n"
    html +=
      "<p class=\"note\">\(summary.variants.count) variants, \(summary.replications) "
      + "replications each on common random numbers; bars show the mean, error bars the 95 % "
      + "Student-t interval; green bars differ from the baseline (their paired interval "
      + "excludes zero).</p>\n"
    if summary.interrupted {
      html +=
        "<p class=\"note\">Interrupted: \(summary.finishedRuns) of \(summary.totalRuns) "
        + "runs finished.</p>\n"
    }
    if let target = outcome.target {
      html += "<p>\(E.escape(WhatifOutput.targetLine(target, summary)))</p>\n"
    }
    html += "<h3>KPIs per variant</h3>\n"
    for measure in summary.variants.first?.kpis.map(\.measure) ?? [] {
      html += kpiChart(measure, summary)
    }
    html += "<h3>Device states, baseline</h3>\n"
    html += stateChart(outcome)
    if let series, !series.times.isEmpty {
      html += "<h3>Entities waiting over time, baseline, replication 0</h3>\n"
      html += queueChart(series)
    }
    html += "</section>\n"
    return html
  }

  /// Returns a variant name short enough for a rotated axis label: long names keep
  /// their end, where sweep points differ.
  static func shortLabel(_ name: String) -> String {
    name.count <= 22 ? name : "…" + name.suffix(21)
  }

  /// Bars with the mean of one KPI per variant and error bars for the interval.
  static func kpiChart(_ measure: String, _ summary: ExperimentSummary) -> String {
    let entries = summary.variants.compactMap { variant in
      variant.kpi(measure).map { (variant.name, $0) }
    }
    guard let kind = entries.first?.1.kind else { return "" }
    let values = entries.flatMap { entry in
      [entry.1.estimate.mean, entry.1.estimate.low, entry.1.estimate.high]
        .compactMap { $0 }.filter(\.isFinite).map { WhatifOutput.shown($0, kind) }
    }
    let low = min(0, values.min() ?? 0)
    var high = max(values.max() ?? 1, low + 1e-9)
    high += (high - low) * 0.08
    let (left, top, plotHeight, slot) = (100.0, 20.0, 200.0, 64.0)
    let plotWidth = max(slot * Double(entries.count), 200)
    let width = left + plotWidth + 20
    let longest = entries.map { shortLabel($0.0).count }.max() ?? 0
    // Rotated labels need about 3.5 px of height per character at 11 px.
    let height = top + plotHeight + 40 + Double(longest) * 3.6
    let y = { (value: Double) in top + plotHeight - (value - low) / (high - low) * plotHeight }
    let unit = WhatifOutput.unit(kind)
    let label = unit.isEmpty ? measure : "\(measure) (\(unit))"
    var svg =
      "<svg class=\"kpi-chart\" data-kpi=\"\(E.escape(measure))\" "
      + "xmlns=\"http://www.w3.org/2000/svg\" width=\"\(E.f(width))\" height=\"\(E.f(height))\" "
      + "viewBox=\"0 0 \(E.f(width)) \(E.f(height))\" role=\"img\">\n"
    svg += "<title>\(E.escape(label)) per variant</title>\n"
    svg += E.yAxis(
      left: left, top: top, height: plotHeight, width: plotWidth, low: low, high: high,
      label: label)
    for (index, (name, kpi)) in entries.enumerated() {
      let center = left + slot * (Double(index) + 0.5)
      let mean = WhatifOutput.shown(kpi.estimate.mean, kind)
      let barTop = y(max(mean, 0))
      let barBottom = y(min(mean, 0))
      let marked = kpi.difference?.excludesZero == true
      svg +=
        "<rect class=\"bar\" x=\"\(E.f(center - 18))\" y=\"\(E.f(barTop))\" width=\"36\" "
        + "height=\"\(E.f(max(barBottom - barTop, 0)))\" fill=\"\(marked ? "#2f855a" : "#4a90d9")\">"
        + "<title>\(E.escape(name)): \(E.escape(WhatifOutput.fixed(kpi.estimate.mean, kind)))"
        + "</title></rect>\n"
      if let lowEnd = kpi.estimate.low, let highEnd = kpi.estimate.high {
        let (y1, y2) = (y(WhatifOutput.shown(lowEnd, kind)), y(WhatifOutput.shown(highEnd, kind)))
        svg +=
          "<g class=\"error-bar\" stroke=\"#1a202c\" stroke-width=\"1.5\">"
          + "<line x1=\"\(E.f(center))\" y1=\"\(E.f(y1))\" x2=\"\(E.f(center))\" y2=\"\(E.f(y2))\"/>"
          + "<line x1=\"\(E.f(center - 8))\" y1=\"\(E.f(y1))\" x2=\"\(E.f(center + 8))\" "
          + "y2=\"\(E.f(y1))\"/><line x1=\"\(E.f(center - 8))\" y1=\"\(E.f(y2))\" "
          + "x2=\"\(E.f(center + 8))\" y2=\"\(E.f(y2))\"/></g>\n"
      }
      let labelY = top + plotHeight + 14
      svg +=
        "<text class=\"variant-label\" x=\"\(E.f(center))\" y=\"\(E.f(labelY))\" "
        + "text-anchor=\"end\" transform=\"rotate(-35 \(E.f(center)) \(E.f(labelY)))\">"
        + "\(E.escape(shortLabel(name)))<title>\(E.escape(name))</title></text>\n"
    }
    svg += E.xAxis(
      left: left, y: top + plotHeight, width: plotWidth, label: "variant",
      labelY: height - 6)
    return svg + "</svg>\n"
  }
}
