import Foundation
import TwinLabModel

extension Value: CustomStringConvertible {
  /// The value as the REPL shows it: strings in quotes, durations with units.
  public var description: String {
    if case .string(let text) = self { return quoted(text) }
    return plainText
  }

  /// The value as `print` and interpolation show it: strings without quotes.
  public var plainText: String {
    switch self {
    case .number(let value): Self.format(value)
    case .duration(let seconds): Self.format(duration: seconds)
    case .clock(let seconds): Self.format(clock: seconds)
    case .rate(let perSecond): Self.format(rate: perSecond)
    case .percent(let fraction): Self.format(fraction * 100) + "%"
    case .string(let text): text
    case .bool(let flag): flag ? "true" : "false"
    case .none: "none"
    case .list(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
    case .record(let record): Self.format(record: record)
    case .range(let low, let high): "\(low)...\(high)"
    case .distribution(let distribution): Self.format(distribution: distribution)
    case .function(let function):
      "fn \(function.name)(\(function.parameters.joined(separator: ", ")))"
    case .element(let kind, let name, _): "\(kind) \(name)"
    case .builtin(let name): "built-in \(name)"
    case .arrivalOffset(let sign, let distribution):
      "now \(sign < 0 ? "-" : "+") \(Self.format(distribution: .durations(distribution)))"
    }
  }

  private func quoted(_ text: String) -> String {
    var result = "\""
    for character in text {
      switch character {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      default: result.append(character)
      }
    }
    return result + "\""
  }

  static func format(_ number: Double) -> String {
    guard number.isFinite else { return number.isNaN ? "nan" : (number < 0 ? "-inf" : "inf") }
    // Nine decimals hide binary noise such as 55.00000000000001 from 0.55 * 100.
    let rounded = abs(number) < 1e6 ? (number * 1e9).rounded() / 1e9 : number
    if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
    return "\(rounded)"
  }

  /// Seconds in the largest unit that gives a whole number, else the largest unit of at least 1.
  static func format(duration seconds: Double) -> String {
    if seconds == 0 { return "0s" }
    for (name, size) in durationUnits.reversed() where abs(seconds) >= size {
      let amount = (seconds / size * 1e9).rounded() / 1e9
      if amount == amount.rounded() { return format(amount) + name }
    }
    for (name, size) in durationUnits.reversed() where abs(seconds) >= size {
      return format(seconds / size) + name
    }
    return format(seconds) + "s"
  }

  static func format(clock seconds: Double) -> String {
    guard seconds.isFinite else { return format(seconds) }
    let minutes = Int((seconds / 60).rounded())
    let hours = minutes / 60
    let minute = minutes % 60
    return (hours < 10 ? "0" : "") + "\(hours):" + (minute < 10 ? "0" : "") + "\(minute)"
  }

  static func format(rate perSecond: Double) -> String {
    for (name, size) in durationUnits where name != "ms" {
      let amount = perSecond * size
      if amount >= 1 || name == "w" {
        if amount == amount.rounded() || name == "w" { return format(amount) + "/" + name }
      }
    }
    return format(perSecond * 3600) + "/h"
  }

  static func format(record: Record) -> String {
    if record.keys.isEmpty { return "{}" }
    let fields = record.fields.map { "\($0.key): \($0.value.description)" }
    return "{ " + fields.joined(separator: ", ") + " }"
  }

  static func format(distribution: DistributionValue) -> String {
    let show: (Double, Bool) -> String = { value, isDuration in
      isDuration ? format(duration: value) : format(value)
    }
    switch distribution {
    case .choice(let labels):
      let items = labels.map { "\($0.label): \(format($0.weight * 100))%" }
      return "choice(" + items.joined(separator: ", ") + ")"
    case .durations(let model):
      return describe(model) { show($0, true) }
    case .numbers(let model):
      return describe(model) { show($0, false) }
    }
  }

  static func describe(_ model: Distribution, _ show: (Double) -> String) -> String {
    switch model {
    case .constant(let value): show(value)
    case .exponential(let mean): "exponential(mean: \(show(mean)))"
    case .uniform(let low, let high): "uniform(\(show(low)), \(show(high)))"
    case .triangular(let low, let mode, let high):
      "triangular(\(show(low)), \(show(mode)), \(show(high)))"
    case .normal(let mean, let sd): "normal(\(show(mean)), \(show(sd)))"
    case .lognormal(let mean, let sd): "lognormal(\(show(mean)), \(show(sd)))"
    case .gamma(let shape, let scale): "gamma(\(format(shape)), \(show(scale)))"
    case .weibull(let shape, let scale): "weibull(\(format(shape)), \(show(scale)))"
    case .erlang(let k, let mean): "erlang(\(k), \(show(mean)))"
    case .empirical(let values): "empirical([" + values.map(show).joined(separator: ", ") + "])"
    }
  }

  /// The value as JSON: durations in seconds, clock times as `HH:MM`, rates per hour.
  public var json: JSONValue {
    switch self {
    case .number(let value), .duration(let value), .percent(let value): .number(value)
    case .rate(let perSecond): .number(perSecond * 3600)
    case .clock: .string(plainText)
    case .string(let text): .string(text)
    case .bool(let flag): .bool(flag)
    case .none: .null
    case .list(let values): .array(values.map(\.json))
    case .range(let low, let high):
      .array(low <= high ? (low...high).map { JSONValue.number(Double($0)) } : [])
    case .record(let record), .element(_, _, let record): .object(Self.jsonObject(record))
    case .distribution, .function, .builtin, .arrivalOffset: .string(plainText)
    }
  }

  static func jsonObject(_ record: Record) -> JSONObject {
    var object = JSONObject()
    for (key, value) in record.fields { object[key] = value.json }
    return object
  }
}
