import Foundation
import Testing
import TwinLabModel

@testable import TwinLabLanguage

@Suite struct ScenarioBuildTests {
  static let example = packageRoot.appendingPathComponent("scenarios/platelet-lab.lab").path

  @Test func deviceReportsEveryBadSetting() {
    let result = load(lab("  device c { count 1.5; time 1min; batch 0 }"))
    let found = messages(result)
    #expect(
      found.contains { $0.contains("count of device 'c' must be a whole number") }, "\(found)")
    #expect(found.contains { $0.contains("batch of device 'c' must be at least 1") }, "\(found)")
    #expect(result.scenario?.devices.contains { $0.name == "c" } != true)
  }

  @Test func plateletLabBuildsFullModel() throws {
    let result = ScenarioLoader(stdlibPath: stdlibFolder).load(file: Self.example)
    #expect(result.diagnostics.isEmpty)
    let scenario = try #require(result.scenario)
    #expect(scenario.start == 6 * 3600)
    #expect(scenario.seed == 42)
    #expect(scenario.horizon == Double(7 * 86_400))
    #expect(scenario.shifts.map(\.name) == ["early", "late"])
    let centrifuge = try #require(scenario.device(named: "centrifuge"))
    #expect(centrifuge.count == 2)
    #expect(centrifuge.batch == 6)
    #expect(centrifuge.fill == 1200)
    #expect(centrifuge.time == .triangular(min: 1200, mode: 1440, max: 1800))
    #expect(centrifuge.setupStaff == "tech")
    #expect(centrifuge.failure?.countsBusyTimeOnly == true)
    #expect(centrifuge.costPerHour == 12)
    #expect(
      centrifuge.twinProperties.first
        == TwinProperty(name: "location", value: .string("Lab A / Station 1")))
    #expect(scenario.staffPool(named: "tech")?.costPerHour == 38)
    let process = try #require(scenario.process(named: "whole_blood"))
    #expect(process.arrivals.count == 3)
    #expect(process.arrivals[0] == .daily(at: 6 * 3600, batch: 120))
    #expect(
      process.stages.map(\.name) == [
        "receive", "spin", "separate", "rest_rack", "pool", "soft_spin", "filter", "qc_sample",
        "route-8", "label",
      ])
    #expect(process.expiry == Expiry(limit: 5 * 86_400, attribute: "collected"))
    #expect(
      process.attributes[1].rule == .arrivalTimeOffset(sign: -1, .uniform(low: 7200, high: 72_000)))
    #expect(scenario.locations["centrifuge"]?.line != nil)
    #expect(scenario.locations["whole_blood.spin"]?.file == Self.example)
    #expect(
      scenario.whatifs.map(\.name) == [
        "third centrifuge", "thin late shift", "busy day", "longer rest",
      ])
    #expect(
      scenario.whatifs[0].assignments == [
        ParameterAssignment(parameter: .deviceCount(device: "centrifuge"), value: .number(3))
      ])
    #expect(
      scenario.whatifs[3].assignments.first?.parameter
        == .holdMinimum(process: "whole_blood", stage: "rest_rack"))
    let experiment = try #require(scenario.experiments.first)
    #expect(experiment.replications == 20)
    #expect(experiment.sweeps.first?.values.count == 4)
    #expect(experiment.variants.first == "baseline")
  }

  @Test func everyShippedFileChecksClean() throws {
    var files: [String] = []
    for folder in ["scenarios", "stdlib"] {
      let url = packageRoot.appendingPathComponent(folder)
      let names = try FileManager.default.contentsOfDirectory(atPath: url.path)
      files += names.filter { $0.hasSuffix(".lab") }.map { url.appendingPathComponent($0).path }
    }
    #expect(files.count >= 2)
    for file in files {
      // Scripts that drive the twins module need a host that provides it;
      // the scripting tests run them with one.
      let source = try String(contentsOfFile: file, encoding: .utf8)
      if source.contains("twins.connect(") { continue }
      let result = ScenarioLoader(stdlibPath: stdlibFolder).load(file: file)
      #expect(result.diagnostics.isEmpty, "\(file): \(result.diagnostics.map(\.message))")
    }
  }

  @Test(arguments: [
    ("step s on centrifug", "unknown device 'centrifug' in step 's'"),
    ("step s on bench with tehc", "unknown staff pool 'tehc' in 's'; did you mean 'tech'?"),
    ("hold at least 2h in rak", "unknown buffer 'rak' in process 'flow'; did you mean 'rack'?"),
    ("hold at least -2h in rack", "hold time must not be negative, found -2h"),
    (
      "pool 4 by grup on bench",
      "unknown attribute 'grup' in process 'flow'; declare it with 'attribute' first; did you mean 'group'?"
    ),
    ("pool 0 by group on bench", "pool size must be at least 1, found 0"),
    (
      "step a 5min on bench",
      "unexpected value after the step name; write 'step NAME on DEVICE time DURATION'"
    ),
    (
      "attribute born = now\npool 2 by born on bench",
      "pool needs a choice attribute such as a blood group, but 'born' is drawn from a distribution or is a time"
    ),
    (
      "step a on bench\nroute { 10%: goto b; else: next }",
      "unknown step 'b' in goto of process 'flow'; did you mean 'a'?"
    ),
    (
      "step a on bench\nroute { 60%: next; 50%: scrap \"x\" }",
      "route probabilities sum to 110%, more than 100%"
    ),
    ("step a on bench queue -1", "queue of step 'a' must not be negative, found -1"),
    (
      "step a on bench\nexpire 5d after born",
      "unknown time attribute 'born' in expire; declare it as 'attribute born = now - DURATION'"
    ),
    (
      "step a on bench\nstep a on bench",
      "duplicate step name 'a' in process 'flow' (first at line 10)"
    ),
    (
      "step a on bench time 5",
      "time of step 'a' must be a duration or a distribution of durations, found number"
    ),
  ])
  func badProcessIsDiagnosed(process: String, expected: String) {
    #expect(messages(load(lab(process: process))).contains(expected))
  }

  @Test(arguments: [
    (
      "device bench { count 2 }",
      "duplicate name 'bench': a device of that name is declared at line 4, column 10"
    ),
    ("device d { count -2; time 1min }", "count of device 'd' must not be negative, found -2"),
    ("device d { batch 0; time 1min }", "batch of device 'd' must be at least 1, found 0"),
    ("device d { time -1min }", "time of device 'd' must not be negative, found -1min"),
    ("device d { time 1min; setup 1min with nobody }", "unknown staff pool 'nobody' in 'd'"),
    ("buffer b { capacity -5 }", "buffer capacity must not be negative, found -5"),
    ("staff s { nite 2 }", "unknown shift 'nite' in staff pool 's'"),
    ("staff s { day -1 }", "head-count of 's' on 'day' must not be negative, found -1"),
    ("shift night 25:00 - 07:00", "invalid clock time '25:0'; hours run 00-24 and minutes 00-59"),
    ("horizon 1d\nwarmup 2d", "warmup 2d must be shorter than the horizon 1d"),
    (
      "device d { colour 1 }",
      "unknown setting 'colour'; expected one of batch, cost, count, failure, fill, setup, time, twin"
    ),
  ])
  func badDeclarationIsDiagnosed(extra: String, expected: String) {
    #expect(messages(load(lab(extra))).contains(expected))
  }

  @Test func stepWithoutTimeIsDiagnosed() {
    let result = load(lab("device slow { count 1 }", process: "step a on slow"))
    #expect(messages(result) == ["'a' has no time: give 'time' on the step or on device 'slow'"])
  }

  @Test(arguments: [
    ("whatif \"w\" { centrifug.count = 3 }", "unknown lab element 'centrifug' in model path"),
    ("whatif \"w\" { bench.count = 3 }", nil),
    (
      "whatif \"w\" { bench.cont = 3 }",
      "unknown field 'cont' of device 'bench'; expected one of count, batch, fill, time, setup, cost; did you mean 'count'?"
    ),
    (
      "whatif \"w\" { bench.count = -1 }",
      "bench.count must be a whole number of at least 0, found number -1"
    ),
    (
      "whatif \"w\" { bench.count = 2.5 }",
      "bench.count must be a whole number of at least 0, found number 2.5"
    ),
    (
      "whatif \"w\" { bench.time = 3 }",
      "bench.time must be a duration or a distribution of durations, found number"
    ),
    (
      "whatif \"w\" { tech.dy = 1 }",
      "unknown field 'dy' of staff pool 'tech'; expected one of day, cost; did you mean 'day'?"
    ),
    ("whatif \"w\" { flow.work.time = 2min }", nil),
    (
      "whatif \"w\" { flow.wrk.time = 2min }",
      "unknown step 'wrk' in process 'flow'; did you mean 'work'?"
    ),
    ("whatif \"w\" { flow.arrivals.scale = 1.2 }", nil),
    (
      "experiment \"e\" { variants baseline, \"nope\" }",
      "unknown variant 'nope'; declare it with whatif \"nope\" { ... } or use baseline"
    ),
    (
      "experiment \"e\" { replications 0 }",
      "replications must be a whole number from 1 to 1000000, found 0"
    ),
    (
      "experiment \"e\" { sweep bench.count in 1...3; measure throughput, cycle_tim }",
      "unknown measure 'cycle_tim'; known measures are throughput, cycle_time, wip, utilization, staff_utilization, queue, wait, blocked, expired, scrapped, lost, cost_per_unit, bottleneck; did you mean 'cycle_time'?"
    ),
  ])
  func whatIfPathIsResolved(source: String, expected: String?) {
    let result = load(lab() + "\n" + source)
    if let expected {
      #expect(messages(result) == [expected])
    } else {
      #expect(messages(result).isEmpty)
    }
  }

  @Test func secondLabIsAnError() {
    #expect(messages(load(lab() + "\n" + lab())).first?.hasPrefix("a second lab") == true)
  }

  @Test func labElementsAreValues() {
    let result = load(
      lab()
        + "\nassert lab.devices[0].name == \"bench\"\nassert bench.count == 1\nassert bench.time == 5min\nassert lab.id == \"test\""
    )
    #expect(messages(result).isEmpty)
  }
}

