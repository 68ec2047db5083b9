import TwinLabModel

extension LabBuilder {
  func value(_ expression: Expression) throws(RuntimeError) -> Value {
    try evaluator.evaluate(expression, in: environment)
  }

  /// Evaluates a non-negative whole number, such as a count or capacity.
  func count(_ expression: Expression, _ what: String, minimum: Int = 0) throws(RuntimeError)
    -> Int
  {
    let result = try value(expression)
    guard case .number(let number) = result, number == number.rounded(), number < 1e12 else {
      throw fail(
        "\(what) must be a whole number, found \(result.typeName) \(result)",
        at: expression.span)
    }
    guard number >= 0 else {
      throw fail("\(what) must not be negative, found \(Value.format(number))", at: expression.span)
    }
    guard number >= Double(minimum) else {
      throw fail(
        "\(what) must be at least \(minimum), found \(Value.format(number))", at: expression.span)
    }
    return Int(number)
  }

  /// Evaluates a non-negative duration, in seconds.
  func duration(_ expression: Expression, _ what: String) throws(RuntimeError) -> Double {
    let result = try value(expression)
    guard case .duration(let seconds) = result else {
      throw fail(
        "\(what) must be a duration such as 2h, found \(result.typeName) \(result)",
        at: expression.span)
    }
    guard seconds >= 0 else {
      throw fail("\(what) must not be negative, found \(result)", at: expression.span)
    }
    return seconds
  }

  func clock(_ expression: Expression) throws(RuntimeError) -> Double {
    let result = try value(expression)
    guard case .clock(let seconds) = result else {
      throw fail(
        "expected a clock time such as 07:00, found \(result.typeName) \(result)",
        at: expression.span)
    }
    return seconds
  }

  /// Evaluates a cost per hour: a rate (`38/h`) or a plain number taken as per hour.
  func costPerHour(_ expression: Expression) throws(RuntimeError) -> Double {
    let result = try value(expression)
    let perHour: Double
    switch result {
    case .rate(let perSecond): perHour = perSecond * 3600
    case .number(let number): perHour = number
    default:
      throw fail(
        "cost must be per hour, such as 38/h, found \(result.typeName) \(result)",
        at: expression.span)
    }
    guard perHour >= 0 else { throw fail("cost must not be negative", at: expression.span) }
    return perHour
  }

  /// Evaluates a distribution of durations: a duration is a constant, and a rate is its mean interval.
  func timeDistribution(_ expression: Expression, _ what: String, rateIsExponential: Bool = false)
    throws(RuntimeError) -> Distribution
  {
    let result = try value(expression)
    return try Self.timeDistribution(result, what, rateIsExponential: rateIsExponential) {
      (message) in fail(message, at: expression.span)
    }
  }

  static func timeDistribution(
    _ result: Value, _ what: String, rateIsExponential: Bool = false,
    fail: (String) -> RuntimeError
  ) throws(RuntimeError) -> Distribution {
    switch result {
    case .duration(let seconds):
      guard seconds >= 0 else { throw fail("\(what) must not be negative, found \(result)") }
      return .constant(seconds)
    case .rate(let perSecond):
      guard perSecond > 0 else { throw fail("\(what) needs a positive rate, found \(result)") }
      return rateIsExponential ? .exponential(mean: 1 / perSecond) : .constant(1 / perSecond)
    case .distribution(.durations(let model)):
      return model
    default:
      throw fail(
        "\(what) must be a duration or a distribution of durations, found \(result.typeName)")
    }
  }
}
