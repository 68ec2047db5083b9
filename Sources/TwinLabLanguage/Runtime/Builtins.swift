import Foundation
import TwinLabModel

/// The names of the built-in functions.
enum Builtins {
  static let general = [
    "print", "len", "min", "max", "sum", "mean", "round", "env", "json", "string",
  ]
  static let distributions = [
    "exponential", "uniform", "triangular", "normal", "lognormal", "gamma", "weibull", "erlang",
    "empirical", "choice",
  ]
  static let names = general + distributions + Array(InterpreterHost.hostOperations)
}

extension Evaluator {
  func callBuiltin(
    _ name: String, _ arguments: [HostArgument], _ expressions: [Argument], at span: SourceSpan
  ) throws(RuntimeError) -> Value {
    if Builtins.distributions.contains(name) {
      return .distribution(try makeDistribution(name, arguments, expressions, at: span))
    }
    let values = arguments.map(\.value)
    switch name {
    case "print":
      host.output(values.map(\.plainText).joined(separator: " "))
      return .none
    case "len":
      switch try single(name, values, at: span) {
      case .list(let list): return .number(Double(list.count))
      case .string(let text): return .number(Double(text.count))
      case .record(let record): return .number(Double(record.keys.count))
      case .range(let low, let high): return .number(Double(max(0, high - low + 1)))
      case let other:
        throw fail("len needs a list, string, record or range, found \(other.typeName)", at: span)
      }
    case "min", "max":
      let items = try collection(name, values, at: span)
      guard var best = items.first else { throw fail("\(name) of an empty list", at: span) }
      for item in items.dropFirst() {
        let op = name == "min" ? "<" : ">"
        if case .bool(true) = try compare(op, item, best, at: span) { best = item }
      }
      return best
    case "sum", "mean":
      let items = try collection(name, values, at: span)
      if name == "mean", items.count == 1, case .distribution(let distribution) = items[0] {
        return try distributionMean(distribution, at: span)
      }
      guard var total = items.first else {
        if name == "sum" { return .number(0) }
        throw fail("mean of an empty list", at: span)
      }
      for item in items.dropFirst() { total = try arithmetic("+", total, item, at: span) }
      return name == "sum"
        ? total : try arithmetic("/", total, .number(Double(items.count)), at: span)
    case "round":
      return try round(values, at: span)
    case "env":
      guard case .string(let variable) = try single(name, values, at: span) else {
        throw fail("env needs the variable name as a string", at: span)
      }
      return ProcessInfo.processInfo.environment[variable].map(Value.string) ?? .none
    case "json":
      return .string(try single(name, values, at: span).json.serialized())
    case "string":
      return .string(try single(name, values, at: span).plainText)
    default:
      return try callHost(name, arguments, at: span)
    }
  }

  func callHost(_ name: String, _ arguments: [HostArgument], at span: SourceSpan)
    throws(RuntimeError) -> Value
  {
    guard host.operations.contains(name) else {
      let what = name.hasPrefix("twins.") ? "the twins module" : "'\(name)'"
      // `twinlab run` and `check` attach no host, so the REPL is the one place to point to.
      throw fail(
        "\(what) is not available here: only the REPL provides it; run the script with "
          + "'twinlab repl FILE < /dev/null'",
        at: span)
    }
    do {
      return try host.perform(name, arguments, scenario)
    } catch let error as HostError {
      throw fail("\(name) failed: \(error.message)", at: span)
    } catch {
      throw fail("\(name) failed: \(error)", at: span)
    }
  }

  func single(_ name: String, _ values: [Value], at span: SourceSpan) throws(RuntimeError) -> Value
  {
    guard values.count == 1 else {
      throw fail("\(name) takes 1 argument, found \(values.count)", at: span)
    }
    return values[0]
  }

  /// Returns the items of a single list or range argument, or else the arguments themselves.
  func collection(_ name: String, _ values: [Value], at span: SourceSpan) throws(RuntimeError)
    -> [Value]
  {
    if values.count == 1 {
      switch values[0] {
      case .list(let items): return items
      case .range(let low, let high):
        return low <= high ? (low...high).map { .number(Double($0)) } : []
      default: break
      }
    }
    if values.isEmpty { throw fail("\(name) needs a list or at least one value", at: span) }
    return values
  }

  func round(_ values: [Value], at span: SourceSpan) throws(RuntimeError) -> Value {
    guard values.count == 1 || values.count == 2 else {
      throw fail(
        "round takes a value and optional digits, found \(values.count) arguments", at: span)
    }
    var digits = 0
    if values.count == 2 { digits = try integer(values[1], at: span) }
    guard (0...12).contains(digits) else { throw fail("round digits must be 0 to 12", at: span) }
    let scale = Foundation.pow(10, Double(digits))
    let rounded = { (x: Double) in (x * scale).rounded() / scale }
    switch values[0] {
    case .number(let value): return .number(rounded(value))
    case .duration(let value): return .duration(rounded(value))
    case .percent(let value): return .percent(rounded(value * 100) / 100)
    case let other:
      throw fail("round needs a number or duration, found \(other.typeName)", at: span)
    }
  }

  func distributionMean(_ distribution: DistributionValue, at span: SourceSpan)
    throws(RuntimeError) -> Value
  {
    switch distribution {
    case .durations(let model): return .duration(model.mean)
    case .numbers(let model): return .number(model.mean)
    case .choice: throw fail("a choice of labels has no mean", at: span)
    }
  }
}
