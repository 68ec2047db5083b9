import Foundation

/// A probability distribution of a non-negative quantity, usually a duration in seconds.
///
/// The language checks parameters before building a value, so every case here
/// is well formed: means and scales are positive, `min <= mode <= max`, and so on.
public enum Distribution: Sendable, Equatable {
  /// Always the same value.
  case constant(Double)
  case exponential(mean: Double)
  case uniform(low: Double, high: Double)
  case triangular(min: Double, mode: Double, max: Double)
  /// Normal; a sample below zero is truncated to zero.
  case normal(mean: Double, standardDeviation: Double)
  /// Lognormal given by the mean and standard deviation of the value itself,
  /// not of its logarithm.
  case lognormal(mean: Double, standardDeviation: Double)
  case gamma(shape: Double, scale: Double)
  case weibull(shape: Double, scale: Double)
  /// Sum of `k` exponentials; `mean` is the mean of the sum.
  case erlang(k: Int, mean: Double)
  /// One of the values, each equally likely.
  case empirical([Double])

  /// The distribution's mean, used for checks and for reports.
  public var mean: Double {
    switch self {
    case .constant(let value): value
    case .exponential(let mean): mean
    case .uniform(let low, let high): (low + high) / 2
    case .triangular(let min, let mode, let max): (min + mode + max) / 3
    // The truncation at zero shifts the mean up slightly; callers that need it exact
    // should not use a normal that reaches below zero.
    case .normal(let mean, _): mean
    case .lognormal(let mean, _): mean
    case .gamma(let shape, let scale): shape * scale
    case .weibull(let shape, let scale): scale * tgamma(1 + 1 / shape)
    case .erlang(_, let mean): mean
    case .empirical(let values): values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }
  }

}
