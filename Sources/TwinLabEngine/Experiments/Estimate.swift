import Foundation

/// The mean of replication values with a Student-t confidence interval.
public struct Estimate: Sendable, Equatable {
  /// Number of values.
  public var count: Int
  public var mean: Double
  /// Sample standard deviation (divisor n - 1); `nil` with fewer than two values.
  public var standardDeviation: Double?
  /// Interval ends; `nil` with fewer than two values.
  public var low: Double?
  public var high: Double?

  /// Estimates from `values` at confidence `level`, such as 0.95.
  public init(_ values: [Double], level: Double = 0.95) {
    count = values.count
    mean = values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    guard values.count >= 2 else {
      standardDeviation = nil
      low = nil
      high = nil
      return
    }
    let mean = mean
    let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    let sd = (squares / Double(values.count - 1)).squareRoot()
    let t = StudentT.quantile(
      1 - (1 - level) / 2, degreesOfFreedom: Double(values.count - 1))
    let half = t * sd / Double(values.count).squareRoot()
    standardDeviation = sd
    low = mean - half
    high = mean + half
  }

  /// Whether the interval lies wholly above or wholly below zero.
  ///
  /// Bounds within 1e-9 of zero count as zero: runs that differ only in the
  /// rounding of sums give differences of about 1e-17, which mean nothing.
  public var excludesZero: Bool {
    guard let low, let high else { return false }
    return low > 1e-9 || high < -1e-9
  }
}
