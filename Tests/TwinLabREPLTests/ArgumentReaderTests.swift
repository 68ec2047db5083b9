import Testing
import TwinLabLanguage

@testable import TwinLabREPL

/// Durations, times of day and command words as the commands read them.
@Suite("REPL command arguments")
struct ArgumentReaderTests {
  @Test(
    "durations in language units",
    arguments: [
      ("8h", 28_800.0), ("90s", 90), ("1.5h", 5400), ("30min", 1800), ("2d", 172_800),
      ("1w", 604_800), ("250ms", 0.25), ("1_000s", 1000),
    ])
  func durations(_ text: String, _ seconds: Double) {
    #expect(ArgumentReader.parseDuration(text) == seconds)
  }

  @Test("rejected durations", arguments: ["8", "h", "-1h", "1e999h", "8 h", "8hours", ""])
  func rejectedDurations(_ text: String) {
    #expect(ArgumentReader.parseDuration(text) == nil)
  }

  @Test("times of day", arguments: [("07:00", 25_200.0), ("23:59", 86_340), ("00:00", 0)])
  func clocks(_ text: String, _ seconds: Double) {
    #expect(ArgumentReader.parseClock(text) == seconds)
  }

  @Test("rejected times of day", arguments: ["24:00", "7", "07:60", "7:5", "ab:cd"])
  func rejectedClocks(_ text: String) {
    #expect(ArgumentReader.parseClock(text) == nil)
  }

  @Test("run words become labeled arguments")
  func runWords() throws {
    let (name, arguments) = try ReplCommands.parse(":run 8h pace 600x")
    #expect(name == "run")
    #expect(arguments.map(\.label) == [nil, "pace"])
    let reader = ArgumentReader(command: name, arguments: arguments)
    #expect(try reader.optionalDuration(0) == 28_800)
    #expect(try reader.labeledPace("pace") == 600)
  }

  @Test("patch value is read as JSON")
  func patchValue() throws {
    let (_, arguments) = try ReplCommands.parse(":patch press-1 replace /inUse 3")
    #expect(arguments.count == 4)
    #expect(arguments[3].value == .number(3))
  }

  @Test(
    "time of day until the next one",
    arguments: [
      (0.0, 25_200.0, 21_600.0, 3600.0), (7200, 25_200, 21_600, 82_800),
    ])
  func secondsUntil(_ now: Double, _ clock: Double, _ start: Double, _ expected: Double) {
    #expect(EngineSession.secondsUntil(clock: clock, from: now, start: start) == expected)
  }
}
