import Foundation
import TwinLabModel

extension MRG32k3a {
  /// Draws one value of `distribution`, by inversion wherever a closed form
  /// exists so that variants stay synchronised under common random numbers.
  public mutating func sample(_ distribution: Distribution) -> Double {
    switch distribution {
    case .constant(let value):
      return value
    case .exponential(let mean):
      return -mean * log(next())
    case .uniform(let low, let high):
      return low + (high - low) * next()
    case .triangular(let low, let mode, let high):
      return Self.triangular(u: next(), low: low, mode: mode, high: high)
    case .normal(let mean, let deviation):
      return max(0, mean + deviation * Self.inverseNormal(next()))
    case .lognormal(let mean, let deviation):
      guard mean > 0 else { return 0 }
      let variance = log(1 + (deviation * deviation) / (mean * mean))
      let mu = log(mean) - variance / 2
      return exp(mu + variance.squareRoot() * Self.inverseNormal(next()))
    case .gamma(let shape, let scale):
      return scale * gamma(shape: shape)
    case .weibull(let shape, let scale):
      return scale * pow(-log(next()), 1 / shape)
    case .erlang(let k, let mean):
      let phases = max(1, k)
      var logSum = 0.0
      for _ in 0..<phases { logSum += log(next()) }
      return -(mean / Double(phases)) * logSum
    case .empirical(let values):
      guard !values.isEmpty else { return 0 }
      let index = min(values.count - 1, Int(next() * Double(values.count)))
      return values[index]
    }
  }

  static func triangular(u: Double, low: Double, mode: Double, high: Double) -> Double {
    let width = high - low
    guard width > 0 else { return low }
    let split = (mode - low) / width
    if u < split {
      return low + (u * width * (mode - low)).squareRoot()
    }
    return high - ((1 - u) * width * (high - mode)).squareRoot()
  }

  /// A standard gamma variate by Marsaglia and Tsang's squeeze method (2000),
  /// with the U^(1/shape) boost for shapes below 1.
  mutating func gamma(shape: Double) -> Double {
    guard shape > 0 else { return 0 }
    if shape < 1 {
      let boost = pow(next(), 1 / shape)
      return gamma(shape: shape + 1) * boost
    }
    let d = shape - 1.0 / 3.0
    let c = 1 / (9 * d).squareRoot()
    while true {
      let z = Self.inverseNormal(next())
      let v = 1 + c * z
      guard v > 0 else { continue }
      let cube = v * v * v
      let u = next()
      if u < 1 - 0.0331 * z * z * z * z { return d * cube }
      if log(u) < 0.5 * z * z + d * (1 - cube + log(cube)) { return d * cube }
    }
  }

  /// The standard normal quantile by Acklam's rational approximation
  /// (relative error below 1.2e-9).
  static func inverseNormal(_ p: Double) -> Double {
    let a = [
      -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
      1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00,
    ]
    let b = [
      -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
      6.680131188771972e+01, -1.328068155288572e+01,
    ]
    let c = [
      -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
      -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00,
    ]
    let d = [
      7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
      3.754408661907416e+00,
    ]
    let low = 0.02425
    if p < low {
      let q = (-2 * log(p)).squareRoot()
      let numerator = ((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]
      return numerator / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
    if p > 1 - low {
      let q = (-2 * log(1 - p)).squareRoot()
      let numerator = ((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]
      return -numerator / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
    let q = p - 0.5
    let r = q * q
    let numerator = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
    return numerator / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  }
}
