/// Rates of faults that `FaultInjector` adds to a server, parsed from text such as
/// `429=0.1,503=0.05,delay=200ms@0.02`.
///
/// Items are separated by commas: `429=RATE` and `503=RATE` respond with that status,
/// `delay=DURATION@RATE` waits before handling. Rates are fractions from 0 to 1, the two status
/// rates add up to at most 1, and durations take `ms` or `s`.
public struct FaultSpec: Sendable, Equatable {
  /// The fraction of requests that get 429 Too Many Requests.
  public var throttleRate: Double
  /// The fraction of requests that get 503 Service Unavailable.
  public var unavailableRate: Double
  /// The fraction of requests delayed by `delay` before they are handled.
  public var delayRate: Double
  /// How long a delayed request waits.
  public var delay: Duration

  /// Creates a specification; rates are fractions from 0 to 1.
  public init(
    throttleRate: Double = 0, unavailableRate: Double = 0, delayRate: Double = 0,
    delay: Duration = .zero
  ) {
    self.throttleRate = throttleRate
    self.unavailableRate = unavailableRate
    self.delayRate = delayRate
    self.delay = delay
  }

  /// Parses a comma-separated list of fault items.
  ///
  /// - Throws: `FaultSpecError` naming the item that is malformed, repeated or out of range.
  public init(parsing text: String) throws(FaultSpecError) {
    self.init()
    var seen: Set<String> = []
    for rawItem in text.split(separator: ",", omittingEmptySubsequences: false) {
      let item = rawItem.trimmingCharacters(in: .whitespaces)
      guard let equals = item.firstIndex(of: "=") else {
        throw FaultSpecError(item: item, reason: "expected KIND=VALUE")
      }
      let kind = String(item[..<equals]).lowercased()
      let value = String(item[item.index(after: equals)...])
      guard seen.insert(kind).inserted else {
        throw FaultSpecError(item: item, reason: "'\(kind)' is given more than once")
      }
      switch kind {
      case "429":
        throttleRate = try Self.rate(value, item: item)
      case "503":
        unavailableRate = try Self.rate(value, item: item)
      case "delay":
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
          throw FaultSpecError(
            item: item, reason: "expected delay=DURATION@RATE, such as 200ms@0.02")
        }
        delay = try Self.duration(String(parts[0]), item: item)
        delayRate = try Self.rate(String(parts[1]), item: item)
      default:
        throw FaultSpecError(
          item: item, reason: "unknown fault '\(kind)': expected 429, 503 or delay")
      }
    }
    if throttleRate + unavailableRate > 1 {
      throw FaultSpecError(item: text, reason: "the 429 and 503 rates add up to more than 1")
    }
  }

  private static func rate(_ text: String, item: String) throws(FaultSpecError) -> Double {
    guard let rate = Double(text), rate.isFinite, (0...1).contains(rate) else {
      throw FaultSpecError(item: item, reason: "rate '\(text)' is not a number from 0 to 1")
    }
    return rate
  }

  private static func duration(_ text: String, item: String) throws(FaultSpecError) -> Duration {
    let reason = "duration '\(text)' is not a whole number of ms or s, such as 200ms or 2s"
    let (digits, scale): (Substring, Int64)
    if text.hasSuffix("ms") {
      (digits, scale) = (text.dropLast(2), 1)
    } else if text.hasSuffix("s") {
      (digits, scale) = (text.dropLast(1), 1000)
    } else {
      throw FaultSpecError(item: item, reason: reason)
    }
    // The cap of one hour keeps a typing slip from parking server threads for days.
    guard let count = Int64(digits), count >= 0, count <= 3_600_000 / scale else {
      throw FaultSpecError(item: item, reason: reason + ", up to 1 hour")
    }
    return .milliseconds(count * scale)
  }
}

/// A parse failure of a fault specification, with the item at fault.
public struct FaultSpecError: Error, Equatable, CustomStringConvertible {
  /// The item as written, such as `429=2`.
  public var item: String
  /// The problem with the item and the allowed form.
  public var reason: String

  public var description: String { "invalid fault item '\(item)': \(reason)" }
}
