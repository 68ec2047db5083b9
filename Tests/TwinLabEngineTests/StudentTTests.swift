import Foundation
import Testing

@testable import TwinLabEngine

@Suite struct StudentTTests {
  struct QuantileCase: Sendable, CustomTestStringConvertible {
    var probability: Double
    var degrees: Double
    /// From printed t tables, to the digits they give.
    var table: Double
    var testDescription: String { "t(\(probability), \(degrees))" }
  }

  static let cases: [QuantileCase] = [
    QuantileCase(probability: 0.975, degrees: 1, table: 12.7062),
    QuantileCase(probability: 0.975, degrees: 2, table: 4.3027),
    QuantileCase(probability: 0.975, degrees: 3, table: 3.1824),
    QuantileCase(probability: 0.975, degrees: 4, table: 2.7764),
    QuantileCase(probability: 0.975, degrees: 9, table: 2.2622),
    QuantileCase(probability: 0.975, degrees: 19, table: 2.0930),
    QuantileCase(probability: 0.975, degrees: 29, table: 2.0452),
    QuantileCase(probability: 0.975, degrees: 120, table: 1.9799),
    QuantileCase(probability: 0.975, degrees: 1e7, table: 1.9600),
    QuantileCase(probability: 0.95, degrees: 10, table: 1.8125),
    QuantileCase(probability: 0.995, degrees: 5, table: 4.0321),
    QuantileCase(probability: 0.9, degrees: 1, table: 3.0777),
    QuantileCase(probability: 0.025, degrees: 4, table: -2.7764),
  ]

  @Test(arguments: cases) func quantileMatchesTable(_ item: QuantileCase) {
    let t = StudentT.quantile(item.probability, degreesOfFreedom: item.degrees)
    #expect(abs(t - item.table) < 6e-5, "t = \(t)")
  }

  @Test(arguments: [1.0, 3, 17, 250]) func quantileInvertsCumulative(_ degrees: Double) {
    for probability in [0.6, 0.9, 0.975, 0.999] {
      let t = StudentT.quantile(probability, degreesOfFreedom: degrees)
      #expect(abs(StudentT.cumulative(t, degreesOfFreedom: degrees) - probability) < 1e-10)
    }
  }

  @Test func closedFormsForSmallDegrees() {
    // One degree of freedom is the Cauchy distribution; two has a closed form too.
    for t in [-3.0, -0.5, 0, 0.7, 4] {
      let cauchy = 0.5 + atan(t) / Double.pi
      #expect(abs(StudentT.cumulative(t, degreesOfFreedom: 1) - cauchy) < 1e-12)
      let two = 0.5 + t / (2 * (2 + t * t).squareRoot())
      #expect(abs(StudentT.cumulative(t, degreesOfFreedom: 2) - two) < 1e-12)
    }
  }

  @Test func estimateUsesStudentInterval() throws {
    let estimate = Estimate([10, 12, 11, 13, 9])
    #expect(estimate.mean == 11)
    let sd = try #require(estimate.standardDeviation)
    #expect(abs(sd - 2.5.squareRoot()) < 1e-12)
    let half = 2.776_445 * sd / 5.0.squareRoot()
    #expect(abs((estimate.low ?? 0) - (11 - half)) < 1e-5)
    #expect(abs((estimate.high ?? 0) - (11 + half)) < 1e-5)
    #expect(estimate.excludesZero)
  }

  @Test func singleValueHasNoInterval() {
    let estimate = Estimate([4])
    #expect(estimate.mean == 4)
    #expect(estimate.standardDeviation == nil && estimate.low == nil)
    #expect(!estimate.excludesZero)
    #expect(!Estimate([-1, 1, 0.5]).excludesZero)
    #expect(!Estimate([1e-17, 1e-17]).excludesZero)
  }
}
