import Foundation
import TwinLabEngine

extension WhatifHTMLReport {
  /// Share of observed unit-time in each state per device, averaged over the
  /// baseline's finished replications.
  static func stateShares(_ runs: ExperimentRuns) -> [(device: String, shares: [Double])] {
    let baseline = (runs.results.first ?? []).compactMap { $0 }
    guard let first = baseline.first else { return [] }
    return first.devices.map { device in
      var totals = [Double](repeating: 0, count: stateColors.count)
      for run in baseline {
        guard let found = run.devices.first(where: { $0.name == device.name }) else { continue }
        let observed = found.states.observed
        guard observed > 0 else { continue }
        for (index, (state, _)) in stateColors.enumerated() {
          totals[index] += found.states[state] / observed / Double(baseline.count)
        }
      }
      return (device.name, totals)
    }
  }

  /// Draws one horizontal bar per device, split into the unit states.
  static func stateChart(_ outcome: WhatifOutcome) -> String {
    let rows = stateShares(outcome.runs)
    guard !rows.isEmpty else { return "<p class=\"note\">No finished baseline run.</p>\n" }
    let (left, top, plotWidth, rowHeight) = (110.0, 30.0, 520.0, 26.0)
    let height = top + rowHeight * Double(rows.count) + 50
    let width = left + plotWidth + 30
    var svg =
      "<svg class=\"state-chart\" xmlns=\"http://www.w3.org/2000/svg\" "
      + "width=\"\(E.f(width))\" height=\"\(E.f(height))\" "
      + "viewBox=\"0 0 \(E.f(width)) \(E.f(height))\" role=\"img\">\n"
    svg += "<title>Device states in the baseline</title>\n"
    var legendX = left
    for (state, color) in stateColors {
      svg +=
        "<rect class=\"legend\" x=\"\(E.f(legendX))\" y=\"8\" width=\"10\" height=\"10\" "
        + "fill=\"\(color)\"/><text x=\"\(E.f(legendX + 14))\" y=\"17\">"
        + "\(E.escape(state.rawValue))</text>\n"
      legendX += 24 + Double(state.rawValue.count) * 6.5
    }
    for (row, entry) in rows.enumerated() {
      let y = top + rowHeight * Double(row)
      svg +=
        "<text class=\"device-label\" x=\"\(E.f(left - 6))\" y=\"\(E.f(y + 15))\" "
        + "text-anchor=\"end\">\(E.escape(entry.device))</text>\n"
      var x = left
      for (index, share) in entry.shares.enumerated() where share > 0 {
        let (state, color) = stateColors[index]
        let segment = share * plotWidth
        svg +=
          "<rect class=\"state-bar\" data-state=\"\(state.rawValue)\" x=\"\(E.f(x))\" "
          + "y=\"\(E.f(y + 3))\" width=\"\(E.f(segment))\" height=\"\(E.f(rowHeight - 6))\" "
          + "fill=\"\(color)\"><title>\(E.escape(entry.device)) \(state.rawValue): "
          + "\(String(format: "%.1f", share * 100)) %</title></rect>\n"
        x += segment
      }
    }
    let axisY = top + rowHeight * Double(rows.count)
    for percent in stride(from: 0, through: 100, by: 25) {
      let x = left + plotWidth * Double(percent) / 100
      svg +=
        "<text class=\"tick\" x=\"\(E.f(x))\" y=\"\(E.f(axisY + 14))\" "
        + "text-anchor=\"middle\">\(percent)</text>\n"
    }
    svg += E.xAxis(
      left: left, y: axisY, width: plotWidth, label: "share of observed unit-time (%)",
      labelY: axisY + 34)
    return svg + "</svg>\n"
  }

  /// Draws the entities waiting over time as a line, with the warm-up shaded.
  static func queueChart(_ series: QueueSeries) -> String {
    let (left, top, plotWidth, plotHeight) = (70.0, 20.0, 640.0, 200.0)
    let width = left + plotWidth + 20
    let height = top + plotHeight + 50
    let horizon = max(series.times.last ?? 1, 1)
    let peak = Double(max(series.lengths.max() ?? 1, 1)) * 1.08
    let x = { (time: Double) in left + time / horizon * plotWidth }
    let y = { (length: Double) in top + plotHeight - length / peak * plotHeight }
    var svg =
      "<svg class=\"queue-chart\" xmlns=\"http://www.w3.org/2000/svg\" "
      + "width=\"\(E.f(width))\" height=\"\(E.f(height))\" "
      + "viewBox=\"0 0 \(E.f(width)) \(E.f(height))\" role=\"img\">\n"
    svg += "<title>Entities waiting over time</title>\n"
    if series.warmup > 0 {
      svg +=
        "<rect class=\"warmup\" x=\"\(E.f(left))\" y=\"\(E.f(top))\" "
        + "width=\"\(E.f(x(min(series.warmup, horizon)) - left))\" height=\"\(E.f(plotHeight))\" "
        + "fill=\"#edf2f7\"><title>warm-up</title></rect>\n"
    }
    svg += E.yAxis(
      left: left, top: top, height: plotHeight, width: plotWidth, low: 0, high: peak,
      label: "entities waiting")
    let points = zip(series.times, series.lengths).map { time, length in
      "\(E.f(x(time))),\(E.f(y(Double(length))))"
    }
    svg +=
      "<polyline class=\"queue-line\" fill=\"none\" stroke=\"#2b6cb0\" stroke-width=\"1.5\" "
      + "points=\"\(points.joined(separator: " "))\"/>\n"
    let hours = horizon / 3600
    for tick in E.ticks(0, hours) {
      svg +=
        "<text class=\"tick\" x=\"\(E.f(x(tick * 3600)))\" y=\"\(E.f(top + plotHeight + 14))\" "
        + "text-anchor=\"middle\">\(E.escape(E.tick(tick)))</text>\n"
    }
    svg += E.xAxis(
      left: left, y: top + plotHeight, width: plotWidth, label: "time (h)",
      labelY: height - 6)
    return svg + "</svg>\n"
  }
}
