import Foundation
import TwinLabEngine
import TwinLabModel

/// Text renderings of a run result for the terminal and for spreadsheets.
enum RunReport {
  static func table(_ result: RunResult) -> String {
    var lines: [String] = []
    let k = result.kpis
    lines.append("\(result.scenario): seed \(result.seed), replication \(result.replication)")
    lines.append(
      "observed \(clock(result.warmup)) to \(clock(result.time)) (\(duration(result.observed))),"
        + " \(result.eventCount) events")
    lines.append("")
    lines.append("KPIs")
    lines.append("  products            \(k.products)")
    lines.append("  throughput          \(fixed(k.throughputPerDay, 1)) per day")
    lines.append("  WIP (mean)          \(fixed(k.wipMean, 2)), \(k.wipEnd) at the end")
    if k.cycleTime.count > 0 {
      lines.append(
        "  cycle time          mean \(duration(k.cycleTime.mean)), p50 \(duration(k.cycleTime.p50)),"
          + " p90 \(duration(k.cycleTime.p90)), max \(duration(k.cycleTime.max))")
    } else {
      lines.append("  cycle time          n/a")
    }
    lines.append("  arrivals            \(k.arrivals), lost \(k.lost)")
    lines.append("  expired             \(k.expired)")
    let reasons = k.scrapReasons.map { "\($0.name): \($0.count)" }.joined(separator: ", ")
    lines.append("  scrapped            \(k.scrapped)" + (reasons.isEmpty ? "" : " (\(reasons))"))
    lines.append("  cost per unit       " + (k.costPerUnit.map { fixed($0, 2) } ?? "n/a"))
    lines.append("  bottleneck          " + (k.bottleneck ?? "none"))
    lines.append("")

    let states: [UnitState] = [.idle, .setup, .processing, .blocked, .waitingForStaff, .down]
    var rows = [["device", "count", "util"] + states.map { $0.rawValue } + ["bottleneck"]]
    for device in result.devices {
      let observed = device.states.observed
      let share = k.bottleneckShares.first { $0.name == device.name }?.value ?? 0
      rows.append(
        [device.name, "\(device.count)", percent(device.utilization)]
          + states.map { percent(observed > 0 ? device.states[$0] / observed : 0) }
          + [percent(share)])
    }
    lines += align(rows)
    if !result.staff.isEmpty {
      lines.append("")
      var staffRows = [["staff", "util", "busy h", "paid h", "bottleneck"]]
      for pool in result.staff {
        let share = k.bottleneckShares.first { $0.name == pool.name }?.value ?? 0
        staffRows.append(
          [
            pool.name, percent(pool.utilization), fixed(pool.busyHours, 1),
            fixed(pool.paidHours, 1),
            percent(share),
          ])
      }
      lines += align(staffRows)
    }
    lines.append("")
    var stepRows = [["step", "device", "queue mean", "queue max", "wait mean", "jobs"]]
    for step in result.steps {
      stepRows.append(
        [
          step.name, step.device, fixed(step.queueMean, 2), fixed(step.queueMax, 0),
          duration(step.waitMean), "\(step.jobsStarted)",
        ])
    }
    lines += align(stepRows)
    if let stall = result.stall {
      lines.append("")
      lines.append("STALLED: nothing has moved since \(clock(stall.lastProgress)); waiting:")
      for wait in stall.waits { lines.append("  \(wait)") }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Renders one `section,name,metric,value` row per number.
  static func csv(_ result: RunResult) -> String {
    var rows = ["section,name,metric,value"]
    func add(_ section: String, _ name: String, _ metric: String, _ value: JSONValue) {
      let text =
        if case .string(let string) = value { string } else { value.serialized() }
      rows.append([section, name, metric, text].map(quote).joined(separator: ","))
    }
    guard case .object(let root) = result.json else { return "" }
    for (key, value) in root.members {
      switch value {
      case .object(let object):
        for (name, inner) in object.members {
          if case .object(let metrics) = inner {
            for (metric, number) in metrics.members {
              if case .object(let nested) = number {
                for (leaf, leafValue) in nested.members {
                  add(key, name, "\(metric).\(leaf)", leafValue)
                }
              } else {
                add(key, name, metric, number)
              }
            }
          } else {
            add(key, "", name, inner)
          }
        }
      case .array:
        break
      default:
        add("run", "", key, value)
      }
    }
    return rows.joined(separator: "\n") + "\n"
  }

  static func quote(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  static func align(_ rows: [[String]]) -> [String] {
    guard let columns = rows.map(\.count).max() else { return [] }
    var widths = [Int](repeating: 0, count: columns)
    for row in rows {
      for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
    }
    return rows.map { row in
      row.enumerated().map { index, cell in
        index == 0
          ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
          : String(repeating: " ", count: widths[index] - cell.count) + cell
      }.joined(separator: "  ")
    }
  }

  static func fixed(_ value: Double, _ digits: Int) -> String {
    String(format: "%.\(digits)f", value)
  }

  static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }

  /// Seconds as `2d 03:15:07` of run time.
  static func clock(_ seconds: Double) -> String {
    let total = Int(seconds.rounded())
    let days = total / 86_400
    let rest = total % 86_400
    let time = String(format: "%02d:%02d:%02d", rest / 3_600, rest % 3_600 / 60, rest % 60)
    return days > 0 ? "\(days)d \(time)" : time
  }

  /// Seconds in the largest fitting unit: `45s`, `12.5min`, `3.2h`, `1.4d`.
  static func duration(_ seconds: Double) -> String {
    switch seconds {
    case ..<60: return fixed(seconds, 1) + "s"
    case ..<3_600: return fixed(seconds / 60, 1) + "min"
    case ..<86_400: return fixed(seconds / 3_600, 2) + "h"
    default: return fixed(seconds / 86_400, 2) + "d"
    }
  }
}
