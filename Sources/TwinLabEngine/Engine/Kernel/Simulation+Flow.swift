import TwinLabModel

extension Simulation {
  // MARK: Arrivals

  func scheduleArrival(process: Int, rule: Int, after tick: Int64, isFirst: Bool) {
    // Fields are read in place: copying the process model would retain all its lists.
    let scale = processes[process].model.arrivalScale
    guard scale > 0 else { return }
    let event = EventKind.arrival(process: Int32(process), rule: Int32(rule))
    switch processes[process].model.arrivals[rule] {
    case .daily(let at, _):
      let next = nextOccurrence(ofTimeOfDay: Self.ticks(at), strictlyAfterNow: !isFirst)
      events.schedule(event, at: next)
    case .stream(let interval, let from, let to):
      let stream = processes[process].arrivalStreams[rule]
      let gap = generators[stream].sample(interval) / scale
      let next = advanceOpenTime(
        from: tick, by: Self.ticks(gap), window: (from.map(Self.ticks), to.map(Self.ticks)))
      events.schedule(event, at: next)
    }
  }

  /// Returns the tick reached after spending `amount` ticks inside the daily
  /// window, starting at `tick`. Time outside the window does not count.
  func advanceOpenTime(from tick: Int64, by amount: Int64, window: (Int64?, Int64?)) -> Int64 {
    guard let open = window.0, let close = window.1, open != close else { return tick + amount }
    var position = tick
    var left = amount
    for _ in 0..<100_000 {
      let time = timeOfDay(position)
      let inside = open < close ? (time >= open && time < close) : (time >= open || time < close)
      if inside {
        var untilClose = (close - time) % Self.ticks(86_400)
        if untilClose <= 0 { untilClose += Self.ticks(86_400) }
        if left < untilClose { return position + left }
        left -= untilClose
        position += untilClose
      } else {
        var untilOpen = (open - time) % Self.ticks(86_400)
        if untilOpen < 0 { untilOpen += Self.ticks(86_400) }
        position += untilOpen
      }
    }
    return position + left
  }

  func arrival(process: Int, rule: Int) {
    switch processes[process].model.arrivals[rule] {
    case .daily(_, let batch):
      let count = Int((Double(batch) * processes[process].model.arrivalScale).rounded())
      for _ in 0..<max(0, count) { admitNewEntity(process: process) }
    case .stream:
      admitNewEntity(process: process)
    }
    scheduleArrival(process: process, rule: rule, after: now, isFirst: false)
  }

  func admitNewEntity(process: Int) {
    let entity = createEntity(process: process)
    processes[process].arrivals += 1
    notify(.entity(process: processes[process].model.name, id: entity, event: .arrived))
    if let expiry = processes[process].model.expiry {
      let deadline = entities[entity].expiryBase &+ Self.ticks(expiry.limit)
      if deadline <= now {
        expire(entity)
        return
      }
      events.schedule(
        .expiry(entity: Int32(entity), token: entities[entity].token), at: deadline)
    }
    let destination = resolve(process: process, from: 0)
    entities[entity].destination = destination
    if !place(entity) {
      processes[process].lost += 1
      notify(.entity(process: processes[process].model.name, id: entity, event: .lost))
      removeEntity(entity)
    }
  }

  func createEntity(process: Int, drawsAttributes: Bool = true) -> Int {
    let index: Int
    if let reused = freeEntities.popLast() {
      index = reused
    } else {
      entities.append(EntityRecord())
      index = entities.count - 1
    }
    entities[index].process = process
    entities[index].stage = 0
    entities[index].arrival = now
    entities[index].created = now
    entities[index].expiryBase = now
    entities[index].isAlive = true
    entities[index].location = .nowhere
    entities[index].buffer = -1
    entities[index].attributes.removeAll(keepingCapacity: true)
    if drawsAttributes, !processes[process].model.attributes.isEmpty {
      drawAttributes(of: index, process: process)
    }
    wip.add(1, at: now)
    return index
  }

  /// Draws every attribute of a new entity from its own stream, in declaration order.
  private func drawAttributes(of entity: Int, process: Int) {
    let runtime = processes[process]
    var values: [AttributeValue] = []
    for (attributeIndex, attribute) in runtime.model.attributes.enumerated() {
      let stream = runtime.attributeStreams[attributeIndex]
      switch attribute.rule {
      case .choice(let options):
        let u = generators[stream].next()
        var cumulative = 0.0
        var chosen = max(0, options.count - 1)
        for (labelIndex, option) in options.enumerated() {
          cumulative += option.weight
          if u < cumulative {
            chosen = labelIndex
            break
          }
        }
        values.append(.label(chosen))
      case .sample(let distribution):
        values.append(.number(generators[stream].sample(distribution)))
      case .arrivalTimeOffset(let sign, let distribution):
        let offset = generators[stream].sample(distribution)
        values.append(.number(clock + sign * offset))
      }
    }
    entities[entity].attributes = values
    if let attribute = runtime.expiryAttribute, case .number(let time) = values[attribute] {
      // Clamped so that an absurd time attribute cannot overflow the tick count.
      let ticks = (time * Self.ticksPerSecond).rounded()
      entities[entity].expiryBase = Int64(max(-4e18, min(4e18, ticks.isFinite ? ticks : 0)))
    }
  }

