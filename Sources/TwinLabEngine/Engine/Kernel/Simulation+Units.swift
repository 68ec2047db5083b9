import TwinLabModel

extension Simulation {
  // MARK: Unit states

  func setState(_ unit: Int, _ state: UnitState) {
    let old = units[unit].state
    guard old != state else { return }
    stateTicks[unit &* 7 &+ old.slot] += now - units[unit].lastChange
    units[unit].lastChange = now
    units[unit].state = state

    let device = units[unit].device
    let wasEngaged = old.isEngaged
    let isEngaged = state.isEngaged
    if wasEngaged != isEngaged {
      devices[device].engagedUnits += isEngaged ? 1 : -1
      let active =
        devices[device].activeCount > 0
        && devices[device].engagedUnits >= devices[device].activeCount
      setActive(resource: device, active)
    }

    if devices[device].countsBusyFailures, !units[unit].isFailed, old.isBusy != state.isBusy {
      units[unit].failureToken &+= 1
      if state.isBusy {
        units[unit].busySince = now
        events.schedule(
          .failure(unit: Int32(unit), token: units[unit].failureToken),
          at: now + units[unit].busyToFailure)
      } else {
        units[unit].busyToFailure = max(
          0, units[unit].busyToFailure - (now - units[unit].busySince))
      }
    }
    notify(
      .unit(
        device: devices[device].model.name, index: units[unit].index, from: old, to: state))
  }

  /// Marks a resource (devices first, then staff pools) active or not, for the
  /// active-period bottleneck measure.
  func setActive(resource: Int, _ isActive: Bool) {
    guard (activeSince[resource] != nil) != isActive else { return }
    accumulateBottleneck()
    activeSince[resource] = isActive ? now : nil
    // A resource that becomes active now cannot have begun before the current
    // bottleneck's period, so the search runs only when none is active or the
    // bottleneck itself ends its period.
    if isActive {
      if currentBottleneck < 0 { currentBottleneck = resource }
    } else if resource == currentBottleneck {
      currentBottleneck = earliestActiveResource()
    }
  }

  private func earliestActiveResource() -> Int {
    var best = -1
    var earliest = Int64.max
    for index in activeSince.indices {
      if let since = activeSince[index], since < earliest {
        best = index
        earliest = since
      }
    }
    return best
  }

  /// Credits the time since the last update to the resource whose current
  /// active period began first.
  func accumulateBottleneck() {
    if currentBottleneck >= 0 {
      bottleneckShares[currentBottleneck] += now - lastBottleneckUpdate
    }
    lastBottleneckUpdate = now
  }

  // MARK: Dispatching jobs

  /// Starts jobs on every idle unit of the device that has work it may start.
  func dispatch(device: Int) {
    for position in devices[device].units.indices {
      let unit = devices[device].units[position]
      guard units[unit].state == .idle, !units[unit].isRetiring else { continue }
      guard let station = selectWork(unit: unit) else { continue }
      startJob(unit: unit, station: station)
    }
  }

  /// Picks the station whose work waited longest and moves its entities into
  /// the unit's job list.
  private func selectWork(unit: Int) -> Int? {
    let device = units[unit].device
    let batch = max(1, devices[device].model.batch)
    let fill = devices[device].fill
    let ownStations = devices[device].stations
    if ownStations.count == 1, batch == 1, !stations[ownStations[0]].isPool {
      // One plain step on the device and one entity per job: the queue's head,
      // if any. A fill time never applies, since one entity fills the batch.
      let station = ownStations[0]
      guard !stations[station].queue.isEmpty else {
        units[unit].fillDeadline = nil
        return nil
      }
      units[unit].clearJob()
      units[unit].job.append(stations[station].queue.removeFirst())
      return station
    }
    var best: (station: Int, since: Int64)?
    var partialWaiting = false
    for position in devices[device].stations.indices {
      let station = devices[device].stations[position]
      let since: Int64
      if stations[station].isPool {
        guard let key = stations[station].readyGroups.first,
          let first = stations[station].groups[key]?.first
        else { continue }
        since = entities[first].enteredQueue
      } else {
        guard let head = stations[station].queue.first else { continue }
        let isFull = stations[station].waiting >= batch
        if !isFull, let fill {
          let deadline = units[unit].fillDeadline ?? (now + fill)
          if units[unit].fillDeadline == nil {
            units[unit].fillDeadline = deadline
            events.schedule(
              .fillTimeout(unit: Int32(unit), token: units[unit].token), at: deadline)
          }
          if now < deadline {
            partialWaiting = true
            continue
          }
        }
        since = entities[head].enteredQueue
      }
      if best == nil || since < best!.since { best = (station, since) }
    }
    guard let chosen = best?.station else {
      if !partialWaiting { units[unit].fillDeadline = nil }
      return nil
    }
    if stations[chosen].isPool {
      let key = stations[chosen].readyGroups.removeFirst()
      let size = stations[chosen].poolSize ?? 1
      var group = stations[chosen].groups[key] ?? []
      let members = Array(group.prefix(size))
      group.removeFirst(members.count)
      stations[chosen].groups[key] = group.isEmpty ? nil : group
      if group.count >= size { stations[chosen].readyGroups.append(key) }
      units[unit].clearJob()
      units[unit].job.append(contentsOf: members)
      return chosen
    }
    units[unit].clearJob()
    if batch == 1 {
      units[unit].job.append(stations[chosen].queue.removeFirst())
      return chosen
    }
    stations[chosen].queue.moveFirst(batch, to: &units[unit].job)
    return chosen
  }

