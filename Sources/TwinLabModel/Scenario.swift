/// A lab as the engine runs it: plain data built once by the language, with
/// every reference between elements resolved and checked.
///
/// Times are seconds (`Double`). Clock times are seconds since midnight.
/// Rates never appear here: the language turns `60/h` into a mean interval.
public struct Scenario: Sendable, Equatable {
  /// The lab's display name, as written after `lab`.
  public var name: String
  /// The file the lab was declared in, as given on the command line.
  public var sourcePath: String
  /// Time of day at which the simulation clock reads zero, in seconds since midnight.
  public var start: Double
  /// Seed of the run when `--seed` is not given.
  public var seed: UInt64
  /// Default run length in seconds when `--horizon` is not given.
  public var horizon: Double?
  /// Default warm-up in seconds when `--warmup` is not given.
  public var warmup: Double?
  public var shifts: [Shift]
  public var staff: [StaffPool]
  public var devices: [Device]
  public var buffers: [Buffer]
  public var processes: [Process]
  public var whatifs: [WhatIf]
  public var experiments: [Experiment]
  /// Declaration sites of the elements, keyed by name (`centrifuge`) or by
  /// process and stage (`whole_blood.spin`), so that checks can point at it.
  public var locations: [String: SourceLocation]

  public init(
    name: String, sourcePath: String = "", start: Double = 0, seed: UInt64 = 1,
    horizon: Double? = nil, warmup: Double? = nil, shifts: [Shift] = [],
    staff: [StaffPool] = [], devices: [Device] = [], buffers: [Buffer] = [],
    processes: [Process] = [], whatifs: [WhatIf] = [], experiments: [Experiment] = [],
    locations: [String: SourceLocation] = [:]
  ) {
    self.name = name
    self.sourcePath = sourcePath
    self.start = start
    self.seed = seed
    self.horizon = horizon
    self.warmup = warmup
    self.shifts = shifts
    self.staff = staff
    self.devices = devices
    self.buffers = buffers
    self.processes = processes
    self.whatifs = whatifs
    self.experiments = experiments
    self.locations = locations
  }

  /// The device named `name`, if the lab declares one.
  public func device(named name: String) -> Device? { devices.first { $0.name == name } }
  /// The staff pool named `name`, if the lab declares one.
  public func staffPool(named name: String) -> StaffPool? { staff.first { $0.name == name } }
  /// The buffer named `name`, if the lab declares one.
  public func buffer(named name: String) -> Buffer? { buffers.first { $0.name == name } }
  /// The process named `name`, if the lab declares one.
  public func process(named name: String) -> Process? { processes.first { $0.name == name } }
  /// The shift named `name`, if the lab declares one.
  public func shift(named name: String) -> Shift? { shifts.first { $0.name == name } }
}

/// A named stretch of the day during which staff pools have their shift head-count.
public struct Shift: Sendable, Equatable {
  public var name: String
  /// Start, in seconds since midnight.
  public var start: Double
  /// End, in seconds since midnight; an end at or before the start crosses midnight.
  public var end: Double

  public init(name: String, start: Double, end: Double) {
    self.name = name
    self.start = start
    self.end = end
  }
}

/// A pool of interchangeable people, with a head-count per shift.
///
/// Outside every listed shift no member of the pool is on duty. Where shifts
/// overlap, the head-counts of all shifts in force add up.
public struct StaffPool: Sendable, Equatable {
  public var name: String
  /// Head-count per shift name, in declaration order.
  public var headcount: [ShiftHeadcount]
  /// Cost per paid member-hour, in currency units; zero when not given.
  public var costPerHour: Double

  public init(name: String, headcount: [ShiftHeadcount], costPerHour: Double = 0) {
    self.name = name
    self.headcount = headcount
    self.costPerHour = costPerHour
  }
}

/// The number of members of a staff pool on duty during one shift.
public struct ShiftHeadcount: Sendable, Equatable {
  public var shift: String
  public var count: Int

  public init(shift: String, count: Int) {
    self.shift = shift
    self.count = count
  }
}

/// A finite place where entities wait, such as a rest rack.
public struct Buffer: Sendable, Equatable {
  public var name: String
  /// The maximum number of entities in the buffer.
  public var capacity: Int

  public init(name: String, capacity: Int) {
    self.name = name
    self.capacity = capacity
  }
}
