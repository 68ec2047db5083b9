import Foundation
import TwinLabEngine
import TwinLabModel

/// One property update for a twin.
struct TwinUpdate {
  var twinId: String
  var path: String
  var value: JSONValue
}

/// The state a mirror keeps between engine changes, to derive twin properties
/// the engine reports only as transitions: time in each state, utilization,
/// jobs completed and queue lengths per device.
struct MirrorTracker {
  private struct Unit {
    var id: String
    var state: UnitState = .idle
    var since: Double = 0
    var seconds = [Double](repeating: 0, count: 7)
    /// Entities the unit has finished since the run started.
    var processed = 0
    /// Entities in the unit's current job, kept while it holds its outputs.
    var inUse = 0
  }

  private struct Pool {
    var id: String
    var busy = 0
    var onDuty = 0
    var since: Double = 0
    var busySeconds: Double = 0
    var dutySeconds: Double = 0
  }

  private var units: [Unit] = []
  private var firstUnit: [String: Int] = [:]
  private var unitCount: [String: Int] = [:]
  private var pools: [String: Pool] = [:]
  private var stepDevice: [String: String] = [:]
  private var queues: [String: Int] = [:]
  private var deviceQueue: [String: Int] = [:]
  private var processCounts: [String: (arrived: Int, completed: Int, wip: Int)] = [:]
  private let warmup: Double
  /// Whether the lab has one process, whose work in process is then the lab's.
  private let isSingleProcess: Bool
  private var isWarm: Bool
  /// Midnight of day 1 of the simulation as seconds since 1970: 2000-01-01T00:00:00Z.
  /// Simulated times become date-times from there, plus the lab's start time.
  static let epoch: Double = 946_684_800
  private let start: Double

  init(scenario: Scenario, warmup: Double = 0) {
    self.warmup = warmup
    self.isWarm = warmup <= 0
    self.start = scenario.start
    self.isSingleProcess = scenario.processes.count == 1
    for device in scenario.devices {
      firstUnit[device.name] = units.count
      unitCount[device.name] = max(0, device.count)
      for index in 0..<max(0, device.count) {
        units.append(Unit(id: LabGraph.unitId(device: device.name, index: index)))
      }
    }
    for pool in scenario.staff { pools[pool.name] = Pool(id: LabGraph.staffId(pool.name)) }
    stepDevice = LabGraph.stepDevices(scenario)
  }

  /// Formats simulated seconds as an ISO 8601 date-time in UTC.
  func dateTime(_ time: Double) -> String {
    let date = Date(timeIntervalSince1970: Self.epoch + start + time)
    return date.formatted(.iso8601)
  }

  /// Turns one engine change into twin updates.
  ///
  /// - Parameter labWIP: Entities in the lab now, used as the `wip` of a lab's
  ///   only process. Counting arrivals and departures would drift there,
  ///   because pooled entities leave without an event of their own.
  mutating func apply(time: Double, change: SimulationChange, labWIP: Int? = nil) -> [TwinUpdate] {
    if !isWarm, time >= warmup { resetStatistics(at: warmup) }
    switch change {
    case .unit(let device, let index, _, let to):
      guard let position = unitPosition(device, index) else { return [] }
      account(position, until: time)
      units[position].state = to
      // An idle unit has placed all of its outputs.
      if to == .idle { units[position].inUse = 0 }
      return unitUpdates(position, time: time, full: true)
    case .jobStarted(let device, let index, let entities):
      guard let position = unitPosition(device, index) else { return [] }
      units[position].inUse = entities
      return unitUpdates(position, time: time, full: false)
    case .jobFinished(let device, let index, let entities):
      guard let position = unitPosition(device, index) else { return [] }
      units[position].processed += entities
      return unitUpdates(position, time: time, full: false)
    case .staff(let name, let busy, let onDuty):
      guard var pool = pools[name] else { return [] }
      pool.busySeconds += Double(pool.busy) * (time - pool.since)
      pool.dutySeconds += Double(pool.onDuty) * (time - pool.since)
      pool.since = time
      pool.busy = busy
      pool.onDuty = onDuty
      pools[name] = pool
      let utilization = pool.dutySeconds > 0 ? min(1, pool.busySeconds / pool.dutySeconds) : 0
      return [
        TwinUpdate(twinId: pool.id, path: "/busy", value: .number(Double(busy))),
        TwinUpdate(twinId: pool.id, path: "/onShift", value: .number(Double(onDuty))),
        TwinUpdate(twinId: pool.id, path: "/utilization", value: .number(utilization)),
      ]
    case .queue(let step, let length):
      guard let device = stepDevice[step] else { return [] }
      let total = (deviceQueue[device] ?? 0) - (queues[step] ?? 0) + length
      queues[step] = length
      deviceQueue[device] = total
      return unitIds(device).map {
        TwinUpdate(twinId: $0, path: "/queueLength", value: .number(Double(total)))
      }
    case .entity(let process, _, let event):
      var counts = processCounts[process] ?? (0, 0, 0)
      switch event {
      case .arrived:
        counts.arrived += 1
        counts.wip += 1
      case .completed:
        counts.completed += 1
        counts.wip = max(0, counts.wip - 1)
      case .lost, .scrapped, .expired:
        counts.wip = max(0, counts.wip - 1)
      }
      // NOTE: in a lab of several processes a process's `wip` comes from these
      // events alone, so it overcounts entities that left by joining a pool.
      if isSingleProcess, let labWIP { counts.wip = labWIP }
      processCounts[process] = counts
      let id = LabGraph.processId(process)
      return [
        TwinUpdate(twinId: id, path: "/arrived", value: .number(Double(counts.arrived))),
        TwinUpdate(twinId: id, path: "/completed", value: .number(Double(counts.completed))),
        TwinUpdate(twinId: id, path: "/wip", value: .number(Double(counts.wip))),
      ]
    }
  }

