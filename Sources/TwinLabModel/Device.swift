/// A kind of equipment with `count` identical units, each running one job at a time.
public struct Device: Sendable, Equatable {
  public var name: String
  /// The number of identical units; each unit becomes a twin of its own.
  public var count: Int
  /// The most entities one job holds.
  public var batch: Int
  /// How long a free unit waits for a full batch, in seconds; `nil` starts at once.
  public var fill: Double?
  /// Job time for steps that do not give their own.
  public var time: Distribution?
  /// Staff pool needed for the whole job time, when the device says `time ... with pool`.
  public var timeStaff: String?
  /// Setup before every job.
  public var setup: Distribution?
  /// Staff pool needed during the setup only.
  public var setupStaff: String?
  /// Breakdowns of each unit, if the device fails.
  public var failure: Failure?
  /// Cost per unit-hour of the run, in currency units; zero when not given.
  public var costPerHour: Double
  /// Extra twin properties from the `twin { ... }` block, in declaration order.
  public var twinProperties: [TwinProperty]

  public init(
    name: String, count: Int = 1, batch: Int = 1, fill: Double? = nil,
    time: Distribution? = nil, timeStaff: String? = nil, setup: Distribution? = nil,
    setupStaff: String? = nil, failure: Failure? = nil, costPerHour: Double = 0,
    twinProperties: [TwinProperty] = []
  ) {
    self.name = name
    self.count = count
    self.batch = batch
    self.fill = fill
    self.time = time
    self.timeStaff = timeStaff
    self.setup = setup
    self.setupStaff = setupStaff
    self.failure = failure
    self.costPerHour = costPerHour
    self.twinProperties = twinProperties
  }
}

/// The breakdown process of one device unit.
public struct Failure: Sendable, Equatable {
  /// Time between failures.
  public var interval: Distribution
  /// Time to repair.
  public var repair: Distribution
  /// Whether `interval` counts busy time (Setup and Processing) instead of calendar time.
  public var countsBusyTimeOnly: Bool

  public init(interval: Distribution, repair: Distribution, countsBusyTimeOnly: Bool = false) {
    self.interval = interval
    self.repair = repair
    self.countsBusyTimeOnly = countsBusyTimeOnly
  }
}

/// One property written into a device twin, from the device's `twin` block.
public struct TwinProperty: Sendable, Equatable {
  public var name: String
  public var value: TwinScalar

  public init(name: String, value: TwinScalar) {
    self.name = name
    self.value = value
  }
}

/// A scalar value that a twin property can take.
public enum TwinScalar: Sendable, Equatable {
  case string(String)
  case number(Double)
  case bool(Bool)
}
