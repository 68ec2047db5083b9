import TwinLabModel

/// A request from outside the run that names something the scenario lacks.
public enum SimulationControlError: Error, Sendable, Equatable {
  case unknownDevice(String, suggestion: String?)
  case unitOutOfRange(device: String, index: Int, count: Int)
  case invalidCount(device: String, count: Int)
}

extension Simulation {
  // MARK: Staff

  func changeBusy(pool: Int, by delta: Int) {
    accumulateShifts(pool)
    staff[pool].busy += delta
    updateStaffLevels(pool)
    if delta < 0 { wakeStaff(pool) }
  }

  func updateStaffLevels(_ pool: Int) {
    let record = staff[pool]
    staff[pool].busyLevel.set(Double(record.busy), at: now)
    staff[pool].paidLevel.set(Double(max(record.busy, record.onDuty)), at: now)
    updateStaffActivity(pool)
    notify(.staff(pool: record.model.name, busy: record.busy, onDuty: record.onDuty))
  }

  /// Gives free members to units waiting for this pool, in the order they asked.
  func wakeStaff(_ pool: Int) {
    while staff[pool].busy < staff[pool].onDuty, !staff[pool].waiters.isEmpty {
      let unit = staff[pool].waiters.removeFirst()
      guard units[unit].state == .waitingForStaff else { continue }
      beginPhase(unit)
    }
    updateStaffActivity(pool)
  }

  /// Marks a staff pool active for the bottleneck measure while every member
  /// on duty is busy or a unit waits for one of its members.
  func updateStaffActivity(_ pool: Int) {
    let record = staff[pool]
    let isSaturated = record.onDuty > 0 && record.busy >= record.onDuty
    setActive(resource: devices.count + pool, isSaturated || !record.waiters.isEmpty)
  }

  func shiftBoundary(_ index: Int) {
    updateStaffOnDuty()
    events.schedule(
      .shiftBoundary(index: Int32(index)),
      at: nextOccurrence(ofTimeOfDay: shiftBoundaries[index], strictlyAfterNow: true))
  }

  /// Sets every pool's on-duty head-count from the shifts in force now; where
  /// shifts overlap their head-counts add up.
  func updateStaffOnDuty() {
    let time = timeOfDay(now)
    for pool in staff.indices {
      accumulateShifts(pool)
      var onDuty = 0
      for (index, entry) in staff[pool].model.headcount.enumerated() {
        staff[pool].inForce[index] = false
        guard let shift = scenario.shift(named: entry.shift) else { continue }
        let start = Self.ticks(shift.start.truncatingRemainder(dividingBy: 86_400))
        let end = Self.ticks(shift.end.truncatingRemainder(dividingBy: 86_400))
        let inForce = start < end ? (time >= start && time < end) : (time >= start || time < end)
        staff[pool].inForce[index] = inForce
        if inForce { onDuty += max(0, entry.count) }
      }
      guard onDuty != staff[pool].onDuty || now == 0 else { continue }
      staff[pool].onDuty = onDuty
      updateStaffLevels(pool)
      wakeStaff(pool)
    }
  }

  /// Credits the time since the last update to each shift in force. Busy
  /// members beyond the on-duty head-count are overtime and belong to no shift.
  func accumulateShifts(_ pool: Int) {
    let elapsed = Double(now - staff[pool].lastShiftUpdate)
    staff[pool].lastShiftUpdate = now
    guard elapsed > 0 else { return }
    let onDuty = staff[pool].onDuty
    let covered = Double(min(staff[pool].busy, onDuty))
    for (index, entry) in staff[pool].model.headcount.enumerated() where staff[pool].inForce[index]
    {
      let count = Double(max(0, entry.count))
      staff[pool].shiftPaid[index] += count * elapsed
      if onDuty > 0 { staff[pool].shiftBusy[index] += covered * count / Double(onDuty) * elapsed }
    }
  }

  // MARK: Failures

