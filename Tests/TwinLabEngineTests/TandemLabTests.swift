import Foundation
import Testing
import TwinLabLanguage
import TwinLabModel

@testable import TwinLabEngine

/// The benchmark line `bench/tandem.lab`, checked against the same line built
/// directly as model values, so that the language delivers exactly the model
/// that the benchmark describes.
@Suite struct TandemLabTests {
  static let benchLab = DefaultLabTests.packageRoot.appendingPathComponent("bench/tandem.lab")

  /// TANDEM-5-BAS as model values, with the names the file uses, since the
  /// names pick the random streams.
  static func swiftCopy(triangular: Bool, unlimited: Bool) -> Scenario {
    var devices: [Device] = []
    var stages: [Stage] = []
    for (index, mean) in [30.0, 36, 42, 36, 30].enumerated() {
      let service: Distribution =
        triangular
        ? .triangular(min: 0.6 * mean, mode: mean, max: 1.4 * mean)
        : .exponential(mean: mean)
      devices.append(Device(name: "s\(index + 1)", time: service))
      stages.append(
        .step(
          Step(
            name: "station\(index + 1)", device: "s\(index + 1)",
            queueCapacity: unlimited ? 1_000_000_000 : (index == 0 ? 4 : 2))))
    }
    let process = Process(
      name: "jobs", arrivals: [.stream(interval: .exponential(mean: 60), from: nil, to: nil)],
      stages: stages)
    return Scenario(
      name: "TANDEM-5-BAS", seed: 1, horizon: 100 * 86_400, warmup: 7 * 86_400,
      devices: devices, processes: [process])
  }

  @Test(arguments: [1, 2, 3] as [UInt64])
  func labMatchesSwiftCopyExactly(seed: UInt64) throws {
    let loaded = ScenarioLoader().load(file: Self.benchLab.path)
    #expect(!loaded.hasErrors, "\(loaded.diagnostics)")
    let lab = try #require(loaded.scenario)
    // The file reads these variables to switch to triangular service or to
    // unlimited queues.
    let environment = ProcessInfo.processInfo.environment
    let triangular = environment["TANDEM_VARIANT"] == "T"
    let unlimited = environment["TANDEM_MODE"] == "inf"
    let options = RunOptions(horizon: 3 * 86_400, warmup: 86_400, seed: seed)
    let fromLab = try simulate(lab, options: options)
    let fromSwift = try simulate(
      Self.swiftCopy(triangular: triangular, unlimited: unlimited), options: options)
    #expect(fromLab.kpis.products > 2000)
    if !unlimited { #expect(fromLab.kpis.lost > 0) }
    #expect(fromLab == fromSwift)
  }
}