  func removeEntity(_ entity: Int) {
    sojourn.record(Self.seconds(now - entities[entity].created))
    releaseBuffer(of: entity)
    entities[entity].isAlive = false
    entities[entity].token &+= 1
    entities[entity].location = .nowhere
    freeEntities.append(entity)
    wip.add(-1, at: now)
  }

  // MARK: Routing and placement

  /// Finds where an entity goes from stage `start` on, drawing each route on the way.
  func resolve(process: Int, from start: Int) -> Destination {
    let count = processes[process].stages.count
    // The usual case, a next stage that is not a route, draws nothing.
    guard start < count else { return .product }
    if case .route = processes[process].stages[start] {} else { return .stage(start) }
    var index = start
    for _ in 0...(count + 1) {
      guard index < count else { return .product }
      guard case .route(let routeIndex) = processes[process].stages[index] else {
        return .stage(index)
      }
      let route = routes[routeIndex].model
      let stream = routes[routeIndex].stream
      let u = generators[stream].next()
      var cumulative = 0.0
      var action = route.otherwise
      for branch in route.branches {
        cumulative += branch.probability
        if u < cumulative {
          action = branch.action
          break
        }
      }
      switch action {
      case .next: index += 1
      case .scrap(let reason): return .scrap(reason: reason)
      case .goto(let stage):
        guard let target = processes[process].model.stageIndex(named: stage) else {
          return .scrap(reason: "route to unknown stage \(stage)")
        }
        index = target
      }
    }
    return .scrap(reason: "routes loop without reaching a stage")
  }

  /// The place that must have room for the entity's destination, if any.
  func resource(for destination: Destination, process: Int) -> Resource? {
    guard case .stage(let index) = destination else { return nil }
    switch processes[process].stages[index] {
    case .station(let station): return .station(station)
    case .hold(_, let buffer): return .buffer(buffer)
    case .route: return nil
    }
  }

  func hasSpace(_ resource: Resource) -> Bool {
    switch resource {
    case .station(let index):
      guard let capacity = stations[index].capacity else { return true }
      return stations[index].waiting < capacity
        || (stations[index].waiting == 0 && hasStartableUnit(device: stations[index].device))
    case .buffer(let index):
      return buffers[index].occupied < buffers[index].model.capacity
    }
  }

  /// Returns whether an idle unit of the device would start a job on one entity
  /// at once, so that a step without waiting room can still take it.
  func hasStartableUnit(device: Int) -> Bool {
    let model = devices[device].model
    guard model.fill == nil || model.batch <= 1 else { return false }
    return devices[device].units.contains { units[$0].state == .idle && !units[$0].isRetiring }
  }

  /// Moves the entity to its destination, or returns `false` when the place is full.
  func place(_ entity: Int) -> Bool {
    let process = entities[entity].process
    switch entities[entity].destination {
    case .product:
      complete(entity)
      return true
    case .scrap(let reason):
      processes[process].scrapped += 1
      scrapReasons[reason, default: 0] += 1
      notify(
        .entity(
          process: processes[process].model.name, id: entity, event: .scrapped(reason: reason)))
      removeEntity(entity)
      return true
    case .stage(let index):
      switch processes[process].stages[index] {
      case .station(let station):
        guard hasSpace(.station(station)) else { return false }
        entities[entity].stage = index
        enqueue(entity, at: station)
        return true
      case .hold(let minimum, let buffer):
        guard hasSpace(.buffer(buffer)) else { return false }
        releaseBuffer(of: entity)
        entities[entity].stage = index
        entities[entity].buffer = buffer
        entities[entity].location = .hold(buffer)
        buffers[buffer].occupied += 1
        buffers[buffer].level.set(Double(buffers[buffer].occupied), at: now)
        events.schedule(
          .holdRelease(entity: Int32(entity), token: entities[entity].token), at: now + minimum)
        return true
      case .route:
        return false
      }
    }
  }

  func complete(_ entity: Int) {
    let process = entities[entity].process
    processes[process].products += 1
    productsCompleted += 1
    cycleTime.record(Self.seconds(now - entities[entity].arrival))
    lastProgress = now
    notify(.entity(process: processes[process].model.name, id: entity, event: .completed))
    removeEntity(entity)
  }

