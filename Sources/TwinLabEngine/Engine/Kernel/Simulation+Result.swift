import TwinLabModel

extension Simulation {
  /// Zeroes every accumulator at the end of the warm-up; entities, levels and
  /// unit states stay as they are.
  public func resetStatistics() {
    statisticsStart = now
    for unit in units.indices { units[unit].lastChange = now }
    for index in stateTicks.indices { stateTicks[index] = 0 }
    for station in stations.indices {
      stations[station].queueLength.reset(at: now)
      stations[station].wait.reset()
      stations[station].jobsStarted = 0
    }
    for pool in staff.indices {
      staff[pool].busyLevel.reset(at: now)
      staff[pool].paidLevel.reset(at: now)
      staff[pool].lastShiftUpdate = now
      staff[pool].shiftBusy = staff[pool].shiftBusy.map { _ in 0 }
      staff[pool].shiftPaid = staff[pool].shiftPaid.map { _ in 0 }
    }
    for buffer in buffers.indices { buffers[buffer].level.reset(at: now) }
    for process in processes.indices {
      processes[process].arrivals = 0
      processes[process].lost = 0
      processes[process].products = 0
      processes[process].expired = 0
      processes[process].scrapped = 0
    }
    wip.reset(at: now)
    cycleTime.reset()
    sojourn.reset()
    scrapReasons = [:]
    bottleneckShares = bottleneckShares.map { _ in 0 }
    lastBottleneckUpdate = now
  }

  // MARK: Read access

  /// The state of unit `index` (from 0) of each device, by device name.
  public var unitStates: [(device: String, index: Int, state: UnitState)] {
    devices.flatMap { device in
      device.units.map { (device.model.name, units[$0].index, units[$0].state) }
    }
  }

  /// The number of entities waiting in front of each step and pool, by `process.step`.
  public var queueLengths: [(step: String, length: Int)] {
    stations.map { ($0.key, $0.waiting) }
  }

  /// Busy and on-duty head-counts of each staff pool.
  public var staffLevels: [(pool: String, busy: Int, onDuty: Int)] {
    staff.map { ($0.model.name, $0.busy, $0.onDuty) }
  }

  // MARK: Result

  /// Computes the KPIs from the end of the warm-up to the current clock.
  public func result() -> RunResult {
    accumulateBottleneck()
    for pool in staff.indices { accumulateShifts(pool) }
    let observed = Self.seconds(now - statisticsStart)
    let deviceResults = devices.map(deviceResult)
    let staffResults = staff.map { pool -> StaffResult in
      let busy = Self.seconds(Int64(pool.busyLevel.integral(at: now)))
      let paid = Self.seconds(Int64(pool.paidLevel.integral(at: now)))
      let shifts = pool.model.headcount.indices.map { index -> ShiftResult in
        let busy = Self.seconds(Int64(pool.shiftBusy[index]))
        let paid = Self.seconds(Int64(pool.shiftPaid[index]))
        return ShiftResult(
          name: pool.model.headcount[index].shift, utilization: paid > 0 ? busy / paid : 0,
          busyHours: busy / 3600, paidHours: paid / 3600)
      }
      return StaffResult(
        name: pool.model.name, utilization: paid > 0 ? busy / paid : 0,
        busyHours: busy / 3600, paidHours: paid / 3600, shifts: shifts)
    }
    let stepResults = stations.map { station in
      StepResult(
        name: station.key, device: devices[station.device].model.name,
        queueMean: station.queueLength.mean(at: now), queueMax: station.queueLength.maximum,
        queueNow: station.waiting, waitMean: station.wait.mean, jobsStarted: station.jobsStarted)
    }
    let processResults = processes.map {
      ProcessResult(
        name: $0.model.name, arrivals: $0.arrivals, lost: $0.lost, products: $0.products,
        expired: $0.expired, scrapped: $0.scrapped)
    }
    let products = processResults.reduce(0) { $0 + $1.products }
    var cost = 0.0
    for (index, device) in devices.enumerated() {
      cost += device.model.costPerHour * deviceResults[index].states.observed / 3600
    }
    for (index, pool) in staff.enumerated() {
      cost += pool.model.costPerHour * staffResults[index].paidHours
    }
    let utilizations =
      deviceResults.map { ($0.name, $0.utilization) }
      + staffResults.map { ($0.name, $0.utilization) }
    let bottleneck = utilizations.max { $0.1 < $1.1 }.flatMap { $0.1 > 0 ? $0.0 : nil }
    let resourceNames = devices.map(\.model.name) + staff.map(\.model.name)
    let shareTotal = Double(max(1, now - statisticsStart))
    let quantiles = cycleTime.quantiles([0.5, 0.9])
    let kpis = KPIs(
      products: products,
      throughputPerDay: observed > 0 ? Double(products) / observed * 86_400 : 0,
      wipMean: wip.mean(at: now), wipEnd: Int(wip.level),
      cycleTime: Summary(
        count: cycleTime.count, mean: cycleTime.mean, p50: quantiles[0],
        p90: quantiles[1], max: cycleTime.count > 0 ? cycleTime.maximum : 0,
        standardDeviation: cycleTime.variance.squareRoot()),
      arrivals: processResults.reduce(0) { $0 + $1.arrivals },
      lost: processResults.reduce(0) { $0 + $1.lost },
      expired: processResults.reduce(0) { $0 + $1.expired },
      scrapped: processResults.reduce(0) { $0 + $1.scrapped },
      scrapReasons: scrapReasons.keys.sorted().map {
        NamedCount(name: $0, count: scrapReasons[$0]!)
      },
      costPerUnit: products > 0 ? cost / Double(products) : nil,
      bottleneck: bottleneck,
      bottleneckShares: zip(resourceNames, bottleneckShares).map {
        NamedValue(name: $0, value: Double($1) / shareTotal)
      },
      departures: sojourn.count,
      sojournMean: sojourn.mean)
    return RunResult(
      scenario: scenario.name, seed: streamsSource.seed, replication: streamsSource.replication,
      horizon: horizon, warmup: Self.seconds(warmupTicks), time: clock,
      eventCount: processedEvents, kpis: kpis, devices: deviceResults, staff: staffResults,
      steps: stepResults, processes: processResults, stall: stallReport())
  }

