import Foundation
import TwinLabModel

extension RunResult {
  /// The result as a JSON document with a fixed key order. Fractions and
  /// seconds are rounded to six decimal places so that output stays short and
  /// identical across runs of the same build.
  public var json: JSONValue {
    var root = JSONObject()
    root["scenario"] = .string(scenario)
    root["seed"] = .number(Double(seed))
    root["replication"] = .number(Double(replication))
    root["horizon_s"] = Self.number(horizon)
    root["warmup_s"] = Self.number(warmup)
    root["events"] = .number(Double(eventCount))
    root["kpis"] = .object(kpisObject)

    var deviceObject = JSONObject()
    for device in devices {
      var entry = JSONObject()
      entry["count"] = .number(Double(device.count))
      entry["utilization"] = Self.number(device.utilization)
      entry["blocked_fraction"] = Self.number(device.blockedFraction)
      entry["states"] = .object(Self.states(device.states))
      var unitObject = JSONObject()
      for unit in device.units {
        unitObject[unit.name] = .object([
          "state": .string(unit.state.rawValue), "utilization": Self.number(unit.utilization),
          "states": .object(Self.states(unit.states)),
        ])
      }
      entry["units"] = .object(unitObject)
      deviceObject[device.name] = .object(entry)
    }
    root["devices"] = .object(deviceObject)

    var staffObject = JSONObject()
    for pool in staff {
      var shifts = JSONObject()
      for shift in pool.shifts {
        shifts[shift.name] = .object([
          "utilization": Self.number(shift.utilization),
          "busy_hours": Self.number(shift.busyHours), "paid_hours": Self.number(shift.paidHours),
        ])
      }
      staffObject[pool.name] = .object([
        "utilization": Self.number(pool.utilization), "busy_hours": Self.number(pool.busyHours),
        "paid_hours": Self.number(pool.paidHours), "shifts": .object(shifts),
      ])
    }
    root["staff"] = .object(staffObject)

    var stepObject = JSONObject()
    for step in steps {
      stepObject[step.name] = .object([
        "device": .string(step.device), "queue_mean": Self.number(step.queueMean),
        "queue_max": Self.number(step.queueMax), "queue_end": .number(Double(step.queueNow)),
        "wait_mean_s": Self.number(step.waitMean), "jobs": .number(Double(step.jobsStarted)),
      ])
    }
    root["steps"] = .object(stepObject)

    var processObject = JSONObject()
    for process in processes {
      processObject[process.name] = .object([
        "arrivals": .number(Double(process.arrivals)), "lost": .number(Double(process.lost)),
        "products": .number(Double(process.products)),
        "expired": .number(Double(process.expired)),
        "scrapped": .number(Double(process.scrapped)),
      ])
    }
    root["processes"] = .object(processObject)

    if let stall {
      root["stall"] = .object([
        "last_progress_s": Self.number(stall.lastProgress),
        "waits": .array(stall.waits.map { .string($0) }),
      ])
    } else {
      root["stall"] = .null
    }
    return .object(root)
  }

  private var kpisObject: JSONObject {
    var object = JSONObject()
    object["products"] = .number(Double(kpis.products))
    object["throughput_per_day"] = Self.number(kpis.throughputPerDay)
    object["wip_mean"] = Self.number(kpis.wipMean)
    object["wip_end"] = .number(Double(kpis.wipEnd))
    // Without products there is no cycle time, so its figures are null rather than 0.
    let cycle = kpis.cycleTime
    let cycleFigure: (Double) -> JSONValue = { cycle.count > 0 ? Self.number($0) : .null }
    object["cycle_time_s"] = .object([
      "count": .number(Double(cycle.count)), "mean": cycleFigure(cycle.mean),
      "p50": cycleFigure(cycle.p50), "p90": cycleFigure(cycle.p90), "max": cycleFigure(cycle.max),
    ])
    object["arrivals"] = .number(Double(kpis.arrivals))
    object["lost"] = .number(Double(kpis.lost))
    object["expired"] = .number(Double(kpis.expired))
    object["scrapped"] = .number(Double(kpis.scrapped))
    var reasons = JSONObject()
    for reason in kpis.scrapReasons { reasons[reason.name] = .number(Double(reason.count)) }
    object["scrap_reasons"] = .object(reasons)
    object["cost_per_unit"] = kpis.costPerUnit.map(Self.number) ?? .null
    object["bottleneck"] = kpis.bottleneck.map { .string($0) } ?? .null
    var shares = JSONObject()
    for share in kpis.bottleneckShares { shares[share.name] = Self.number(share.value) }
    object["bottleneck_share"] = .object(shares)
    object["departures"] = .number(Double(kpis.departures))
    object["sojourn_mean_s"] = Self.number(kpis.sojournMean)
    return object
  }

  private static func states(_ times: StateTimes) -> JSONObject {
    var object = JSONObject()
    for state in UnitState.allCases where state != .off || times[.off] > 0 {
      object[state.rawValue] = number(times[state])
    }
    return object
  }

  static func number(_ value: Double) -> JSONValue {
    .number((value * 1_000_000).rounded() / 1_000_000)
  }
}
