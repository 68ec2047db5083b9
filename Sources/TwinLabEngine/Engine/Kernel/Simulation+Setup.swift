import TwinLabModel

extension Simulation {
  /// Turns the scenario into index-based tables and names every random stream.
  func compile() {
    for pool in scenario.staff { staff.append(StaffRuntime(model: pool)) }
    for buffer in scenario.buffers { buffers.append(BufferRuntime(model: buffer)) }
    for device in scenario.devices {
      let runtime = DeviceRuntime(
        model: device, setupStream: stream(named: "device:\(device.name):setup"),
        setupStaff: device.setupStaff.flatMap(staffIndex(named:)),
        fill: device.fill.map(Self.ticks),
        countsBusyFailures: device.failure?.countsBusyTimeOnly ?? false,
        activeCount: max(0, device.count))
      devices.append(runtime)
    }
    for deviceIndex in devices.indices {
      for _ in 0..<devices[deviceIndex].activeCount { addUnit(device: deviceIndex) }
    }

    for (processIndex, process) in scenario.processes.enumerated() {
      var stages: [CompiledStage] = []
      for (stageIndex, stage) in process.stages.enumerated() {
        stages.append(compile(stage, process: process, indices: (processIndex, stageIndex)))
      }
      let labels = process.attributes.map { attribute -> [String] in
        if case .choice(let options) = attribute.rule { return options.map(\.label) }
        return []
      }
      let attributeStreams = process.attributes.map {
        stream(named: "process:\(process.name):attribute:\($0.name)")
      }
      let arrivalStreams = process.arrivals.indices.map {
        stream(named: "process:\(process.name):arrival:\($0)")
      }
      let expiryAttribute = process.expiry?.attribute.flatMap { name in
        process.attributes.firstIndex { $0.name == name }
      }
      processes.append(
        ProcessRuntime(
          model: process, stages: stages, attributeLabels: labels,
          attributeStreams: attributeStreams, arrivalStreams: arrivalStreams,
          expiryAttribute: expiryAttribute))
    }

    let resourceCount = devices.count + staff.count
    bottleneckShares = [Int64](repeating: 0, count: resourceCount)
    activeSince = [Int64?](repeating: nil, count: resourceCount)
  }

  private func compile(
    _ stage: Stage, process: Process, indices: (process: Int, stage: Int)
  ) -> CompiledStage {
    let key = "\(process.name).\(stage.name)"
    switch stage {
    case .step(let step):
      let device = deviceIndex(named: step.device) ?? 0
      let model = devices[device].model
      let time = step.time ?? model.time ?? .constant(0)
      let streamName =
        step.time != nil
        ? "process:\(process.name):step:\(step.name):time" : "device:\(model.name):time"
      let staffName = step.staff ?? model.timeStaff
      return addStation(
        Station(
          key: key, process: indices.process, stage: indices.stage, device: device, time: time,
          timeStream: stream(named: streamName), staff: staffName.flatMap(staffIndex(named:)),
          capacity: step.queueCapacity))
    case .pool(let pool):
      let device = deviceIndex(named: pool.device) ?? 0
      let model = devices[device].model
      let time = pool.time ?? model.time ?? .constant(0)
      let streamName =
        pool.time != nil
        ? "process:\(process.name):pool:\(pool.name):time" : "device:\(model.name):time"
      let staffName = pool.staff ?? model.timeStaff
      return addStation(
        Station(
          key: key, process: indices.process, stage: indices.stage, device: device, time: time,
          timeStream: stream(named: streamName), staff: staffName.flatMap(staffIndex(named:)),
          capacity: nil, poolSize: max(1, pool.size),
          poolAttribute: process.attributes.firstIndex { $0.name == pool.attribute }))
    case .hold(let hold):
      return .hold(
        minimum: Self.ticks(hold.minimum),
        buffer: scenario.buffers.firstIndex { $0.name == hold.buffer } ?? 0)
    case .route(let route):
      let stream = stream(named: "process:\(process.name):route:\(route.name)")
      routes.append(RouteRuntime(model: route, stream: stream))
      return .route(routes.count - 1)
    }
  }

  private func addStation(_ station: Station) -> CompiledStage {
    stations.append(station)
    devices[station.device].stations.append(stations.count - 1)
    return .station(stations.count - 1)
  }

  func deviceIndex(named name: String) -> Int? {
    scenario.devices.firstIndex { $0.name == name }
  }

  func staffIndex(named name: String) -> Int? {
    scenario.staff.firstIndex { $0.name == name }
  }

  /// Adds one unit to a device, observed from now, with its own failure streams.
  func addUnit(device: Int) {
    let index = devices[device].units.count
    var unit = UnitRecord(device: device, index: index, lastChange: now)
    let name = devices[device].model.name
    if devices[device].model.failure != nil {
      unit.failureStream = stream(named: "device:\(name):unit:\(index):failure")
      unit.repairStream = stream(named: "device:\(name):unit:\(index):repair")
    }
    units.append(unit)
    for _ in 0..<7 { stateTicks.append(0) }
    devices[device].units.append(units.count - 1)
    if devices[device].model.failure != nil { scheduleFailure(unit: units.count - 1) }
  }

  /// Schedules the first events: warm-up end, shift boundaries, first arrivals.
  func start() {
    events.reserveCapacity(1024)
    if warmupTicks > 0 { events.schedule(.warmupEnd, at: warmupTicks) }

    var boundaries = Set<Double>()
    for shift in scenario.shifts {
      boundaries.insert(shift.start.truncatingRemainder(dividingBy: 86_400))
      boundaries.insert(shift.end.truncatingRemainder(dividingBy: 86_400))
    }
    shiftBoundaries = boundaries.sorted().map(Self.ticks)
    updateStaffOnDuty()
    for (index, boundary) in shiftBoundaries.enumerated() {
      events.schedule(
        .shiftBoundary(index: Int32(index)), at: nextOccurrence(ofTimeOfDay: boundary))
    }

    for process in processes.indices {
      for rule in processes[process].model.arrivals.indices {
        scheduleArrival(process: process, rule: rule, after: 0, isFirst: true)
      }
    }
  }

  /// Seconds since midnight at clock tick `tick`, in ticks.
  func timeOfDay(_ tick: Int64) -> Int64 {
    let day = Self.ticks(86_400)
    let value = (Self.ticks(scenario.start) + tick) % day
    return value < 0 ? value + day : value
  }

  /// Returns the first tick at or after now whose time of day is `target` (ticks).
  func nextOccurrence(ofTimeOfDay target: Int64, strictlyAfterNow: Bool = false) -> Int64 {
    let day = Self.ticks(86_400)
    var delta = (target - timeOfDay(now)) % day
    if delta < 0 { delta += day }
    if delta == 0, strictlyAfterNow { delta = day }
    return now + delta
  }
}
