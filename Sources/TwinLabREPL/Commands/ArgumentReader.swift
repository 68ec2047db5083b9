import Foundation
import TwinLabLanguage

/// Reads the arguments of one REPL operation, whether they came typed from the
/// language (`repl.run(8h, pace: 600)`) or as words from a `:command`
/// (`:run 8h pace 600x`), which arrive as strings.
struct ArgumentReader {
  var command: String
  var positional: [Value]
  var labeled: [String: Value]

  init(command: String, arguments: [HostArgument]) {
    self.command = command
    positional = arguments.filter { $0.label == nil }.map(\.value)
    labeled = Dictionary(
      arguments.compactMap { argument in argument.label.map { ($0, argument.value) } },
      uniquingKeysWith: { _, last in last })
  }

  private func usage(_ message: String) -> CommandUsageError {
    CommandUsageError("\(command): \(message); usage: \(ReplCommands.usage(of: command))")
  }

  func optionalValue(_ index: Int) -> Value? {
    index < positional.count ? positional[index] : nil
  }

  func string(_ index: Int, _ what: String) throws(CommandUsageError) -> String {
    guard let text = try optionalString(index) else { throw usage("missing \(what)") }
    return text
  }

  func optionalString(_ index: Int) throws(CommandUsageError) -> String? {
    guard let value = optionalValue(index) else { return nil }
    guard case .string(let text) = value else {
      throw usage("expected a string, found \(value.typeName) \(value)")
    }
    return text
  }

  /// Reads a positive whole number, such as the event count of `:step`.
  func optionalCount(_ index: Int) throws(CommandUsageError) -> Int? {
    guard let value = optionalValue(index) else { return nil }
    var number: Double?
    switch value {
    case .number(let given): number = given
    case .string(let text): number = Double(text)
    default: break
    }
    guard let number, number >= 1, number <= 1e9, number == number.rounded() else {
      throw usage("expected a whole number from 1 to 1000000000, found '\(value.plainText)'")
    }
    return Int(number)
  }

  /// Reads a duration such as `8h`, typed or as the text `"8h"`.
  func optionalDuration(_ index: Int) throws(CommandUsageError) -> Double? {
    guard let value = optionalValue(index) else { return nil }
    switch value {
    case .duration(let seconds) where seconds > 0 && seconds.isFinite: return seconds
    case .string(let text):
      if let seconds = Self.parseDuration(text), seconds > 0 { return seconds }
    default: break
    }
    throw usage("expected a positive duration such as 8h or 90min, found '\(value.plainText)'")
  }

  /// Reads a time of day after `label`, such as `until 14:00`.
  func labeledClock(_ label: String) throws(CommandUsageError) -> Double? {
    guard let value = labeled[label] else { return nil }
    switch value {
    case .clock(let seconds): return seconds
    case .string(let text):
      if let seconds = Self.parseClock(text) { return seconds }
    default: break
    }
    throw usage("expected a time of day such as 14:00 after '\(label)', found '\(value.plainText)'")
  }

  /// Reads a pace factor after `label`, such as `pace 600x` or `pace: 600`.
  func labeledPace(_ label: String) throws(CommandUsageError) -> Double? {
    guard let value = labeled[label] else { return nil }
    var factor: Double?
    switch value {
    case .number(let number): factor = number
    case .string(let text): factor = Double(text.hasSuffix("x") ? String(text.dropLast()) : text)
    default: break
    }
    guard let factor, factor > 0, factor <= 1e9 else {
      throw usage("expected a pace factor from 1x to 1000000000x, found '\(value.plainText)'")
    }
    return factor
  }

  /// `on` or `off`, or a bool.
  func switchValue(_ index: Int) throws(CommandUsageError) -> Bool {
    switch optionalValue(index) {
    case .bool(let flag)?: return flag
    case .string("on")?: return true
    case .string("off")?: return false
    case let other?: throw usage("expected on or off, found '\(other.plainText)'")
    case nil: throw usage("missing on or off")
    }
  }

  static let units: [(suffix: String, seconds: Double)] = [
    ("ms", 0.001), ("min", 60), ("s", 1), ("h", 3600), ("d", 86_400), ("w", 604_800),
  ]

  /// Seconds in a duration written as the language writes it: `90s`, `1.5h`, `1_000min`.
  static func parseDuration(_ text: String) -> Double? {
    for unit in units where text.hasSuffix(unit.suffix) {
      let number = text.dropLast(unit.suffix.count).replacingOccurrences(of: "_", with: "")
      guard let value = Double(number), value.isFinite, value >= 0,
        number.allSatisfy({ $0.isNumber || $0 == "." })
      else { continue }
      let seconds = value * unit.seconds
      return seconds.isFinite ? seconds : nil
    }
    return nil
  }

  /// Seconds since midnight in a time of day `HH:MM`.
  static func parseClock(_ text: String) -> Double? {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[1].count == 2, let hours = Int(parts[0]),
      let minutes = Int(parts[1]), (0...23).contains(hours), (0...59).contains(minutes)
    else { return nil }
    return Double(hours * 3600 + minutes * 60)
  }
}