  private func startJob(unit: Int, station: Int) {
    leaveStation(station, count: units[unit].job.count)
    for position in units[unit].job.indices {
      let entity = units[unit].job[position]
      stations[station].wait.record(Self.seconds(now - entities[entity].enteredQueue))
      entities[entity].location = .unit(unit)
      releaseBuffer(of: entity)
    }
    stations[station].jobsStarted += 1
    let device = units[unit].device
    notify(
      .jobStarted(
        device: devices[device].model.name, index: units[unit].index,
        entities: units[unit].job.count))
    units[unit].station = station
    units[unit].fillDeadline = nil
    units[unit].token &+= 1
    if let setup = devices[device].model.setup {
      units[unit].setupTicks = draw(setup, stream: devices[device].setupStream)
      units[unit].phase = .setup
    } else {
      units[unit].setupTicks = 0
      units[unit].phase = .processing
    }
    units[unit].remaining = draw(stations[station].time, stream: stations[station].timeStream)
    lastProgress = now
    beginPhase(unit)
    wakeWaiters(.station(station))
  }

  /// Seizes the staff the current phase needs and starts or resumes it, or
  /// leaves the unit waiting for staff.
  func beginPhase(_ unit: Int) {
    let station = units[unit].station
    let isSetup = units[unit].phase == .setup
    // Most steps need no staff: no lists to build, nothing to seize or release.
    if stations[station].staff == nil, units[unit].heldStaff.isEmpty,
      !isSetup || devices[units[unit].device].setupStaff == nil
    {
      startPhase(unit, isSetup: isSetup)
      return
    }
    var needed: [Int] = []
    if let pool = stations[station].staff { needed.append(pool) }
    if units[unit].phase == .setup, let pool = devices[units[unit].device].setupStaff,
      !needed.contains(pool)
    {
      needed.append(pool)
    }
    let missing = needed.filter { !units[unit].heldStaff.contains($0) }
    let unavailable = missing.filter { staff[$0].busy >= staff[$0].onDuty }
    guard unavailable.isEmpty else {
      setState(unit, .waitingForStaff)
      for pool in unavailable where !staff[pool].waiters.contains(unit) {
        staff[pool].waiters.append(unit)
        updateStaffActivity(pool)
      }
      return
    }
    for pool in missing {
      units[unit].heldStaff.append(pool)
      changeBusy(pool: pool, by: 1)
    }
    let surplus = units[unit].heldStaff.filter { !needed.contains($0) }
    units[unit].heldStaff.removeAll { surplus.contains($0) }
    for pool in surplus { changeBusy(pool: pool, by: -1) }
    startPhase(unit, isSetup: isSetup)
  }

  /// Starts or resumes the current phase once its staff is held.
  private func startPhase(_ unit: Int, isSetup: Bool) {
    setState(unit, isSetup ? .setup : .processing)
    let duration = isSetup ? units[unit].setupTicks : units[unit].remaining
    units[unit].token &+= 1
    units[unit].phaseEnd = now + duration
    events.schedule(
      .phaseEnd(unit: Int32(unit), token: units[unit].token), at: units[unit].phaseEnd)
  }

