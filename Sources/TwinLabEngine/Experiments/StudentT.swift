import Foundation

/// Student's t distribution: its distribution function and quantiles.
public enum StudentT {
  /// P(T <= t) for `degreesOfFreedom` > 0.
  public static func cumulative(_ t: Double, degreesOfFreedom: Double) -> Double {
    guard t.isFinite else { return t > 0 ? 1 : 0 }
    let nu = degreesOfFreedom
    // P(|T| > |t|) = I_x(nu/2, 1/2) with x = nu / (nu + t^2).
    let tail = regularizedIncompleteBeta(x: nu / (nu + t * t), a: nu / 2, b: 0.5) / 2
    return t >= 0 ? 1 - tail : tail
  }

  /// Returns the `probability` quantile (such as 0.975) for `degreesOfFreedom` > 0.
  ///
  /// Bisection on the distribution function: slow next to closed-form
  /// approximations, but exact to about 1e-12 for every degree of freedom, and
  /// an experiment needs only a handful of quantiles.
  public static func quantile(_ probability: Double, degreesOfFreedom: Double) -> Double {
    guard probability > 0, probability < 1, degreesOfFreedom > 0 else { return .nan }
    if probability < 0.5 { return -quantile(1 - probability, degreesOfFreedom: degreesOfFreedom) }
    if probability == 0.5 { return 0 }
    var low = 0.0
    var high = 1.0
    while cumulative(high, degreesOfFreedom: degreesOfFreedom) < probability, high < 1e300 {
      low = high
      high *= 2
    }
    for _ in 0..<200 {
      let middle = (low + high) / 2
      if cumulative(middle, degreesOfFreedom: degreesOfFreedom) < probability {
        low = middle
      } else {
        high = middle
      }
      if high - low <= 1e-13 * high { break }
    }
    return (low + high) / 2
  }

  /// I_x(a, b), the regularized incomplete beta function, for a, b > 0 and x in 0...1.
  public static func regularizedIncompleteBeta(x: Double, a: Double, b: Double) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
    let logPowers: Double = a * log(x) + b * log(1 - x)
    let front = exp(logGammas + logPowers)
    // The continued fraction converges fast for x below (a + 1) / (a + b + 2);
    // above it, the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) keeps it fast.
    if x < (a + 1) / (a + b + 2) {
      return front * betaContinuedFraction(x: x, a: a, b: b) / a
    }
    return 1 - front * betaContinuedFraction(x: 1 - x, a: b, b: a) / b
  }

  /// The continued fraction of the incomplete beta function, evaluated by the
  /// modified Lentz method.
  static func betaContinuedFraction(x: Double, a: Double, b: Double) -> Double {
    let tiny = 1e-300
    var c = 1.0
    var d = 1 - (a + b) * x / (a + 1)
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var result = d
    for m in 1...500 {
      let m = Double(m)
      // Even term.
      var term = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
      d = 1 + term * d
      if abs(d) < tiny { d = tiny }
      c = 1 + term / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      result *= d * c
      // Odd term.
      term = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
      d = 1 + term * d
      if abs(d) < tiny { d = tiny }
      c = 1 + term / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      result *= delta
      if abs(delta - 1) < 1e-15 { break }
    }
    return result
  }
}
