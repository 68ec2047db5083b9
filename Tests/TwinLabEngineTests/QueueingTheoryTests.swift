import Foundation
import Testing
import TwinLabModel

@testable import TwinLabEngine

/// Compares simulated means against closed-form queueing results, with 95 %
/// confidence intervals from independent replications.
@Suite struct QueueingTheoryTests {
  static let horizon = 8.0 * 86_400
  static let warmup = 1.0 * 86_400
  static let replications = 5

  @Test func mm1WaitAndUtilization() throws {
    // Arrival rate 1/min, service mean 48 s: rho = 0.8, Wq = rho S / (1 - rho) = 192 s.
    let scenario = TestModels.line(
      interarrival: .exponential(mean: 60), services: [.exponential(mean: 48)])
    let results = try (0..<Self.replications).map {
      try simulate(
        scenario,
        options: RunOptions(horizon: Self.horizon, warmup: Self.warmup, seed: 11, replication: $0))
    }
    expectCovers(results.map { $0.steps[0].waitMean }, 192, slack: 0.05)
    expectCovers(results.map { $0.devices[0].utilization }, 0.8, slack: 0.01)
    // Little's law on the whole line: L = lambda W with the measured rates.
    for result in results {
      let lambda = Double(result.kpis.products) / result.observed
      let predicted = lambda * result.kpis.cycleTime.mean
      #expect(abs(result.kpis.wipMean - predicted) / predicted < 0.03)
    }
  }

  @Test func mmcWaitMatchesErlangC() throws {
    // c = 2, arrival rate 1/min, service mean 96 s: offered load a = 1.6, rho = 0.8.
    let c = 2
    let a = 1.6
    let rho = a / Double(c)
    var sum = 0.0
    for k in 0..<c { sum += pow(a, Double(k)) / tgamma(Double(k + 1)) }
    let top = pow(a, Double(c)) / tgamma(Double(c + 1)) / (1 - rho)
    let waitProbability = top / (sum + top)
    let expectedWait = waitProbability * 96 / (Double(c) * (1 - rho))
    let scenario = TestModels.line(
      interarrival: .exponential(mean: 60), services: [.exponential(mean: 96)], counts: [c])
    let results = try (0..<Self.replications).map {
      try simulate(
        scenario,
        options: RunOptions(horizon: Self.horizon, warmup: Self.warmup, seed: 12, replication: $0))
    }
    expectCovers(results.map { $0.steps[0].waitMean }, expectedWait, slack: 0.05)
    expectCovers(results.map { $0.devices[0].utilization }, rho, slack: 0.01)
  }

  @Test func md1WaitMatchesPollaczekKhinchine() throws {
    // Constant 48 s service at rate 1/min: Wq = rho S / (2 (1 - rho)) = 96 s.
    let scenario = TestModels.line(interarrival: .exponential(mean: 60), services: [.constant(48)])
    let waits = try TestModels.replicate(
      scenario, horizon: Self.horizon, warmup: Self.warmup, replications: Self.replications
    ) { $0.steps[0].waitMean }
    expectCovers(waits, 96, slack: 0.05)
  }

  @Test func mm1kLossProbability() throws {
    // K = 5 in the system: 4 waiting places plus the server; rho = 0.7.
    let rho = 0.7
    let k = 5.0
    let expected = (1 - rho) * pow(rho, k) / (1 - pow(rho, k + 1))
    let scenario = TestModels.line(
      interarrival: .exponential(mean: 60), services: [.exponential(mean: 42)], capacities: [4])
    let losses = try TestModels.replicate(
      scenario, horizon: Self.horizon / 2, warmup: Self.warmup, replications: Self.replications
    ) { Double($0.kpis.lost) / Double($0.kpis.arrivals) }
    expectCovers(losses, expected, slack: 0.03)
  }

  @Test func twoStationsWithoutBufferBlock() throws {
    // Exponential stations with no waiting room between them: the first blocks
    // while the second is busy. With equal rates mu and saturated input the
    // throughput of this line is 2 mu / 3 (a standard two-node blocking result).
    // Arrivals come six times faster than service, so the first queue stays
    // near its 50 places and the first station never starves.
    let scenario = TestModels.line(
      interarrival: .exponential(mean: 10),
      services: [.exponential(mean: 60), .exponential(mean: 60)],
      capacities: [50, 0])
    let results = try (0..<Self.replications).map {
      try simulate(
        scenario,
        options: RunOptions(horizon: 4 * 86_400, warmup: 3_600, seed: 5, replication: $0))
    }
    let perMinute = results.map { Double($0.kpis.products) / $0.observed * 60 }
    expectCovers(perMinute, 2.0 / 3.0, slack: 0.02)
    for result in results {
      #expect(result.devices[0].blockedFraction > 0.1)
      #expect(result.steps[1].queueMax == 0)
    }
  }
}