  func phaseEnded(_ unit: Int) {
    if units[unit].phase == .setup {
      units[unit].phase = .processing
      beginPhase(unit)
      return
    }
    releaseStaff(of: unit)
    finishJob(unit)
  }

  func releaseStaff(of unit: Int) {
    guard !units[unit].heldStaff.isEmpty else { return }
    let held = units[unit].heldStaff
    units[unit].heldStaff = []
    for pool in held { changeBusy(pool: pool, by: -1) }
  }

  private func finishJob(_ unit: Int) {
    let station = units[unit].station
    let process = stations[station].process
    units[unit].phase = .none
    notify(
      .jobFinished(
        device: devices[units[unit].device].model.name, index: units[unit].index,
        entities: units[unit].job.count))
    if stations[station].isPool, !units[unit].job.isEmpty {
      let members = units[unit].job
      units[unit].job.removeAll(keepingCapacity: true)
      units[unit].outputs.append(makePool(of: members, process: process, unit: unit))
    } else {
      units[unit].swapJobAndOutputs()
    }
    let next = stations[station].stage + 1
    for position in units[unit].outputs.indices {
      let entity = units[unit].outputs[position]
      entities[entity].destination = resolve(process: process, from: next)
    }
    // Outputs leave from the end of the list, so it is kept in reverse order.
    if units[unit].outputs.count > 1 { units[unit].outputs.reverse() }
    lastProgress = now
    placeOutputs(of: unit, isRetry: false)
  }

  /// Joins pool members into one new entity that keeps the earliest arrival and
  /// the earliest value of every time attribute.
  private func makePool(of members: [Int], process: Int, unit: Int) -> Int {
    let pooled = createEntity(process: process, drawsAttributes: false)
    var record = entities[pooled]
    record.attributes = entities[members[0]].attributes
    record.arrival = members.map { entities[$0].arrival }.min() ?? now
    record.expiryBase = members.map { entities[$0].expiryBase }.min() ?? now
    for (index, attribute) in processes[process].model.attributes.enumerated() {
      guard case .arrivalTimeOffset = attribute.rule else { continue }
      let times = members.compactMap { member -> Double? in
        if case .number(let time) = entities[member].attributes[index] { return time }
        return nil
      }
      if let earliest = times.min() { record.attributes[index] = .number(earliest) }
    }
    record.stage = stations[units[unit].station].stage
    record.location = .unit(unit)
    entities[pooled] = record
    for member in members { removeEntity(member) }
    if let expiry = processes[process].model.expiry {
      let deadline = max(now, record.expiryBase &+ Self.ticks(expiry.limit))
      events.schedule(.expiry(entity: Int32(pooled), token: record.token), at: deadline)
    }
    return pooled
  }

  /// Moves finished entities on; the unit stays Blocked while one cannot move.
  func placeOutputs(of unit: Int, isRetry: Bool) {
    while let entity = units[unit].outputs.last {
      guard place(entity) else {
        setState(unit, .blocked)
        let process = entities[entity].process
        if let resource = resource(for: entities[entity].destination, process: process) {
          register(.unit(unit), at: resource, atFront: isRetry)
        }
        return
      }
      units[unit].outputs.removeLast()
    }
    unitFreed(unit)
  }

  func unitFreed(_ unit: Int) {
    if units[unit].isFailed || units[unit].isManuallyDown {
      setState(unit, .down)
      return
    }
    if units[unit].isRetiring {
      setState(unit, .off)
      return
    }
    // A unit with work waiting goes straight to its next job, without a
    // zero-length Idle period in between.
    if let station = selectWork(unit: unit) {
      startJob(unit: unit, station: station)
      return
    }
    setState(unit, .idle)
    let device = units[unit].device
    // A unit that stays idle may take work straight from a blocked upstream
    // unit when the step in front of it has no waiting room.
    if units[unit].state == .idle {
      for station in devices[device].stations where !stations[station].waiters.isEmpty {
        wakeWaiters(.station(station))
      }
    }
  }

  func fillTimedOut(_ unit: Int) {
    guard units[unit].state == .idle, let deadline = units[unit].fillDeadline, now >= deadline
    else { return }
    dispatch(device: units[unit].device)
  }
}
