import Foundation
import Testing
import TwinLabModel

@testable import TwinLabEngine

/// Small scenarios with closed-form results, built directly as model values.
enum TestModels {
  /// Builds a line: one arrival stream into steps in series, each on its own device.
  static func line(
    interarrival: Distribution, services: [Distribution], counts: [Int]? = nil,
    capacities: [Int?]? = nil, name: String = "line"
  ) -> Scenario {
    var devices: [Device] = []
    var stages: [Stage] = []
    for (index, service) in services.enumerated() {
      let device = "s\(index + 1)"
      devices.append(Device(name: device, count: counts?[index] ?? 1, time: service))
      stages.append(
        .step(
          Step(name: "step\(index + 1)", device: device, queueCapacity: capacities?[index] ?? nil)))
    }
    let process = Process(
      name: "jobs", arrivals: [.stream(interval: interarrival, from: nil, to: nil)], stages: stages)
    return Scenario(name: name, seed: 1, devices: devices, processes: [process])
  }

  /// Returns the Student t quantile t(0.975, df) for small df.
  static func t975(_ df: Int) -> Double {
    let table: [Int: Double] = [
      1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262,
      10: 2.228, 19: 2.093, 29: 2.045,
    ]
    return table[df] ?? 1.96
  }

  /// Mean and 95 % half-width of `values` by Student t.
  static func interval(_ values: [Double]) -> (mean: Double, halfWidth: Double) {
    let n = Double(values.count)
    let mean = values.reduce(0, +) / n
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
    return (mean, t975(values.count - 1) * (variance / n).squareRoot())
  }

  /// Runs `replications` replications and collects one number from each.
  static func replicate(
    _ scenario: Scenario, horizon: Double, warmup: Double, replications: Int,
    _ measure: (RunResult) -> Double
  ) throws -> [Double] {
    try (0..<replications).map { replication in
      let result = try simulate(
        scenario,
        options: RunOptions(horizon: horizon, warmup: warmup, seed: 2026, replication: replication))
      return measure(result)
    }
  }
}

/// Expects the interval to contain `expected`, widened by `slack` (relative)
/// for the bias of a finite warm-up.
func expectCovers(
  _ values: [Double], _ expected: Double, slack: Double = 0.02,
  sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
  let (mean, halfWidth) = TestModels.interval(values)
  let allowed = halfWidth + slack * abs(expected)
  #expect(
    abs(mean - expected) <= allowed,
    "mean \(mean) ± \(halfWidth) does not cover \(expected)", sourceLocation: sourceLocation)
}
