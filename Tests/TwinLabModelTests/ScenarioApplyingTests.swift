import Testing
import TwinLabModel

/// A lab with one of each element that a model path can name.
private let base = Scenario(
  name: "apply",
  shifts: [Shift(name: "early", start: 21_600, end: 52_200)],
  staff: [StaffPool(name: "tech", headcount: [ShiftHeadcount(shift: "early", count: 3)])],
  devices: [Device(name: "spinner", count: 2, batch: 4, time: .constant(600))],
  buffers: [Buffer(name: "rack", capacity: 10)],
  processes: [
    Process(
      name: "blood",
      arrivals: [.stream(interval: .exponential(mean: 300), from: nil, to: nil)],
      stages: [
        .step(Step(name: "spin", device: "spinner")),
        .hold(Hold(name: "rack", minimum: 3_600, buffer: "rack")),
        .pool(Pool(name: "pool", size: 4, attribute: "abo", device: "spinner")),
      ],
      expiry: Expiry(limit: 432_000, attribute: "collected"))
  ])

@Suite struct ScenarioApplyingTests {
  struct ApplyCase: Sendable, CustomTestStringConvertible {
    var parameter: ModelParameter
    var value: ParameterValue
    var read: @Sendable (Scenario) -> String
    var expected: String
    var testDescription: String { parameter.path }
  }

  static let cases: [ApplyCase] = [
    ApplyCase(
      parameter: .deviceCount(device: "spinner"), value: .number(3),
      read: { "\($0.devices[0].count)" }, expected: "3"),
    ApplyCase(
      parameter: .deviceBatch(device: "spinner"), value: .number(6),
      read: { "\($0.devices[0].batch)" }, expected: "6"),
    ApplyCase(
      parameter: .deviceFill(device: "spinner"), value: .number(1_200),
      read: { "\($0.devices[0].fill ?? -1)" }, expected: "1200.0"),
    ApplyCase(
      parameter: .deviceTime(device: "spinner"), value: .distribution(.uniform(low: 1, high: 2)),
      read: { "\($0.devices[0].time.map { "\($0)" } ?? "nil")" },
      expected: "uniform(low: 1.0, high: 2.0)"),
    ApplyCase(
      parameter: .deviceSetup(device: "spinner"), value: .number(240),
      read: { "\($0.devices[0].setup.map { "\($0)" } ?? "nil")" }, expected: "constant(240.0)"),
    ApplyCase(
      parameter: .deviceCostPerHour(device: "spinner"), value: .number(12),
      read: { "\($0.devices[0].costPerHour)" }, expected: "12.0"),
    ApplyCase(
      parameter: .staffHeadcount(pool: "tech", shift: "early"), value: .number(0),
      read: { "\($0.staff[0].headcount[0].count)" }, expected: "0"),
    ApplyCase(
      parameter: .staffCostPerHour(pool: "tech"), value: .number(38),
      read: { "\($0.staff[0].costPerHour)" }, expected: "38.0"),
    ApplyCase(
      parameter: .bufferCapacity(buffer: "rack"), value: .number(60),
      read: { "\($0.buffers[0].capacity)" }, expected: "60"),
    ApplyCase(
      parameter: .arrivalScale(process: "blood"), value: .number(1.2),
      read: { "\($0.processes[0].arrivalScale)" }, expected: "1.2"),
    ApplyCase(
      parameter: .stepTime(process: "blood", step: "spin"), value: .number(90),
      read: { stage($0, 0) }, expected: "90.0"),
    ApplyCase(
      parameter: .stepTime(process: "blood", step: "pool"), value: .number(720),
      read: { stage($0, 2) }, expected: "720.0"),
    ApplyCase(
      parameter: .holdMinimum(process: "blood", stage: "rack"), value: .number(14_400),
      read: { stage($0, 1) }, expected: "14400.0"),
    ApplyCase(
      parameter: .poolSize(process: "blood", stage: "pool"), value: .number(5),
      read: { stage($0, 2, size: true) }, expected: "5"),
    ApplyCase(
      parameter: .expiryLimit(process: "blood"), value: .number(86_400),
      read: { "\($0.processes[0].expiry.map { "\($0.limit) \($0.attribute ?? "")" } ?? "")" },
      expected: "86400.0 collected"),
  ]

