import TwinLabModel

/// How long and with which random numbers to run a scenario.
public struct RunOptions: Sendable, Equatable {
  /// Run length in seconds; `nil` uses the scenario's horizon, else 24 hours.
  public var horizon: Double?
  /// Warm-up in seconds; `nil` uses the scenario's warm-up, else none.
  public var warmup: Double?
  /// Seed; `nil` uses the scenario's seed.
  public var seed: UInt64?
  /// Replication number, from 0: selects the substream of every random source.
  public var replication: Int
  /// Events allowed at one instant before the run stops and reports that
  /// time no longer advances.
  public var maximumEventsPerInstant: Int

  public init(
    horizon: Double? = nil, warmup: Double? = nil, seed: UInt64? = nil, replication: Int = 0,
    maximumEventsPerInstant: Int = 5_000_000
  ) {
    self.maximumEventsPerInstant = maximumEventsPerInstant
    self.horizon = horizon
    self.warmup = warmup
    self.seed = seed
    self.replication = replication
  }
}

/// A scenario that the engine rejects before running, with every problem found.
public struct SimulationError: Error, Sendable, Equatable {
  public var diagnostics: [Diagnostic]

  public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}

/// One change of state, as reported to an observer.
public enum SimulationChange: Sendable, Equatable {
  /// A device unit changed state; `index` counts from 0.
  case unit(device: String, index: Int, from: UnitState, to: UnitState)
  /// A staff pool's busy or on-duty head-count changed.
  case staff(pool: String, busy: Int, onDuty: Int)
  /// The number of entities waiting in front of a step or pool changed.
  case queue(step: String, length: Int)
  /// An entity arrived, finished, was lost, scrapped or expired.
  case entity(process: String, id: Int, event: EntityEvent)
  /// A device unit took `entities` entities into a new job; `index` counts from 0.
  case jobStarted(device: String, index: Int, entities: Int)
  /// A device unit finished the job it started with `entities` entities. A job that a
  /// failure interrupts finishes once, after the repair.
  case jobFinished(device: String, index: Int, entities: Int)
}

/// An event in an entity's life.
public enum EntityEvent: Sendable, Equatable {
  case arrived
  case lost
  case completed
  case scrapped(reason: String)
  case expired
}

/// A discrete-event simulation of one scenario for one replication.
///
/// The clock counts seconds from the run's start; internally events are
/// ordered on integer microseconds, then priority, then insertion order, so
/// runs are exactly reproducible.
public final class Simulation {
  static let ticksPerSecond: Double = 1_000_000

  public let scenario: Scenario
  public let options: RunOptions
  /// Problems that do not stop the run, such as a step whose staff is never on duty.
  public let warnings: [Diagnostic]
  /// Called on every state change of a unit, staff pool, queue or entity.
  public var observer: ((_ time: Double, _ change: SimulationChange) -> Void)?

  let horizonTicks: Int64
  let warmupTicks: Int64
  let streamsSource: RandomStreams
  let generators = Table<MRG32k3a>()
  var streamNames: [String] = []
  var events = EventQueue()
  var now: Int64 = 0
  var processedEvents = 0
  var isFinished = false
  var eventsWithoutTimeAdvance = 0
  /// The tick at which the run stopped because time no longer advanced.
  var timeStoppedAt: Int64?

  let processes = Table<ProcessRuntime>()
  let stations = Table<Station>()
  var routes: [RouteRuntime] = []
  let devices = Table<DeviceRuntime>()
  let units = Table<UnitRecord>()
  /// Ticks spent in each state since the last reset: seven slots per unit,
  /// kept flat so that a state change touches no nested array.
  let stateTicks = Table<Int64>()
  let staff = Table<StaffRuntime>()
  let buffers = Table<BufferRuntime>()
  var shiftBoundaries: [Int64] = []
  let entities = Table<EntityRecord>()
  var freeEntities: [Int] = []

  var wip = TimeWeighted()
  /// Products finished since the start, warm-up included.
  public internal(set) var productsCompleted = 0
  var cycleTime = Tally(keepsValues: true)
  /// Time from creation to removal of every entity that left the lab, however
  /// it left (finished, lost, scrapped, expired or joined into a pool).
  var sojourn = Tally()
  var scrapReasons: [String: Int] = [:]
  var lastProgress: Int64 = 0
  /// Ticks credited to each resource (devices first, then staff pools) as the bottleneck.
  let bottleneckShares = Table<Int64>()
  /// When each resource's current active period began, or `nil` when it is not active.
  let activeSince = Table<Int64?>()
  /// The resource whose active period began first, or -1 when none is active.
  var currentBottleneck = -1
  var lastBottleneckUpdate: Int64 = 0
  var statisticsStart: Int64 = 0

  /// Builds the run, checking the scenario and options first.
  ///
  /// - Throws: `SimulationError` naming each element that cannot run.
  public init(scenario: Scenario, options: RunOptions = RunOptions()) throws(SimulationError) {
    self.scenario = scenario
    self.options = options
    let horizon = options.horizon ?? scenario.horizon ?? 86_400
    let warmup = options.warmup ?? scenario.warmup ?? 0
    let validation = ScenarioValidator(scenario: scenario, horizon: horizon, warmup: warmup)
    let problems = validation.check()
    let errors = problems.filter { $0.severity == .error }
    if !errors.isEmpty { throw SimulationError(diagnostics: errors) }
    warnings = problems.filter { $0.severity != .error }
    horizonTicks = Self.ticks(horizon)
    warmupTicks = Self.ticks(warmup)
    streamsSource = RandomStreams(
      seed: options.seed ?? scenario.seed, replication: options.replication)
    compile()
    start()
  }

