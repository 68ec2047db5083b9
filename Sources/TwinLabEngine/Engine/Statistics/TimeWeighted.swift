/// A time-persistent statistic of a piecewise-constant level, such as a queue
/// length: the area under the level since the last reset, and its maximum.
struct TimeWeighted: Sendable {
  private(set) var level: Double = 0
  private(set) var area: Double = 0
  private(set) var maximum: Double = 0
  private var lastTick: Int64 = 0
  private var startTick: Int64 = 0

  /// Records that the level changes to `value` at `tick`.
  @inline(__always)
  mutating func set(_ value: Double, at tick: Int64) {
    area += level * Double(tick - lastTick)
    lastTick = tick
    level = value
    if value > maximum { maximum = value }
  }

  @inline(__always)
  mutating func add(_ delta: Double, at tick: Int64) { set(level + delta, at: tick) }

  /// Clears the accumulated area at `tick` and keeps the current level, as a
  /// warm-up reset does.
  mutating func reset(at tick: Int64) {
    area = 0
    lastTick = tick
    startTick = tick
    maximum = level
  }

  /// Returns the time average from the last reset to `tick`.
  func mean(at tick: Int64) -> Double {
    let span = tick - startTick
    guard span > 0 else { return level }
    return (area + level * Double(tick - lastTick)) / Double(span)
  }

  /// Returns the area in level-ticks from the last reset to `tick`.
  func integral(at tick: Int64) -> Double { area + level * Double(tick - lastTick) }
}

/// An observation statistic, such as waiting times: count, mean and variance by
/// Welford's method, extremes, and optionally every value for quantiles.
struct Tally: Sendable {
  private(set) var count = 0
  private(set) var mean = 0.0
  private var squares = 0.0
  private(set) var minimum = Double.infinity
  private(set) var maximum = -Double.infinity
  private(set) var values: [Double] = []
  let keepsValues: Bool

  init(keepsValues: Bool = false) { self.keepsValues = keepsValues }

  mutating func record(_ value: Double) {
    count += 1
    let delta = value - mean
    mean += delta / Double(count)
    squares += delta * (value - mean)
    minimum = min(minimum, value)
    maximum = max(maximum, value)
    if keepsValues { values.append(value) }
  }

  var variance: Double { count > 1 ? squares / Double(count - 1) : 0 }

  mutating func reset() { self = Tally(keepsValues: keepsValues) }

  /// The p-quantiles (each 0...1) of the kept values by the nearest-rank method.
  ///
  /// - Complexity: O(n log n) for n kept values.
  func quantiles(_ levels: [Double]) -> [Double] {
    guard !values.isEmpty else { return levels.map { _ in 0 } }
    let sorted = values.sorted()
    return levels.map { p in
      let rank = Int((p * Double(sorted.count)).rounded(.up))
      return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }
  }
}
