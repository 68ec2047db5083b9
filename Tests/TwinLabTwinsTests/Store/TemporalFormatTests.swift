import Foundation
import Testing

@testable import TwinLabTwins

@Suite struct TemporalFormatTests {
  @Test(arguments: [
    (0.0, "1970-01-01T00:00:00.0000000Z"),
    (951_782_400.5, "2000-02-29T00:00:00.5000000Z"),
    (-1.0, "1969-12-31T23:59:59.0000000Z"),
    (1_767_323_045.1234567, "2026-01-02T03:04:05.1234567Z"),
  ])
  func timestampHasSevenDigits(seconds: Double, expected: String) {
    let formatted = Timestamp.format(Date(timeIntervalSince1970: seconds))
    #expect(formatted.prefix(26) == expected.prefix(26))
    #expect(formatted.count == expected.count)
  }

  @Test(arguments: [
    ("2024-02-29", true), ("2023-02-29", false), ("2026-13-01", false), ("26-01-01", false),
  ])
  func dateFormIsChecked(text: String, valid: Bool) {
    #expect(TemporalFormat.isDate(text) == valid)
  }

  @Test(arguments: [
    ("2026-01-02T03:04:05Z", true), ("2026-01-02T03:04:05.123456789Z", true),
    ("2026-01-02T03:04:05+05:30", true), ("2026-01-02 03:04:05Z", false),
    ("2026-01-02T25:04:05Z", false), ("2026-01-02T03:04:05", false),
  ])
  func dateTimeFormIsChecked(text: String, valid: Bool) {
    #expect(TemporalFormat.isDateTime(text) == valid)
  }

  @Test(arguments: [
    ("P1D", true), ("PT1H30M", true), ("PT0.5S", true), ("P2W", true), ("P1Y2M3DT4H5M6S", true),
    ("P", false), ("PT", false), ("1H", false), ("PT1.5M", false), ("P1H", false),
  ])
  func durationFormIsChecked(text: String, valid: Bool) {
    #expect(TemporalFormat.isDuration(text) == valid)
  }

  @Test(arguments: [
    ("12:30:00", true), ("23:59:59.25", true), ("24:00:00", false), ("12:30", false),
  ])
  func timeFormIsChecked(text: String, valid: Bool) {
    #expect(TemporalFormat.isTime(text) == valid)
  }
}
