import Foundation
import Testing
import TwinLabModel

@testable import TwinLabEngine

/// The active-period bottleneck share of devices and staff pools.
@Suite struct BottleneckShareTests {
  /// Builds a line on `bench` whose one step needs a member of `tech`, with
  /// `techs` members on duty all day.
  static func staffedLine(benches: Int, techs: Int, interarrival: Double) -> Scenario {
    var scenario = TestModels.line(
      interarrival: .exponential(mean: interarrival), services: [.constant(100)],
      counts: [benches])
    scenario.processes[0].stages = [.step(Step(name: "work", device: "s1", staff: "tech"))]
    scenario.shifts = [Shift(name: "all", start: 0, end: 86_399)]
    scenario.staff = [
      StaffPool(name: "tech", headcount: [ShiftHeadcount(shift: "all", count: techs)])
    ]
    return scenario
  }

  static func share(_ result: RunResult, of name: String) -> Double {
    result.kpis.bottleneckShares.first { $0.name == name }?.value ?? -1
  }

  @Test func staffStarvedLabBlamesStaff() throws {
    // Work for two techs arrives and one is on duty, so units wait for staff
    // while the benches have room.
    let scenario = Self.staffedLine(benches: 3, techs: 1, interarrival: 50)
    let result = try simulate(scenario, options: RunOptions(horizon: 86_399, seed: 7))
    #expect(result.kpis.bottleneck == "tech")
    #expect(Self.share(result, of: "tech") > 0.9)
    #expect(Self.share(result, of: "s1") < 0.1)
  }

  @Test func benchStarvedLabBlamesDevice() throws {
    // Two techs for one bench: the bench is the constraint.
    let scenario = Self.staffedLine(benches: 1, techs: 2, interarrival: 50)
    let result = try simulate(scenario, options: RunOptions(horizon: 86_399, seed: 7))
    #expect(result.kpis.bottleneck == "s1")
    #expect(Self.share(result, of: "s1") > 0.9)
    #expect(Self.share(result, of: "tech") < 0.1)
  }
}