@Suite struct LanguageExampleTests {
  /// The reference example of the language, kept verbatim.
  static let example = """
    import "platelet"                       # stdlib/platelet.lab

    let spin = triangular(12min, 15min, 20min)

    lab "Central Processing Lab" {
      start 06:00
      seed 42

      shift day  07:00 - 15:30
      shift late 15:00 - 23:30

      staff tech { day 3; late 2; cost 38/h }

      device scanner    { count 1; time 20s }
      device centrifuge {
        count 2
        batch 6 fill 20min                  # spin up to 6; wait at most 20 min to fill
        time spin
        setup 4min with tech                # a technician loads and balances
        failure every exponential(mean: 80h) repair uniform(30min, 2h)
        cost 12/h
        twin { location: "Lab A / Station 1", model: "C-2000" }
      }
      device press      { count 2; time triangular(3min, 4min, 6min) with tech }
      device pooling    { count 3; time 12min with tech }
      device labeler    { count 1; time 1min }
      buffer rest_rack  { capacity 60 }

      process whole_blood {
        arrivals {
          at 06:00 batch 120                # every day
          at 13:00 batch 80
          every exponential(mean: 6min) from 08:00 to 12:00
        }
        attribute abo = choice(O: 45%, A: 40%, B: 11%, AB: 4%)
        attribute collected = now - uniform(2h, 18h)

        step receive on scanner
        step spin on centrifuge
        step separate on press
        hold at least 2h in rest_rack       # buffy coats rest; a full rack blocks the press
        pool 4 by abo on pooling            # 4 units of one blood group become 1 pool
        step soft_spin on centrifuge time 10min
        step filter on press time 5min
        route { 2%: scrap "QC fail"; else: next }
        step label on labeler
        expire 5d after collected
      }
    }

    whatif "third centrifuge" { centrifuge.count = 3 }
    whatif "thin late shift"  { tech.late = 1 }
    whatif "busy day"         { whole_blood.arrivals.scale = 1.2 }

    experiment "capacity" {
      horizon 5d
      warmup 1d
      replications 20
      variants baseline, "third centrifuge", "thin late shift"
      sweep centrifuge.count in 1...4
      measure throughput, cycle_time, utilization, expired, cost_per_unit
    }
    """

  @Test func referenceExampleChecksClean() throws {
    let result = load(Self.example)
    #expect(result.diagnostics.isEmpty)
    let scenario = try #require(result.scenario)
    #expect(
      scenario.devices.map(\.name) == ["scanner", "centrifuge", "press", "pooling", "labeler"])
    #expect(scenario.process(named: "whole_blood")?.stages.count == 9)
    #expect(scenario.device(named: "press")?.timeStaff == "tech")
    #expect(
      scenario.experiments.first?.sweeps.first?.parameter == .deviceCount(device: "centrifuge"))
  }
}
