import TwinLabModel

/// The total number of entities waiting in front of steps and pools, sampled
/// at evenly spaced times over one run.
public struct QueueSeries: Sendable, Equatable {
  /// Sample times in seconds, from 0 to the horizon.
  public var times: [Double]
  /// Entities waiting at each sample time, summed over every step and pool.
  public var lengths: [Int]
  /// The warm-up in seconds, for marking it on a chart.
  public var warmup: Double

  /// Runs `scenario` once with `options` and samples the queues `points` + 1
  /// times; an empty series when the engine rejects the scenario.
  public static func sample(_ scenario: Scenario, options: RunOptions, points: Int) -> QueueSeries {
    guard let simulation = try? Simulation(scenario: scenario, options: options), points > 0 else {
      return QueueSeries(times: [], lengths: [], warmup: 0)
    }
    let horizon = simulation.horizon
    var series = QueueSeries(times: [], lengths: [], warmup: options.warmup ?? scenario.warmup ?? 0)
    for index in 0...points {
      let time = horizon * Double(index) / Double(points)
      if index > 0 { simulation.run(until: time) }
      series.times.append(time)
      series.lengths.append(simulation.queueLengths.reduce(0) { $0 + $1.length })
    }
    return series
  }
}
