import Foundation
import Testing
import TwinLabModel

@testable import TwinLabEngine

@Suite struct DistributionTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var distribution: Distribution
    var mean: Double
    var variance: Double
    var testDescription: String { "\(distribution)" }
  }

  static let cases: [Case] = [
    Case(distribution: .constant(3), mean: 3, variance: 0),
    Case(distribution: .exponential(mean: 2), mean: 2, variance: 4),
    Case(distribution: .uniform(low: 1, high: 5), mean: 3, variance: 16.0 / 12),
    Case(
      distribution: .triangular(min: 1, mode: 2, max: 6), mean: 3,
      variance: (1 + 4 + 36 - 2 - 6 - 12) / 18.0),
    Case(distribution: .normal(mean: 10, standardDeviation: 2), mean: 10, variance: 4),
    Case(distribution: .lognormal(mean: 5, standardDeviation: 2), mean: 5, variance: 4),
    Case(distribution: .gamma(shape: 2.5, scale: 2), mean: 5, variance: 10),
    Case(distribution: .gamma(shape: 0.5, scale: 2), mean: 1, variance: 2),
    Case(
      distribution: .weibull(shape: 2, scale: 3), mean: 3 * tgamma(1.5),
      variance: 9 * (tgamma(2) - tgamma(1.5) * tgamma(1.5))),
    Case(distribution: .erlang(k: 3, mean: 6), mean: 6, variance: 12),
    Case(distribution: .empirical([1, 2, 3, 10]), mean: 4, variance: 12.5),
  ]

  /// Checks the sample mean within 4 standard errors and the sample variance
  /// within 10 % of the formula over 200,000 draws.
  @Test(arguments: cases) func sampleMeanAndVariance(_ item: Case) {
    var generator = RandomStreams(seed: 99, replication: 0).generator(named: "test")
    var tally = Tally()
    for _ in 0..<200_000 { tally.record(generator.sample(item.distribution)) }
    let standardError = (item.variance / 200_000).squareRoot()
    #expect(abs(tally.mean - item.mean) <= 4 * standardError + 1e-12)
    #expect(abs(tally.variance - item.variance) <= 0.1 * item.variance + 1e-12)
  }

  @Test func normalTruncatesAtZero() {
    var generator = RandomStreams(seed: 1, replication: 0).generator(named: "test")
    for _ in 0..<10_000 {
      #expect(generator.sample(.normal(mean: 0.5, standardDeviation: 2)) >= 0)
    }
  }
}
