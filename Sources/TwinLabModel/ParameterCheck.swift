/// Checks that a parameter value fits the parameter, with messages that name
/// the path, the value found and what is allowed.
enum ParameterCheck {
  /// Returns the value as a whole number from `minimum` to `Scenario.largestCount`.
  static func count(_ value: ParameterValue, for parameter: ModelParameter, minimum: Int)
    throws(ParameterError) -> Int
  {
    let allowed = "a whole number from \(minimum) to \(Scenario.largestCount)"
    guard case .number(let number) = value else {
      throw ParameterError(
        parameter: parameter, message: "\(parameter.path) must be \(allowed), found a distribution")
    }
    guard number.isFinite, number == number.rounded(), number >= Double(minimum),
      number <= Double(Scenario.largestCount)
    else {
      throw ParameterError(
        parameter: parameter,
        message: "\(parameter.path) must be \(allowed), found \(describe(number))")
    }
    return Int(number)
  }

  /// Returns the value as a finite number of at least zero.
  static func nonNegative(_ value: ParameterValue, for parameter: ModelParameter, what: String)
    throws(ParameterError) -> Double
  {
    guard case .number(let number) = value else {
      throw ParameterError(
        parameter: parameter,
        message: "\(parameter.path) must be \(what) of at least 0, found a distribution")
    }
    guard number.isFinite, number >= 0 else {
      throw ParameterError(
        parameter: parameter,
        message: "\(parameter.path) must be \(what) of at least 0, found \(describe(number))")
    }
    return number
  }

  /// Returns the value as an arrival scale above 0 and at most 1000.
  static func scale(_ value: ParameterValue, for parameter: ModelParameter)
    throws(ParameterError) -> Double
  {
    guard case .number(let number) = value, number.isFinite, number > 0, number <= 1000 else {
      let found: String
      if case .number(let number) = value {
        found = describe(number)
      } else {
        found = "a distribution"
      }
      throw ParameterError(
        parameter: parameter,
        message: "\(parameter.path) must be a number above 0 and at most 1000, found \(found)")
    }
    return number
  }

  /// Returns the value as a time distribution. A plain number is a constant
  /// time in seconds.
  static func distribution(_ value: ParameterValue, for parameter: ModelParameter)
    throws(ParameterError) -> Distribution
  {
    let distribution: Distribution
    switch value {
    case .number(let seconds): distribution = .constant(seconds)
    case .distribution(let given): distribution = given
    }
    let mean = distribution.mean
    guard mean.isFinite, mean >= 0, parametersAreValid(distribution) else {
      throw ParameterError(
        parameter: parameter,
        message: "\(parameter.path) must be a time distribution with non-negative, finite "
          + "parameters, found \(distribution)")
    }
    return distribution
  }

  static func parametersAreValid(_ distribution: Distribution) -> Bool {
    switch distribution {
    case .constant(let value): value >= 0 && value.isFinite
    case .exponential(let mean): mean > 0 && mean.isFinite
    case .uniform(let low, let high): low >= 0 && low <= high && high.isFinite
    case .triangular(let low, let mode, let high):
      low >= 0 && low <= mode && mode <= high && high.isFinite
    case .normal(let mean, let sd), .lognormal(let mean, let sd):
      mean.isFinite && sd >= 0 && sd.isFinite
    case .gamma(let shape, let scale), .weibull(let shape, let scale):
      shape > 0 && scale > 0 && shape.isFinite && scale.isFinite
    case .erlang(let k, let mean): k >= 1 && mean > 0 && mean.isFinite
    case .empirical(let values): !values.isEmpty && values.allSatisfy { $0 >= 0 && $0.isFinite }
    }
  }

  static func missing(_ kind: String, _ name: String, _ parameter: ModelParameter)
    -> ParameterError
  {
    ParameterError(
      parameter: parameter,
      message: "\(parameter.path) names \(kind) '\(name)', which this lab does not declare")
  }

  static func wrongStage(_ parameter: ModelParameter, _ expected: String) -> ParameterError {
    ParameterError(
      parameter: parameter, message: "\(parameter.path) must name \(expected) of the process")
  }

  /// Whole numbers without a fraction, others as Swift prints them.
  static func describe(_ number: Double) -> String {
    if number.isFinite, number == number.rounded(), abs(number) < 1e15 {
      return String(Int64(number))
    }
    return "\(number)"
  }
}