  func scheduleFailure(unit: Int) {
    guard let failure = devices[units[unit].device].model.failure else { return }
    let interval = draw(failure.interval, stream: units[unit].failureStream)
    units[unit].failureToken &+= 1
    if failure.countsBusyTimeOnly {
      units[unit].busyToFailure = interval
      if units[unit].state.isBusy {
        units[unit].busySince = now
        events.schedule(
          .failure(unit: Int32(unit), token: units[unit].failureToken), at: now + interval)
      }
    } else {
      events.schedule(
        .failure(unit: Int32(unit), token: units[unit].failureToken), at: now + interval)
    }
  }

  func fail(_ unit: Int) {
    guard let failure = devices[units[unit].device].model.failure else { return }
    guard units[unit].state != .off, !units[unit].isFailed else {
      scheduleFailure(unit: unit)
      return
    }
    goDown(unit)
    units[unit].isFailed = true
    events.schedule(
      .repair(unit: Int32(unit), token: 0),
      at: now + draw(failure.repair, stream: units[unit].repairStream))
  }

  func repair(_ unit: Int) {
    units[unit].isFailed = false
    scheduleFailure(unit: unit)
    if !units[unit].isManuallyDown { comeUp(unit) }
  }

  /// Interrupts whatever the unit does; a job in progress keeps its remaining time.
  func goDown(_ unit: Int) {
    switch units[unit].state {
    case .setup, .processing:
      let left = max(0, units[unit].phaseEnd - now)
      if units[unit].phase == .setup {
        units[unit].setupTicks = left
      } else {
        units[unit].remaining = left
      }
      units[unit].token &+= 1
      releaseStaff(of: unit)
    case .waitingForStaff:
      for pool in staff.indices where staff[pool].waiters.contains(unit) {
        staff[pool].waiters.removeAll { $0 == unit }
        updateStaffActivity(pool)
      }
    case .idle:
      units[unit].fillDeadline = nil
    case .blocked, .down, .off:
      break
    }
    if units[unit].state != .off { setState(unit, .down) }
  }

  func comeUp(_ unit: Int) {
    guard units[unit].state == .down else { return }
    if units[unit].phase != .none {
      beginPhase(unit)
    } else if !units[unit].outputs.isEmpty {
      placeOutputs(of: unit, isRetry: false)
    } else {
      unitFreed(unit)
    }
  }

  // MARK: Control from outside

  private func device(named name: String) throws(SimulationControlError) -> Int {
    guard let index = deviceIndex(named: name) else {
      throw .unknownDevice(
        name, suggestion: nearestName(to: name, among: devices.map(\.model.name)))
    }
    return index
  }

  /// Takes unit `index` (from 0) of a device down or brings it back up, from now.
  /// A job in progress is interrupted and resumes when the unit is up again.
  public func setUnitDown(
    device name: String, index: Int, isDown: Bool
  ) throws(SimulationControlError) {
    let device = try device(named: name)
    guard index >= 0, index < devices[device].units.count else {
      throw .unitOutOfRange(device: name, index: index, count: devices[device].units.count)
    }
    let unit = devices[device].units[index]
    units[unit].isManuallyDown = isDown
    if isDown {
      goDown(unit)
    } else if !units[unit].isFailed {
      comeUp(unit)
    }
  }

  /// Changes the number of working units of a device from now. Removed units
  /// finish their current job, then turn Off; added units start Idle.
  public func setDeviceCount(device name: String, count: Int) throws(SimulationControlError) {
    let device = try device(named: name)
    guard count >= 0, count <= 10_000 else { throw .invalidCount(device: name, count: count) }
    while devices[device].units.count < count { addUnit(device: device) }
    for (position, unit) in devices[device].units.enumerated() {
      let keep = position < count
      units[unit].isRetiring = !keep
      if keep, units[unit].state == .off {
        setState(unit, .idle)
      } else if !keep, units[unit].state == .idle {
        setState(unit, .off)
      }
    }
    devices[device].activeCount = count
    dispatch(device: device)
  }
}
