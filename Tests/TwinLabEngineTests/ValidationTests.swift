import Testing
import TwinLabModel

@testable import TwinLabEngine

@Suite struct ValidationTests {
  static let location = SourceLocation(file: "lab.lab", line: 7, column: 3)

  static func base() -> Scenario {
    var scenario = TestModels.line(interarrival: .exponential(mean: 60), services: [.constant(30)])
    scenario.locations = ["jobs": location, "s1": location, "jobs.step1": location]
    return scenario
  }

  struct Case: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var change: @Sendable (inout Scenario, inout RunOptions) -> Void
    var fragment: String
  }

  static let cases: [Case] = [
    Case(
      testDescription: "horizon below warm-up",
      change: { _, options in
        options.horizon = 3_600
        options.warmup = 7_200
      }, fragment: "longer than the warm-up"),
    Case(
      testDescription: "process without arrivals",
      change: { scenario, _ in
        scenario.processes[0].arrivals = []
      }, fragment: "process 'jobs' has no arrivals"),
    Case(
      testDescription: "batch size zero",
      change: { scenario, _ in
        scenario.devices[0].batch = 0
      }, fragment: "batch size 0"),
    Case(
      testDescription: "pool larger than buffer",
      change: { scenario, _ in
        scenario.buffers = [Buffer(name: "rack", capacity: 3)]
        scenario.processes[0].attributes = [
          Attribute(name: "abo", rule: .choice([WeightedLabel(label: "O", weight: 1)]))
        ]
        scenario.processes[0].stages = [
          .hold(Hold(name: "rest", minimum: 60, buffer: "rack")),
          .pool(Pool(name: "pool", size: 4, attribute: "abo", device: "s1")),
        ]
      }, fragment: "buffer 'rack' that feeds it holds only 3"),
    Case(
      testDescription: "unknown device",
      change: { scenario, _ in
        scenario.processes[0].stages = [.step(Step(name: "step1", device: "s2"))]
      }, fragment: "device 's2', which the lab does not declare"),
  ]

  @Test(arguments: cases) func invalidScenarioIsRejected(_ item: Case) {
    var scenario = Self.base()
    var options = RunOptions()
    item.change(&scenario, &options)
    do {
      _ = try Simulation(scenario: scenario, options: options)
      Issue.record("expected a validation error")
    } catch {
      let messages = error.diagnostics.map(\.message)
      #expect(messages.contains { $0.contains(item.fragment) }, "\(messages)")
    }
  }

  @Test func errorPointsAtElement() throws {
    var scenario = Self.base()
    scenario.devices[0].batch = 0
    let error = try #require(throws: SimulationError.self) {
      try Simulation(scenario: scenario)
    }
    #expect(error.diagnostics.first?.location == Self.location)
  }

  @Test func sameSeedGivesIdenticalJSON() throws {
    let scenario = TestModels.line(
      interarrival: .exponential(mean: 40), services: [.triangular(min: 10, mode: 30, max: 50)])
    let options = RunOptions(horizon: 30_000, warmup: 1_000, seed: 9)
    let first = try simulate(scenario, options: options).json.serialized(pretty: true)
    let second = try simulate(scenario, options: options).json.serialized(pretty: true)
    #expect(first == second)
    #expect(first.contains("\"throughput_per_day\""))
    let other = try simulate(scenario, options: RunOptions(horizon: 30_000, seed: 10))
    #expect(other.json.serialized(pretty: true) != first)
  }
}
