/// The KPIs and breakdowns of one run, covering the time after the warm-up.
public struct RunResult: Sendable, Equatable {
  public var scenario: String
  public var seed: UInt64
  public var replication: Int
  /// Run length in seconds.
  public var horizon: Double
  /// Warm-up in seconds; statistics cover `warmup...horizon`.
  public var warmup: Double
  /// The clock when the result was taken, in seconds.
  public var time: Double
  public var eventCount: Int
  public var kpis: KPIs
  public var devices: [DeviceResult]
  public var staff: [StaffResult]
  public var steps: [StepResult]
  public var processes: [ProcessResult]
  /// The waits of a stalled model, or `nil` when the model did not stall.
  public var stall: StallReport?

  /// The observed time in seconds: from the warm-up to the clock.
  public var observed: Double { max(0, time - warmup) }
}

/// Whole-lab KPIs.
public struct KPIs: Sendable, Equatable {
  /// Finished products.
  public var products: Int
  /// Products per day of observed time.
  public var throughputPerDay: Double
  /// Time-average number of entities in the lab.
  public var wipMean: Double
  /// WIP at the clock.
  public var wipEnd: Int
  /// Arrival to completion, in seconds, over products finished while observed.
  public var cycleTime: Summary
  public var arrivals: Int
  /// Arrivals that found the first stage full.
  public var lost: Int
  public var expired: Int
  public var scrapped: Int
  /// Scrap counts by reason, in reason order.
  public var scrapReasons: [NamedCount]
  /// (device cost/h x unit-hours + staff cost/h x paid member-hours) / products;
  /// `nil` without products.
  public var costPerUnit: Double?
  /// The resource with the highest utilization.
  public var bottleneck: String?
  /// Per resource, the share of observed time it was the bottleneck by the
  /// active-period method: at each moment, the active resource whose current
  /// active period began first. A device is active while all its units are in
  /// Setup, Processing or Down. A staff pool is active while all members on
  /// duty are busy or a unit waits for one of its members.
  public var bottleneckShares: [NamedValue]
  /// Entities that left the lab in any way, pool members joining a pool included.
  public var departures: Int
  /// Mean time from an entity's creation (arrival, or the end of its pooling
  /// job) to its departure, in seconds. With `departures` this gives Little's
  /// law for the lab: `wipMean` is about `departures / observed * sojournMean`.
  public var sojournMean: Double
}

/// Mean, median, 90th percentile and maximum of a tally.
public struct Summary: Sendable, Equatable {
  public var count: Int
  public var mean: Double
  public var p50: Double
  public var p90: Double
  public var max: Double
  public var standardDeviation: Double
}

public struct NamedCount: Sendable, Equatable {
  public var name: String
  public var count: Int
}

public struct NamedValue: Sendable, Equatable {
  public var name: String
  public var value: Double
}

/// Seconds in each unit state, by state.
public struct StateTimes: Sendable, Equatable {
  public var seconds: [UnitState: Double]

  public subscript(state: UnitState) -> Double { seconds[state] ?? 0 }
  /// Seconds in every state but Off, summed in the fixed order of `UnitState.allCases`
  /// because a dictionary's order differs between runs and would change the last bit.
  public var observed: Double {
    UnitState.allCases.filter { $0 != .off }.reduce(0) { $0 + self[$1] }
  }
  public var busy: Double { self[.setup] + self[.processing] }
}

public struct UnitResult: Sendable, Equatable {
  /// `device-1`, `device-2`, ...
  public var name: String
  public var state: UnitState
  /// (Setup + Processing) / observed time.
  public var utilization: Double
  public var states: StateTimes
}

public struct DeviceResult: Sendable, Equatable {
  public var name: String
  public var count: Int
  /// Busy unit-time over observed unit-time, 0...1.
  public var utilization: Double
  /// Blocked unit-time over observed unit-time.
  public var blockedFraction: Double
  public var states: StateTimes
  public var units: [UnitResult]
}

public struct StaffResult: Sendable, Equatable {
  public var name: String
  /// Busy member-time over paid member-time; a member busy past the end of a
  /// shift is paid until the job ends.
  public var utilization: Double
  public var busyHours: Double
  public var paidHours: Double
  /// The same per head-count entry of the pool, in declaration order. Overtime
  /// (members busy past the end of every shift) counts in the pool's figures only.
  public var shifts: [ShiftResult]
}

/// Staff figures for one shift of one pool. Where shifts overlap, busy members
/// are shared among the shifts in force in proportion to their head-counts.
public struct ShiftResult: Sendable, Equatable {
  public var name: String
  public var utilization: Double
  public var busyHours: Double
  public var paidHours: Double
}

public struct StepResult: Sendable, Equatable {
  /// `process.step`.
  public var name: String
  public var device: String
  public var queueMean: Double
  public var queueMax: Double
  public var queueNow: Int
  /// Mean time from joining the queue to starting a job, in seconds.
  public var waitMean: Double
  public var jobsStarted: Int
}

public struct ProcessResult: Sendable, Equatable {
  public var name: String
  public var arrivals: Int
  public var lost: Int
  public var products: Int
  public var expired: Int
  public var scrapped: Int
}

/// The waits of a model in which nothing can move any more.
public struct StallReport: Sendable, Equatable {
  /// The clock in seconds when the last job started or ended.
  public var lastProgress: Double
  /// One line per wait: who waits, for what.
  public var waits: [String]
}
