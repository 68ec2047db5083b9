import TwinLabModel

extension Evaluator {
  /// The parameter names of each distribution, in positional order.
  static let distributionParameters: [String: [String]] = [
    "exponential": ["mean"], "uniform": ["a", "b"], "triangular": ["min", "mode", "max"],
    "normal": ["mean", "sd"], "lognormal": ["mean", "sd"], "gamma": ["shape", "scale"],
    "weibull": ["shape", "scale"], "erlang": ["k", "mean"], "empirical": ["values"],
  ]

  func makeDistribution(
    _ name: String, _ arguments: [HostArgument], _ expressions: [Argument], at span: SourceSpan
  ) throws(RuntimeError) -> DistributionValue {
    if name == "choice" { return try makeChoice(arguments, expressions, at: span) }
    if name == "exponential", arguments.count == 1 {
      if arguments[0].label == "rate" || (arguments[0].label == nil && isRate(arguments[0].value)) {
        guard case .rate(let perSecond) = arguments[0].value, perSecond > 0 else {
          throw fail("exponential(rate:) needs a positive rate such as 10/h", at: span)
        }
        return .durations(.exponential(mean: 1 / perSecond))
      }
    }
    let names = Self.distributionParameters[name] ?? []
    var bound: [String: (Value, SourceSpan)] = [:]
    var position = 0
    for (argument, expression) in zip(arguments, expressions) {
      let key: String
      if let label = argument.label {
        guard names.contains(label) else {
          throw fail(
            "\(name) has no parameter '\(label)'; its parameters are \(names.joined(separator: ", "))",
            at: expression.span, suggestion: nearestName(to: label, among: names))
        }
        key = label
      } else {
        guard position < names.count else {
          throw fail("\(name) takes \(names.count) argument(s), found \(arguments.count)", at: span)
        }
        key = names[position]
        position += 1
      }
      bound[key] = (argument.value, expression.span)
    }
    for parameter in names where bound[parameter] == nil {
      throw fail(
        "\(name) needs '\(parameter)'; write \(name)(\(names.joined(separator: ", ")))", at: span)
    }
    return try buildDistribution(name, bound, at: span)
  }

  func isRate(_ value: Value) -> Bool {
    if case .rate = value { return true }
    return false
  }

  /// Checks the parameters and builds the model distribution.
  func buildDistribution(
    _ name: String, _ bound: [String: (Value, SourceSpan)], at span: SourceSpan
  ) throws(RuntimeError) -> DistributionValue {
    var isDuration: Bool?
    func quantity(_ key: String) throws(RuntimeError) -> Double {
      guard let (value, valueSpan) = bound[key] else { return 0 }
      let number: Double
      let duration: Bool
      switch value {
      case .duration(let seconds): (number, duration) = (seconds, true)
      case .number(let plain): (number, duration) = (plain, false)
      default:
        throw fail(
          "\(name) '\(key)' must be a duration or number, found \(value.typeName)", at: valueSpan)
      }
      if let isDuration, isDuration != duration {
        throw fail(
          "\(name) mixes a duration and a number; give every parameter the same unit",
          at: valueSpan)
      }
      isDuration = duration
      guard number >= 0 else {
        throw fail("\(name) '\(key)' must not be negative, found \(value)", at: valueSpan)
      }
      return number
    }
    func positive(_ key: String) throws(RuntimeError) -> Double {
      let value = try quantity(key)
      guard value > 0 else {
        throw fail("\(name) '\(key)' must be positive, found 0", at: bound[key]?.1 ?? span)
      }
      return value
    }
    func shape(_ key: String) throws(RuntimeError) -> Double {
      guard let (value, _) = bound[key], case .number(let number) = value, number > 0
      else {
        throw fail("\(name) '\(key)' must be a positive number", at: bound[key]?.1 ?? span)
      }
      return number
    }

    let model: Distribution
    switch name {
    case "exponential":
      model = .exponential(mean: try positive("mean"))
    case "uniform":
      let (low, high) = (try quantity("a"), try quantity("b"))
      guard low <= high else {
        throw fail("uniform needs a <= b, found a greater than b", at: span)
      }
      model = .uniform(low: low, high: high)
    case "triangular":
      let (low, mode, high) = (try quantity("min"), try quantity("mode"), try quantity("max"))
      guard low <= mode, mode <= high else {
        throw fail("triangular needs min <= mode <= max", at: span)
      }
      model = .triangular(min: low, mode: mode, max: high)
    case "normal":
      model = .normal(mean: try positive("mean"), standardDeviation: try quantity("sd"))
    case "lognormal":
      model = .lognormal(mean: try positive("mean"), standardDeviation: try positive("sd"))
    case "gamma", "weibull":
      let (shapeValue, scale) = (try shape("shape"), try positive("scale"))
      model =
        name == "gamma"
        ? .gamma(shape: shapeValue, scale: scale) : .weibull(shape: shapeValue, scale: scale)
    case "erlang":
      let k = try shape("k")
      guard k == k.rounded(), k <= 1000 else {
        throw fail("erlang 'k' must be a whole number from 1 to 1000", at: bound["k"]?.1 ?? span)
      }
      model = .erlang(k: Int(k), mean: try positive("mean"))
    default:
      model = try empirical(bound["values"], &isDuration, at: span)
    }
    return isDuration == true ? .durations(model) : .numbers(model)
  }

