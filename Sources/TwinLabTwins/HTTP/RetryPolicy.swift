import Foundation

/// When `HTTPClient` retries: which statuses, how many attempts, and how long it may wait.
public struct RetryPolicy: Sendable, Equatable {
  /// The maximum number of attempts per request, the first one included; 1 disables retries.
  public var maxAttempts: Int
  /// The first backoff delay when the response has no `Retry-After`; it doubles per attempt.
  public var baseDelay: Duration
  /// The maximum single backoff delay. A `Retry-After` value is not capped by it.
  public var maxDelay: Duration
  /// The maximum total wait between the attempts of one request. A wait that would pass it
  /// is not taken, and the last response is returned instead.
  public var maxTotalWait: Duration
  /// Statuses that are retried.
  public var retryableStatuses: Set<Int>

  /// Creates a policy: 4 attempts, backoff from 0.5 s up to 8 s, at most 60 s of waiting,
  /// retrying 429 and 503.
  public init(
    maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(500),
    maxDelay: Duration = .seconds(8),
    maxTotalWait: Duration = .seconds(60), retryableStatuses: Set<Int> = [429, 503]
  ) {
    self.maxAttempts = max(1, maxAttempts)
    self.baseDelay = baseDelay
    self.maxDelay = maxDelay
    self.maxTotalWait = maxTotalWait
    self.retryableStatuses = retryableStatuses
  }

  /// A policy that never retries.
  public static let none = RetryPolicy(maxAttempts: 1)

  /// The backoff before attempt `attempt + 1`: a random delay between half and all of
  /// `baseDelay * 2^(attempt - 1)`, capped at `maxDelay`, so that clients throttled together
  /// spread their retries.
  public func backoff(afterAttempt attempt: Int, using random: inout some RandomNumberGenerator)
    -> Duration
  {
    let exponent = min(max(attempt - 1, 0), 30)
    let ceiling = min(baseDelay * (1 << exponent), maxDelay)
    let fraction = Double.random(in: 0.5...1.0, using: &random)
    return ceiling * fraction
  }

  /// The wait that a `Retry-After` value requests: delta seconds, or an HTTP date relative to
  /// `now`. A date in the past gives zero, and an unreadable value gives `nil`.
  public static func retryAfterDelay(_ value: String, now: Date) -> Duration? {
    let trimmed = value.trimmingCharacters(in: .whitespaces)
    if let seconds = Int64(trimmed) {
      return seconds >= 0 ? .seconds(seconds) : nil
    }
    guard let date = HTTPDate.parse(trimmed) else { return nil }
    let interval = date.timeIntervalSince(now)
    return interval > 0 ? .milliseconds(Int64((interval * 1000).rounded(.up))) : .zero
  }
}

/// HTTP dates as RFC 9110 section 5.6.7 defines them.
public enum HTTPDate {
  private static let formats = [
    "EEE, dd MMM yyyy HH:mm:ss 'GMT'",  // IMF-fixdate, the preferred form
    "EEEE, dd-MMM-yy HH:mm:ss 'GMT'",  // obsolete RFC 850 form
    "EEE MMM d HH:mm:ss yyyy",  // obsolete asctime form
  ]

  /// Parses any of the three HTTP date forms; returns `nil` for anything else.
  public static func parse(_ text: String) -> Date? {
    let collapsed = text.split(separator: " ", omittingEmptySubsequences: true).joined(
      separator: " ")
    for format in formats {
      let formatter = makeFormatter(format)
      if let date = formatter.date(from: collapsed) { return date }
    }
    return nil
  }

  /// Formats `date` as an IMF-fixdate, such as `Sun, 06 Nov 1994 08:49:37 GMT`.
  public static func format(_ date: Date) -> String {
    makeFormatter(formats[0]).string(from: date)
  }

  private static func makeFormatter(_ format: String) -> DateFormatter {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = format
    return formatter
  }
}
