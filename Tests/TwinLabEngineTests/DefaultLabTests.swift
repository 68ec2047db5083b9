import Foundation
import Testing
import TwinLabLanguage
import TwinLabModel

@testable import TwinLabEngine

/// The shipped platelet lab, loaded through the scenario language.
@Suite struct DefaultLabTests {
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func defaultLab() throws -> Scenario {
    let loader = ScenarioLoader(stdlibPath: packageRoot.appendingPathComponent("stdlib").path)
    let result = loader.load(
      file: packageRoot.appendingPathComponent("scenarios/platelet-lab.lab").path)
    #expect(!result.hasErrors, "\(result.diagnostics)")
    return try #require(result.scenario)
  }

  /// Little's law over every entity life: pool members until their pool forms,
  /// pools until they leave. Entities in the lab at both ends of the window
  /// bias the estimate by a few percent over two weeks.
  @Test func littlesLawHoldsOnDefaultLab() throws {
    let scenario = try Self.defaultLab()
    let result = try simulate(scenario, options: RunOptions(horizon: 15 * 86_400, warmup: 86_400))
    let rate = Double(result.kpis.departures) / result.observed
    let predicted = rate * result.kpis.sojournMean
    #expect(result.kpis.products > 500)
    #expect(abs(result.kpis.wipMean - predicted) / predicted < 0.05)
  }

  @Test func defaultLabTimesAddUp() throws {
    let scenario = try Self.defaultLab()
    let result = try simulate(scenario, options: RunOptions(horizon: 3 * 86_400, warmup: 3_600))
    for device in result.devices {
      for unit in device.units {
        let total = UnitState.allCases.reduce(0) { $0 + unit.states[$1] }
        #expect(total == result.horizon - result.warmup, "\(unit.name)")
      }
      #expect(device.utilization > 0, "\(device.name)")
    }
    #expect(result.stall == nil)
    #expect(result.kpis.costPerUnit != nil)
  }
}
