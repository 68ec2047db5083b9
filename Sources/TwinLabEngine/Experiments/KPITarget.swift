import Foundation
import TwinLabModel

/// A goal on one KPI, such as `throughput >= 150/day`, met with 95 %
/// confidence when the whole interval lies on the right side of the value.
public struct KPITarget: Sendable, Equatable {
  public enum Comparison: String, Sendable, CaseIterable {
    case atLeast = ">="
    case atMost = "<="
    case above = ">"
    case below = "<"
  }

  public var measure: String
  public var comparison: Comparison
  /// The value in the KPI's own unit: per day, seconds, a fraction, a count.
  public var value: Double
  /// The target as written.
  public var text: String

  /// Parses `NAME OP VALUE[UNIT]` against the measures an experiment reports.
  ///
  /// - Throws: `ExperimentError` for a malformed target, an unknown KPI or a
  ///   unit that does not fit the KPI.
  public init(parsing text: String, measures: [KPIMeasure]) throws(ExperimentError) {
    self.text = text
    let form = "expected NAME OP VALUE such as 'throughput >= 150/day' with OP one of >=, <=, >, <"
    let operators: [Comparison] = [.atLeast, .atMost, .above, .below]
    guard
      let (comparison, range) = operators.lazy.compactMap({ op in
        text.range(of: op.rawValue).map { (op, $0) }
      }).first
    else { throw ExperimentError("malformed target '\(text)': \(form)") }
    self.comparison = comparison
    measure = text[..<range.lowerBound].trimmingSpaces()
    let valueText = text[range.upperBound...].trimmingSpaces()
    guard !measure.isEmpty, !valueText.isEmpty else {
      throw ExperimentError("malformed target '\(text)': \(form)")
    }
    let measureName = measure
    guard let found = measures.first(where: { $0.name == measureName }) else {
      let names = measures.map(\.name)
      var message =
        "target '\(text)' names unknown KPI '\(measure)'; the experiment reports "
        + names.joined(separator: ", ")
      if let near = nearestName(to: measure, among: names) {
        message += "; did you mean '\(near)'?"
      }
      throw ExperimentError(message)
    }
    value = try Self.parseValue(valueText, kind: found.kind, target: text)
  }

  static func parseValue(_ text: String, kind: KPIKind, target: String) throws(ExperimentError)
    -> Double
  {
    let numberEnd =
      text.firstIndex { !($0.isNumber || $0 == "." || $0 == "-" || $0 == "_") } ?? text.endIndex
    let numberText = text[..<numberEnd].replacingOccurrences(of: "_", with: "")
    let unit = text[numberEnd...].trimmingSpaces()
    guard let number = Double(numberText), number.isFinite else {
      throw ExperimentError("malformed target '\(target)': '\(text)' is not a number")
    }
    let scales: [String: Double]
    let allowed: String
    switch kind {
    case .perDay:
      scales = ["": 1, "/day": 1, "/d": 1, "/h": 24, "/week": 1.0 / 7, "/w": 1.0 / 7]
      allowed = "a rate such as 150/day or 6/h"
    case .duration:
      scales = ["": 1, "s": 1, "min": 60, "h": 3_600, "d": 86_400]
      allowed = "a duration such as 90s, 45min, 6h or 2d"
    case .fraction:
      scales = ["": 1, "%": 0.01]
      allowed = "a share such as 85% or 0.85"
    case .number, .money:
      scales = ["": 1]
      allowed = "a plain number"
    }
    guard let scale = scales[unit] else {
      throw ExperimentError(
        "target '\(target)' gives unit '\(unit)', which does not fit the KPI; expected \(allowed)"
      )
    }
    return number * scale
  }

  /// Returns whether the estimate's interval clears the target.
  public func isMet(by estimate: Estimate) -> Bool {
    guard let low = estimate.low, let high = estimate.high else { return false }
    switch comparison {
    case .atLeast: return low >= value
    case .above: return low > value
    case .atMost: return high <= value
    case .below: return high < value
    }
  }
}

extension StringProtocol {
  func trimmingSpaces() -> String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}