  private func deviceResult(_ device: DeviceRuntime) -> DeviceResult {
    var total = [UnitState: Double]()
    var unitResults: [UnitResult] = []
    for unit in device.units {
      var ticks = Array(stateTicks[(unit * 7)..<(unit * 7 + 7)])
      ticks[units[unit].state.slot] += now - units[unit].lastChange
      var seconds = [UnitState: Double]()
      for state in UnitState.allCases {
        seconds[state] = Self.seconds(ticks[state.slot])
        total[state, default: 0] += Self.seconds(ticks[state.slot])
      }
      let times = StateTimes(seconds: seconds)
      unitResults.append(
        UnitResult(
          name: "\(device.model.name)-\(units[unit].index + 1)", state: units[unit].state,
          utilization: times.observed > 0 ? times.busy / times.observed : 0, states: times))
    }
    let times = StateTimes(seconds: total)
    return DeviceResult(
      name: device.model.name, count: device.activeCount,
      utilization: times.observed > 0 ? times.busy / times.observed : 0,
      blockedFraction: times.observed > 0 ? times[.blocked] / times.observed : 0,
      states: times, units: unitResults)
  }

  /// Lists who waits for what when the model stalled. It counts as stalled when
  /// entities are in the lab and no event is left, or no job started or ended for
  /// a whole day, or a unit waits for a staff pool that no shift ever staffs.
  func stallReport() -> StallReport? {
    if let stopped = timeStoppedAt {
      return StallReport(
        lastProgress: Self.seconds(stopped),
        waits: [
          "time stopped advancing: more than \(options.maximumEventsPerInstant) events happened at"
            + " \(Self.seconds(stopped)) s, so some entities loop through stages that take no time"
        ])
    }
    guard wip.level > 0 else { return nil }
    let day = Self.ticks(86_400)
    let noEvents = events.isEmpty
    let idleForADay = now - lastProgress >= day
    var waitsForAbsentStaff = false
    var waits: [String] = []
    for device in devices {
      for unit in device.units {
        let record = units[unit]
        let name = "\(device.model.name)-\(record.index + 1)"
        switch record.state {
        case .waitingForStaff:
          let pools = staff.indices.filter { staff[$0].waiters.contains(unit) }
          for pool in pools where !staffEverOnDuty(pool) { waitsForAbsentStaff = true }
          let names = pools.map { staff[$0].model.name }.joined(separator: ", ")
          waits.append(
            "\(name) waits for staff from \(names) to work on \(stations[record.station].key)")
        case .blocked:
          if let entity = record.outputs.last {
            waits.append(
              "\(name) is blocked: \(describe(entities[entity].destination, entity)) is full")
          }
        case .down:
          waits.append("\(name) is down")
        default:
          break
        }
      }
    }
    for station in stations where station.waiting > 0 {
      if station.isPool {
        let groups = station.groups.values.map(\.count).sorted(by: >)
        waits.append(
          "\(station.waiting) entities wait for \(station.key), in groups of \(groups.map(String.init).joined(separator: ", ")) where \(station.poolSize ?? 1) make a pool"
        )
      } else {
        waits.append("\(station.waiting) entities wait in front of \(station.key)")
      }
    }
    guard noEvents || idleForADay || waitsForAbsentStaff else { return nil }
    return StallReport(lastProgress: Self.seconds(lastProgress), waits: waits)
  }

  private func describe(_ destination: Destination, _ entity: Int) -> String {
    guard case .stage(let index) = destination else { return "the exit" }
    let process = processes[entities[entity].process]
    switch process.stages[index] {
    case .station(let station): return "the queue of \(stations[station].key)"
    case .hold(_, let buffer): return "buffer \(buffers[buffer].model.name)"
    case .route: return "a route"
    }
  }

  func staffEverOnDuty(_ pool: Int) -> Bool {
    staff[pool].model.headcount.contains { entry in
      entry.count > 0 && scenario.shift(named: entry.shift) != nil
    }
  }
}

/// Runs a scenario to its horizon and returns the result.
///
/// - Throws: `SimulationError` when the scenario cannot run.
public func simulate(
  _ scenario: Scenario, options: RunOptions = RunOptions()
) throws(SimulationError) -> RunResult {
  let simulation = try Simulation(scenario: scenario, options: options)
  simulation.runToEnd()
  return simulation.result()
}
