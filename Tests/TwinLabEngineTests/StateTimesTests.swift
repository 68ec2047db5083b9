import Testing

@testable import TwinLabEngine

@Suite struct StateTimesTests {
  @Test func observedSumIgnoresDictionaryOrder() {
    // Values whose floating-point sum depends on the order of addition.
    let values: [UnitState: Double] = [
      .idle: 1e16, .setup: 1, .processing: -1e16, .blocked: 1, .waitingForStaff: 0.5,
      .down: 3, .off: 7,
    ]
    var reordered: [UnitState: Double] = [:]
    reordered.reserveCapacity(4_096)
    for state in UnitState.allCases.reversed() { reordered[state] = values[state] }
    let expected = UnitState.allCases.filter { $0 != .off }.reduce(0.0) { $0 + values[$1]! }
    #expect(StateTimes(seconds: values).observed == expected)
    #expect(StateTimes(seconds: reordered).observed == expected)
  }
}
