import TwinLabModel

/// The state of one device unit. Time in these states adds up to the unit's
/// observed time exactly.
public enum UnitState: String, Sendable, CaseIterable, Equatable {
  case idle = "Idle"
  case setup = "Setup"
  case processing = "Processing"
  /// Finished, but the next place is full, so the unit keeps its output.
  case blocked = "Blocked"
  case waitingForStaff = "WaitingForStaff"
  /// Failed and in repair, or taken down from outside.
  case down = "Down"
  /// Removed by lowering the device count; not observed.
  case off = "Off"

  var slot: Int {
    switch self {
    case .idle: 0
    case .setup: 1
    case .processing: 2
    case .blocked: 3
    case .waitingForStaff: 4
    case .down: 5
    case .off: 6
    }
  }

  /// Whether the unit is working on a job: the numerator of utilization.
  var isBusy: Bool { self == .setup || self == .processing }

  /// Whether the unit is taken, whether working or not: Setup, Processing,
  /// WaitingForStaff or Down.
  var isEngaged: Bool {
    switch self {
    case .setup, .processing, .down: true
    case .idle, .blocked, .waitingForStaff, .off: false
    }
  }
}

/// An attribute value carried by an entity: a `choice` label (by index into
/// the attribute's labels) or a number, such as a time in seconds of clock.
enum AttributeValue: Hashable, Sendable {
  case label(Int)
  case number(Double)
}

/// The next place of an entity after a stage: a stage, out as a product, or scrap.
enum Destination: Equatable, Sendable {
  case stage(Int)
  case product
  case scrap(reason: String)
}

/// The current place of an entity, so that expiry can take it out from there.
enum EntityLocation: Equatable, Sendable {
  case nowhere
  case queue(station: Int)
  case poolGroup(station: Int)
  case unit(Int)
  case hold(Int)
}

struct EntityRecord: Sendable {
  var process = 0
  var stage = 0
  /// Arrival for cycle time; a pool keeps its earliest member's arrival.
  var arrival: Int64 = 0
  /// When this entity came into being: its arrival, or the end of its pooling job.
  var created: Int64 = 0
  var expiryBase: Int64 = 0
  var attributes: [AttributeValue] = []
  var token: UInt32 = 0
  var isAlive = false
  var location = EntityLocation.nowhere
  var enteredQueue: Int64 = 0
  var destination = Destination.product
  /// The buffer whose place the entity occupies, or -1.
  var buffer = -1
}

/// A step or a pool: a stage whose work runs on a device unit.
struct Station: Sendable {
  var key: String
  var process: Int
  var stage: Int
  var device: Int
  var time: Distribution
  var timeStream: Int
  var staff: Int?
  var capacity: Int?
  var poolSize: Int?
  var poolAttribute: Int?
  var queue = EntityQueue()
  var groups: [AttributeValue: [Int]] = [:]
  /// Groups that hold a full pool, in the order they filled.
  var readyGroups: [AttributeValue] = []
  var waiting = 0
  var queueLength = TimeWeighted()
  var wait = Tally()
  var jobsStarted = 0
  var waiters: [Waiter] = []

  var isPool: Bool { poolSize != nil }
}

/// Something upstream that waits for space: a blocked unit or an entity
/// whose minimum hold is over but whose next place is full.
enum Waiter: Equatable, Sendable {
  case unit(Int)
  case held(entity: Int, token: UInt32)
}

/// A place that can be full.
enum Resource: Equatable, Sendable {
  case station(Int)
  case buffer(Int)
}

/// A stage as the engine runs it. Payloads are plain numbers, so reading a
/// stage costs no reference counting; routes live in `Simulation.routes`.
enum CompiledStage: Sendable {
  case station(Int)
  case hold(minimum: Int64, buffer: Int)
  case route(Int)
}

struct RouteRuntime: Sendable {
  var model: Route
  var stream: Int
}

struct ProcessRuntime: Sendable {
  var model: Process
  var stages: [CompiledStage]
  var attributeLabels: [[String]]
  var attributeStreams: [Int]
  var arrivalStreams: [Int]
  var expiryAttribute: Int?
  var arrivals = 0
  var lost = 0
  var products = 0
  var expired = 0
  var scrapped = 0
}

enum Phase: Sendable {
  case none
  case setup
  case processing
}

struct UnitRecord: Sendable {
  var device: Int
  var index: Int
  var state = UnitState.idle
  var lastChange: Int64
  var job: [Int] = []
  var station = -1
  var phase = Phase.none
  var setupTicks: Int64 = 0
  var remaining: Int64 = 0
  var phaseEnd: Int64 = 0
  var token: UInt32 = 0
  var heldStaff: [Int] = []
  /// Finished entities not yet moved on, the next to leave last.
  var outputs: [Int] = []
  var fillDeadline: Int64?
  var isFailed = false
  var isManuallyDown = false
  var isRetiring = false
  var busyToFailure: Int64 = 0
  var busySince: Int64 = 0
  var failureToken: UInt32 = 0
  var failureStream = -1
  var repairStream = -1

  /// Swaps the finished job into `outputs`, reusing both lists' storage from
  /// job to job.
  mutating func swapJobAndOutputs() { swap(&job, &outputs) }

  /// Empties the job list, keeping its storage.
  mutating func clearJob() {
    if !job.isEmpty { job.removeAll(keepingCapacity: true) }
  }
}

struct DeviceRuntime: Sendable {
  var model: Device
  var units: [Int] = []
  var stations: [Int] = []
  var setupStream: Int
  var setupStaff: Int?
  var fill: Int64?
  /// Whether failures count busy time only, so that state changes must keep
  /// the failure clock.
  var countsBusyFailures: Bool
  var activeCount: Int
  /// Units in Setup, Processing or Down: the device is active for the
  /// bottleneck measure when all its units are. A unit waiting for staff does
  /// not count, because there the staff pool is the constraint.
  var engagedUnits = 0
}

struct StaffRuntime: Sendable {
  var model: StaffPool
  var onDuty = 0
  var busy = 0
  var waiters: [Int] = []
  var busyLevel = TimeWeighted()
  var paidLevel = TimeWeighted()
  /// Whether each head-count entry's shift is in force, in `model.headcount` order.
  var inForce: [Bool]
  /// Busy member-ticks per head-count entry since the last reset. Where shifts
  /// overlap, busy members are shared among them in proportion to head-count.
  var shiftBusy: [Double]
  /// On-duty member-ticks per head-count entry since the last reset.
  var shiftPaid: [Double]
  var lastShiftUpdate: Int64 = 0

  init(model: StaffPool) {
    self.model = model
    inForce = model.headcount.map { _ in false }
    shiftBusy = model.headcount.map { _ in 0 }
    shiftPaid = model.headcount.map { _ in 0 }
  }
}

struct BufferRuntime: Sendable {
  var model: Buffer
  var occupied = 0
  var waiters: [Waiter] = []
  var level = TimeWeighted()
}
