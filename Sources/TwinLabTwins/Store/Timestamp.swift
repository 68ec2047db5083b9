import Foundation

/// Formats service timestamps: UTC, seven fractional digits and `Z`, as the
/// service writes `lastUpdateTime`.
enum Timestamp {
  /// `date` as `2026-12-04T15:45:35.1234567Z`.
  static func format(_ date: Date) -> String {
    let ticks = (date.timeIntervalSince1970 * 10_000_000).rounded(.down)
    let clamped = min(max(ticks, -62_135_596_800 * 10_000_000), 253_402_300_799 * 10_000_000)
    let totalTicks = Int64(clamped)
    var seconds = totalTicks / 10_000_000
    var fraction = totalTicks % 10_000_000
    if fraction < 0 {
      fraction += 10_000_000
      seconds -= 1
    }
    var days = seconds / 86_400
    var secondOfDay = seconds % 86_400
    if secondOfDay < 0 {
      secondOfDay += 86_400
      days -= 1
    }
    let (year, month, day) = civilDate(daysSinceEpoch: days)
    return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
      + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":"
      + pad(secondOfDay % 60, 2) + "." + pad(fraction, 7) + "Z"
  }

  /// Year, month and day of a day count since 1970-01-01 in the proleptic
  /// Gregorian calendar (Howard Hinnant's days-to-civil algorithm).
  private static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
    let shifted = daysSinceEpoch + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return (year, month, day)
  }

  private static func pad(_ value: Int64, _ width: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }
}