  /// Returns the final state of every unit from the engine's own figures, so
  /// that the twins end equal to the run's result.
  mutating func finalUpdates(simulation: Simulation, result: RunResult) -> [TwinUpdate] {
    var updates: [TwinUpdate] = []
    for (device, index, state) in simulation.unitStates {
      guard let base = firstUnit[device], index < (unitCount[device] ?? 0) else { continue }
      units[base + index].state = state
    }
    for device in result.devices {
      guard let base = firstUnit[device.name] else { continue }
      for (index, unit) in device.units.enumerated() where index < (unitCount[device.name] ?? 0) {
        let id = units[base + index].id
        updates += unitUpdates(base + index, time: result.time, full: false)
        updates.append(
          TwinUpdate(twinId: id, path: "/utilization", value: .number(unit.utilization)))
        updates.append(
          TwinUpdate(twinId: id, path: "/timeInState", value: Self.stateTimes(unit.states)))
      }
    }
    for (step, length) in simulation.queueLengths {
      guard let device = stepDevice[step] else { continue }
      queues[step] = length
      deviceQueue[device] = queues.filter { stepDevice[$0.key] == device }.values.reduce(0, +)
    }
    for (device, total) in deviceQueue {
      for id in unitIds(device) {
        updates.append(TwinUpdate(twinId: id, path: "/queueLength", value: .number(Double(total))))
      }
    }
    if isSingleProcess, let process = processCounts.keys.first {
      updates.append(
        TwinUpdate(
          twinId: LabGraph.processId(process), path: "/wip",
          value: .number(Double(result.kpis.wipEnd))))
    }
    for staff in result.staff {
      guard let pool = pools[staff.name] else { continue }
      updates.append(
        TwinUpdate(twinId: pool.id, path: "/utilization", value: .number(staff.utilization)))
    }
    return updates
  }

  private func unitIds(_ device: String) -> [String] {
    guard let base = firstUnit[device] else { return [] }
    return (0..<(unitCount[device] ?? 0)).map { units[base + $0].id }
  }

  private mutating func account(_ position: Int, until time: Double) {
    let slot = UnitState.allCases.firstIndex(of: units[position].state) ?? 0
    units[position].seconds[slot] += max(0, time - units[position].since)
    units[position].since = time
  }

  private mutating func resetStatistics(at time: Double) {
    isWarm = true
    for position in units.indices {
      units[position].seconds = [Double](repeating: 0, count: 7)
      units[position].since = time
    }
    for name in pools.keys {
      pools[name]?.busySeconds = 0
      pools[name]?.dutySeconds = 0
      pools[name]?.since = time
    }
  }

  private func unitPosition(_ device: String, _ index: Int) -> Int? {
    guard let base = firstUnit[device], index >= 0, index < (unitCount[device] ?? 0) else {
      return nil
    }
    return base + index
  }

  private func unitUpdates(_ position: Int, time: Double, full: Bool) -> [TwinUpdate] {
    let unit = units[position]
    var updates = [
      TwinUpdate(twinId: unit.id, path: "/status", value: .string(unit.state.rawValue)),
      TwinUpdate(twinId: unit.id, path: "/inUse", value: .number(Double(unit.inUse))),
      TwinUpdate(twinId: unit.id, path: "/totalProcessed", value: .number(Double(unit.processed))),
      TwinUpdate(twinId: unit.id, path: "/lastUpdateTime", value: .string(dateTime(time))),
    ]
    guard full else { return updates }
    var times = JSONObject()
    for (key, seconds) in zip(LabGraph.stateTimeKeys, unit.seconds) {
      times[key] = .number(seconds)
    }
    let observed = unit.seconds.dropLast().reduce(0, +)
    let busy = unit.seconds[1] + unit.seconds[2]
    updates.append(
      TwinUpdate(
        twinId: unit.id, path: "/utilization", value: .number(observed > 0 ? busy / observed : 0)))
    updates.append(TwinUpdate(twinId: unit.id, path: "/timeInState", value: .object(times)))
    return updates
  }

  static func stateTimes(_ times: StateTimes) -> JSONValue {
    var object = JSONObject()
    for (key, state) in zip(LabGraph.stateTimeKeys, UnitState.allCases) {
      object[key] = .number(times[state])
    }
    return .object(object)
  }
}