  func enqueue(_ entity: Int, at station: Int) {
    entities[entity].enteredQueue = now
    if stations[station].isPool {
      // Entities waiting for a pool keep their place in the buffer they rested in.
      entities[entity].location = .poolGroup(station: station)
      let key = poolKey(entity, station: station)
      stations[station].groups[key, default: []].append(entity)
      if stations[station].groups[key]?.count == stations[station].poolSize {
        stations[station].readyGroups.append(key)
      }
    } else {
      releaseBuffer(of: entity)
      entities[entity].location = .queue(station: station)
      stations[station].queue.append(entity)
    }
    stations[station].waiting += 1
    dispatch(device: stations[station].device)
    // The level is recorded after the dispatch, so an entity that goes straight
    // into service never counts as waiting.
    stations[station].queueLength.set(Double(stations[station].waiting), at: now)
    notify(.queue(step: stations[station].key, length: stations[station].waiting))
  }

  func poolKey(_ entity: Int, station: Int) -> AttributeValue {
    guard let attribute = stations[station].poolAttribute,
      attribute < entities[entity].attributes.count
    else { return .label(0) }
    return entities[entity].attributes[attribute]
  }

  func releaseBuffer(of entity: Int) {
    let buffer = entities[entity].buffer
    guard buffer >= 0 else { return }
    entities[entity].buffer = -1
    buffers[buffer].occupied -= 1
    buffers[buffer].level.set(Double(buffers[buffer].occupied), at: now)
    wakeWaiters(.buffer(buffer))
  }

  // MARK: Holds, waiters and expiry

  func holdEnded(_ entity: Int) {
    let process = entities[entity].process
    entities[entity].destination = resolve(process: process, from: entities[entity].stage + 1)
    if !place(entity), let resource = resource(for: entities[entity].destination, process: process)
    {
      register(.held(entity: entity, token: entities[entity].token), at: resource, atFront: false)
    }
  }

  func register(_ waiter: Waiter, at resource: Resource, atFront: Bool) {
    switch resource {
    case .station(let index):
      if atFront {
        stations[index].waiters.insert(waiter, at: 0)
      } else {
        stations[index].waiters.append(waiter)
      }
    case .buffer(let index):
      if atFront {
        buffers[index].waiters.insert(waiter, at: 0)
      } else {
        buffers[index].waiters.append(waiter)
      }
    }
  }

  /// Lets upstream waiters move in, first come first served, while there is room.
  func wakeWaiters(_ resource: Resource) {
    while true {
      // Waiters are checked first: it is the cheaper test and usually fails.
      let hasWaiters =
        switch resource {
        case .station(let index): !stations[index].waiters.isEmpty
        case .buffer(let index): !buffers[index].waiters.isEmpty
        }
      guard hasWaiters, hasSpace(resource) else { return }
      let waiter: Waiter
      switch resource {
      case .station(let index): waiter = stations[index].waiters.removeFirst()
      case .buffer(let index): waiter = buffers[index].waiters.removeFirst()
      }
      switch waiter {
      case .unit(let unit):
        guard units[unit].state == .blocked else { continue }
        placeOutputs(of: unit, isRetry: true)
      case .held(let entity, let token):
        guard entities[entity].isAlive, entities[entity].token == token else { continue }
        let process = entities[entity].process
        if !place(entity),
          let next = self.resource(for: entities[entity].destination, process: process)
        {
          register(waiter, at: next, atFront: true)
        }
      }
    }
  }

  func expire(_ entity: Int) {
    let process = entities[entity].process
    switch entities[entity].location {
    case .queue(let station):
      stations[station].queue.remove(entity)
      leaveStation(station, count: 1)
      wakeWaiters(.station(station))
    case .poolGroup(let station):
      let key = poolKey(entity, station: station)
      stations[station].groups[key]?.removeAll { $0 == entity }
      if (stations[station].groups[key]?.count ?? 0) < (stations[station].poolSize ?? 1) {
        stations[station].readyGroups.removeAll { $0 == key }
      }
      leaveStation(station, count: 1)
    case .unit(let unit):
      units[unit].job.removeAll { $0 == entity }
      if let position = units[unit].outputs.firstIndex(of: entity) {
        units[unit].outputs.remove(at: position)
        if units[unit].outputs.isEmpty, units[unit].state == .blocked { unitFreed(unit) }
      }
    case .hold, .nowhere:
      break
    }
    processes[process].expired += 1
    notify(.entity(process: processes[process].model.name, id: entity, event: .expired))
    removeEntity(entity)
  }

  func leaveStation(_ station: Int, count: Int) {
    stations[station].waiting -= count
    stations[station].queueLength.set(Double(stations[station].waiting), at: now)
    notify(.queue(step: stations[station].key, length: stations[station].waiting))
  }
}