  func empirical(_ argument: (Value, SourceSpan)?, _ isDuration: inout Bool?, at span: SourceSpan)
    throws(RuntimeError) -> Distribution
  {
    guard let (value, valueSpan) = argument, case .list(let items) = value, !items.isEmpty else {
      throw fail("empirical needs a non-empty list of durations or numbers", at: span)
    }
    var samples: [Double] = []
    for item in items {
      let (number, duration): (Double, Bool)
      switch item {
      case .duration(let seconds): (number, duration) = (seconds, true)
      case .number(let plain): (number, duration) = (plain, false)
      default:
        throw fail(
          "empirical values must be durations or numbers, found \(item.typeName)", at: valueSpan)
      }
      if let isDuration, isDuration != duration {
        throw fail("empirical mixes durations and numbers", at: valueSpan)
      }
      guard number >= 0 else { throw fail("empirical values must not be negative", at: valueSpan) }
      isDuration = duration
      samples.append(number)
    }
    return .empirical(samples)
  }

  /// Builds `choice(O: 45%, A: 40%, ...)`; the weights must sum to 100 %.
  func makeChoice(_ arguments: [HostArgument], _ expressions: [Argument], at span: SourceSpan)
    throws(RuntimeError) -> DistributionValue
  {
    guard !arguments.isEmpty else {
      throw fail("choice needs at least one 'label: weight'", at: span)
    }
    var labels: [WeightedLabel] = []
    for (argument, expression) in zip(arguments, expressions) {
      guard let label = argument.label else {
        throw fail("choice needs 'label: weight' pairs, such as O: 45%", at: expression.span)
      }
      guard !labels.contains(where: { $0.label == label }) else {
        throw fail("duplicate choice label '\(label)'", at: expression.span)
      }
      let weight: Double
      switch argument.value {
      case .percent(let fraction): weight = fraction
      case .number(let fraction): weight = fraction
      case let other:
        throw fail(
          "choice weight of '\(label)' must be a percent, found \(other.typeName)",
          at: expression.span)
      }
      guard weight >= 0 else {
        throw fail("choice weight of '\(label)' must not be negative", at: expression.span)
      }
      labels.append(WeightedLabel(label: label, weight: weight))
    }
    let total = labels.reduce(0) { $0 + $1.weight }
    guard abs(total - 1) < 1e-9 else {
      throw fail(
        "choice weights sum to \(Value.format((total * 1e6).rounded() / 1e4))%, not 100%", at: span)
    }
    return .choice(labels)
  }
}