  /// The changed field of stage `index`: a time, a hold minimum or a pool size.
  static func stage(_ scenario: Scenario, _ index: Int, size: Bool = false) -> String {
    switch scenario.processes[0].stages[index] {
    case .step(let step): step.time.map { "\($0.mean)" } ?? "nil"
    case .hold(let hold): "\(hold.minimum)"
    case .pool(let pool): size ? "\(pool.size)" : pool.time.map { "\($0.mean)" } ?? "nil"
    case .route: "route"
    }
  }

  @Test(arguments: cases) func assignmentChangesOnlyCopy(_ item: ApplyCase) throws {
    let changed = try base.applying([
      ParameterAssignment(parameter: item.parameter, value: item.value)
    ])
    #expect(item.read(changed) == item.expected)
    #expect(item.read(base) != item.expected)
    var restored = changed
    restored.devices = base.devices
    restored.staff = base.staff
    restored.buffers = base.buffers
    restored.processes = base.processes
    #expect(restored == base)
  }

  struct RejectCase: Sendable, CustomTestStringConvertible {
    var parameter: ModelParameter
    var value: ParameterValue
    var fragment: String
    var testDescription: String { "\(parameter.path) \(fragment)" }
  }

  static let rejected: [RejectCase] = [
    RejectCase(
      parameter: .deviceCount(device: "spinner"), value: .number(-1),
      fragment: "spinner.count must be a whole number from 0 to 10000, found -1"),
    RejectCase(
      parameter: .deviceCount(device: "spinner"), value: .number(2.5), fragment: "found 2.5"),
    RejectCase(
      parameter: .deviceCount(device: "spinner"), value: .number(1e12),
      fragment: "from 0 to 10000"),
    RejectCase(parameter: .deviceBatch(device: "spinner"), value: .number(0), fragment: "from 1"),
    RejectCase(
      parameter: .deviceFill(device: "spinner"), value: .number(-5), fragment: "at least 0"),
    RejectCase(
      parameter: .deviceTime(device: "spinner"), value: .number(-3),
      fragment: "non-negative, finite"),
    RejectCase(
      parameter: .deviceSetup(device: "spinner"),
      value: .distribution(.exponential(mean: 0)), fragment: "non-negative, finite"),
    RejectCase(
      parameter: .deviceCostPerHour(device: "spinner"), value: .number(.nan),
      fragment: "a cost per hour"),
    RejectCase(
      parameter: .staffHeadcount(pool: "tech", shift: "night"), value: .number(2),
      fragment: "staff pool 'tech' has no shift 'night'; its shifts are early"),
    RejectCase(
      parameter: .staffHeadcount(pool: "tech", shift: "early"), value: .number(-2),
      fragment: "tech.early must be a whole number"),
    RejectCase(
      parameter: .staffCostPerHour(pool: "nurses"), value: .number(30),
      fragment: "names staff pool 'nurses'"),
    RejectCase(parameter: .bufferCapacity(buffer: "rack"), value: .number(0), fragment: "from 1"),
    RejectCase(
      parameter: .arrivalScale(process: "blood"), value: .number(0),
      fragment: "above 0 and at most 1000, found 0"),
    RejectCase(
      parameter: .stepTime(process: "blood", step: "rack"), value: .number(5),
      fragment: "must name a step or pool"),
    RejectCase(
      parameter: .holdMinimum(process: "blood", stage: "spin"), value: .number(5),
      fragment: "must name a hold"),
    RejectCase(
      parameter: .poolSize(process: "blood", stage: "pool"), value: .number(0), fragment: "from 1"),
    RejectCase(
      parameter: .poolSize(process: "blood", stage: "press"), value: .number(3),
      fragment: "process 'blood' has no step 'press'"),
    RejectCase(
      parameter: .expiryLimit(process: "blood"), value: .number(0),
      fragment: "must be a positive duration"),
    RejectCase(
      parameter: .deviceCount(device: "press"), value: .number(1),
      fragment: "names device 'press', which this lab does not declare"),
  ]

  @Test(arguments: rejected) func impossibleValueIsRejected(_ item: RejectCase) {
    #expect {
      _ = try base.applying([ParameterAssignment(parameter: item.parameter, value: item.value)])
    } throws: { error in
      guard let error = error as? ParameterError else { return false }
      return error.parameter == item.parameter && error.message.contains(item.fragment)
    }
  }

  @Test func laterAssignmentWins() throws {
    let whatIf = WhatIf(
      name: "twice",
      assignments: [
        ParameterAssignment(parameter: .deviceCount(device: "spinner"), value: .number(5)),
        ParameterAssignment(parameter: .deviceCount(device: "spinner"), value: .number(1)),
      ])
    #expect(try base.applying(whatIf).devices[0].count == 1)
  }
}