  /// Seconds as ticks, rounded to the nearest tick (halves away from zero),
  /// clamped to 0...Int64.max / 4.
  @inline(__always)
  static func ticks(_ seconds: Double) -> Int64 {
    guard seconds.isFinite else { return seconds > 0 ? Int64.max / 4 : 0 }
    let value = seconds * ticksPerSecond
    // Above 2^52 every double is a whole number, so this bound matches the
    // bound on the rounded value.
    if value >= Double(Int64.max / 4) { return Int64.max / 4 }
    if value < 0.5 { return 0 }
    // Rounding by hand instead of `rounded()` avoids a library call per draw.
    // The fraction is exact: the value and its whole part are within a factor
    // of two of each other, so their difference is a double.
    let whole = Int64(value)
    return value - Double(whole) >= 0.5 ? whole + 1 : whole
  }

  static func seconds(_ ticks: Int64) -> Double { Double(ticks) / ticksPerSecond }

  /// The clock in seconds since the run's start.
  public var clock: Double { Self.seconds(now) }
  /// Events processed so far.
  public var eventCount: Int { processedEvents }
  /// The run length in seconds.
  public var horizon: Double { Self.seconds(horizonTicks) }
  /// Entities in the lab now.
  public var workInProcess: Int { Int(wip.level) }
  /// Whether the run reached its horizon or ran out of events.
  public var isComplete: Bool { isFinished }

  /// Processes the next event, if it lies within the horizon.
  ///
  /// - Returns: `false` once the run is complete.
  @discardableResult
  public func step() -> Bool {
    guard !isFinished else { return false }
    guard let nextTime = events.first?.time, nextTime <= horizonTicks,
      let next = events.removeFirst()
    else {
      now = horizonTicks
      isFinished = true
      return false
    }
    if next.time == now {
      eventsWithoutTimeAdvance += 1
      // Zero-time loops (a route back to a step that takes no time) would
      // otherwise spin forever at one instant.
      if eventsWithoutTimeAdvance > options.maximumEventsPerInstant {
        timeStoppedAt = now
        isFinished = true
        return false
      }
    } else {
      eventsWithoutTimeAdvance = 0
    }
    now = next.time
    processedEvents += 1
    handle(next.kind)
    return true
  }

  /// Runs every event up to `time` seconds (or the horizon, if earlier) and
  /// leaves the clock at that time.
  public func run(until time: Double) {
    let limit = min(Self.ticks(time), horizonTicks)
    while let next = events.first, next.time <= limit, !isFinished {
      step()
    }
    if !isFinished { now = max(now, limit) }
    if limit >= horizonTicks { finish() }
  }

  /// Runs to the horizon, asking `shouldStop` every 4096 events whether to stop early.
  ///
  /// - Returns: `true` when the run reached its end, `false` when stopped.
  @discardableResult
  public func runToEnd(shouldStop: () -> Bool = { false }) -> Bool {
    var sinceCheck = 0
    while step() {
      sinceCheck += 1
      if sinceCheck >= 4096 {
        sinceCheck = 0
        if shouldStop() { return false }
      }
    }
    return true
  }

  func finish() {
    now = horizonTicks
    isFinished = true
  }

  func handle(_ kind: EventKind) {
    switch kind {
    case .warmupEnd:
      resetStatistics()
    case .shiftBoundary(let index):
      shiftBoundary(Int(index))
    case .arrival(let process, let rule):
      arrival(process: Int(process), rule: Int(rule))
    case .phaseEnd(let unit, let token):
      if units[Int(unit)].token == token { phaseEnded(Int(unit)) }
    case .fillTimeout(let unit, let token):
      if units[Int(unit)].token == token { fillTimedOut(Int(unit)) }
    case .holdRelease(let entity, let token):
      let index = Int(entity)
      if entities[index].isAlive, entities[index].token == token { holdEnded(index) }
    case .expiry(let entity, let token):
      let index = Int(entity)
      if entities[index].isAlive, entities[index].token == token { expire(index) }
    case .failure(let unit, let token):
      if units[Int(unit)].failureToken == token { fail(Int(unit)) }
    case .repair(let unit, _):
      repair(Int(unit))
    }
  }

  func stream(named name: String) -> Int {
    if let existing = streamNames.firstIndex(of: name) { return existing }
    streamNames.append(name)
    generators.append(streamsSource.generator(named: name))
    return generators.count - 1
  }

  @inline(__always)
  func draw(_ distribution: Distribution, stream: Int) -> Int64 {
    Self.ticks(generators[stream].sample(distribution))
  }

  /// Reports a change to the observer; the change is built only when one is set.
  @inline(__always)
  func notify(_ change: @autoclosure () -> SimulationChange) {
    if let observer { observer(clock, change()) }
  }
}
