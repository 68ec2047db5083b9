import Foundation
import Testing

@Suite struct RunCommandTests {
  struct UsageCase: Sendable, CustomTestStringConvertible {
    var arguments: [String]
    var fragment: String
    var testDescription: String { arguments.joined(separator: " ") }
  }

  static let usageCases: [UsageCase] = [
    UsageCase(arguments: ["run"], fragment: "missing the scenario FILE"),
    UsageCase(arguments: ["run", "a.lab", "b.lab"], fragment: "expected one scenario FILE"),
    UsageCase(
      arguments: ["run", "a.lab", "--format", "xml"], fragment: "invalid value 'xml' for --format"),
    UsageCase(
      arguments: ["run", "a.lab", "--horizon", "5parsecs"],
      fragment: "invalid value '5parsecs' for --horizon"),
    UsageCase(
      arguments: ["run", "a.lab", "--seed", "-3"], fragment: "invalid value '-3' for --seed"),
  ]

  @Test(arguments: usageCases) func badArgumentsExit64(_ item: UsageCase) throws {
    let result = try runTwinlab(item.arguments)
    #expect(result.status == 64)
    #expect(result.stderr.contains(item.fragment), "\(result.stderr)")
  }

  @Test func missingFileExits66() throws {
    let result = try runTwinlab(["run", "no-such-file.lab"])
    #expect(result.status == 66)
    #expect(result.stderr.contains("no-such-file.lab"))
  }

  @Test func helpListsOptions() throws {
    let result = try runTwinlab(["run", "--help"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("--horizon D"))
    #expect(result.stdout.contains("--trace FILE"))
  }

  @Test func jsonIsByteIdenticalPerSeed() throws {
    let arguments = [
      "run", "scenarios/platelet-lab.lab", "--horizon", "2d", "--warmup", "6h", "--seed", "7",
      "--format", "json",
    ]
    let first = try runTwinlab(arguments)
    let second = try runTwinlab(arguments)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout == second.stdout)
    let other = try runTwinlab(arguments.map { $0 == "7" ? "8" : $0 })
    #expect(other.stdout != first.stdout)
  }

  @Test func jsonHasDocumentedKeys() throws {
    let result = try runTwinlab([
      "run", "scenarios/platelet-lab.lab", "--horizon", "1d", "--warmup", "0", "--format", "json",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    for key in ["scenario", "seed", "horizon_s", "warmup_s", "kpis", "devices", "staff", "steps"] {
      #expect(object[key] != nil, "missing \(key)")
    }
    #expect(object["horizon_s"] as? Double == 86_400)
    let kpis = try #require(object["kpis"] as? [String: Any])
    for key in [
      "products", "throughput_per_day", "wip_mean", "cycle_time_s", "expired", "scrapped",
      "cost_per_unit", "bottleneck",
    ] {
      #expect(kpis[key] != nil, "missing kpis.\(key)")
    }
    let cycle = try #require(kpis["cycle_time_s"] as? [String: Any])
    for key in ["mean", "p50", "p90", "max"] { #expect(cycle[key] != nil, "missing \(key)") }
    let devices = try #require(object["devices"] as? [String: Any])
    let centrifuge = try #require(devices["centrifuge"] as? [String: Any])
    let utilization = try #require(centrifuge["utilization"] as? Double)
    #expect(utilization > 0 && utilization <= 1)
    #expect(centrifuge["states"] is [String: Any])
    let steps = try #require(object["steps"] as? [String: Any])
    let spin = try #require(steps["whole_blood.spin"] as? [String: Any])
    for key in ["queue_mean", "queue_max", "wait_mean_s"] { #expect(spin[key] != nil) }
  }

  @Test func traceWritesJSONLines() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("twinlab-trace-\(UUID().uuidString).jsonl").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let result = try runTwinlab([
      "run", "scenarios/platelet-lab.lab", "--horizon", "12h", "--warmup", "0", "--trace", path,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("KPIs"))
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    #expect(lines.count > 100)
    let first = try #require(lines.first)
    let object = try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any]
    #expect(object?["t"] != nil)
    #expect(object?["kind"] != nil)
    #expect(lines.contains { $0.contains("\"kind\":\"unit\"") })
  }

  @Test func badScenarioNamedBeforeRun() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("twinlab-run-\(UUID().uuidString).lab").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let text = """
      lab "empty" {
        device press { count 1; time 2min }
        process idle {
          step work on press
        }
      }
      """
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let result = try runTwinlab(["run", path])
    #expect(result.status == 65)
    #expect(result.stderr.contains("process 'idle' has no arrivals"), "\(result.stderr)")
    #expect(result.stderr.contains("\(path):3:"), "\(result.stderr)")
    #expect(result.stdout.isEmpty)
  }

  @Test(arguments: ["run", "whatif"]) func fileWithoutLabExits65(_ command: String) throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("twinlab-run-\(UUID().uuidString).lab").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try "let a = 5\n".write(toFile: path, atomically: true, encoding: .utf8)
    let result = try runTwinlab([command, path])
    #expect(result.status == 65)
    #expect(result.stderr.contains("declares no lab"), "\(result.stderr)")
    #expect(!result.stderr.contains("0 errors"), "\(result.stderr)")
  }

  @Test func noProductsLeaveCycleTimeNull() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("twinlab-run-\(UUID().uuidString).lab").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let text = """
      lab "slow" {
        device press { count 1; time 10h }
        process bags {
          arrivals { every exponential(mean: 5min) }
          step work on press
        }
      }
      """
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let json = try runTwinlab([
      "run", path, "--horizon", "1h", "--warmup", "0s", "--format", "json",
    ])
    #expect(json.status == 0, "\(json.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    let kpis = object?["kpis"] as? [String: Any]
    let cycle = kpis?["cycle_time_s"] as? [String: Any]
    #expect(cycle?["count"] as? Int == 0)
    for key in ["mean", "p50", "p90", "max"] {
      #expect(cycle?[key] is NSNull, "\(key): \(String(describing: cycle?[key]))")
    }
    let table = try runTwinlab(["run", path, "--horizon", "1h", "--warmup", "0s"])
    #expect(table.stdout.contains("cycle time          n/a"), "\(table.stdout)")
  }

  @Test(arguments: [SIGINT, SIGTERM]) func signalStopsRunWithPartialResults(_ number: Int32) throws
  {
    // A horizon of many years keeps the run going well past the signal.
    let started = try TwinlabProcess([
      "run", "scenarios/platelet-lab.lab", "--horizon", "20000d", "--format", "json",
    ])
    let (process, output, errors) = (started.process, started.output, started.errors)
    Thread.sleep(forTimeInterval: 1.5)
    kill(process.processIdentifier, number)
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorText = String(
      decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 70, "\(errorText)")
    #expect(errorText.contains("interrupted at"), "\(errorText)")
    let object = try JSONSerialization.jsonObject(with: outputData) as? [String: Any]
    #expect(object?["interrupted"] as? Bool == true)
    let time = object?["time_s"] as? Double ?? 0
    #expect(time > 0)
    #expect(time < 20_000 * 86_400)
  }

  @Test func completeRunHasNoInterruptedKey() throws {
    let result = try runTwinlab(["run", "scenarios/platelet-lab.lab", "--format", "json"])
    #expect(result.status == 0)
    #expect(!result.stdout.contains("interrupted"))
  }

  @Test func horizonBelowWarmupExits65() throws {
    let result = try runTwinlab([
      "run", "scenarios/platelet-lab.lab", "--horizon", "1h", "--warmup", "2h",
    ])
    #expect(result.status == 65)
    #expect(result.stderr.contains("must be longer than the warm-up"), "\(result.stderr)")
  }

  @Test func csvHasOneRowPerNumber() throws {
    let result = try runTwinlab([
      "run", "scenarios/platelet-lab.lab", "--horizon", "12h", "--warmup", "0", "--format", "csv",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let rows = result.stdout.split(separator: "\n")
    #expect(rows.first == "section,name,metric,value")
    #expect(rows.contains { $0.hasPrefix("kpis,,products,") })
    #expect(rows.contains { $0.hasPrefix("devices,centrifuge,utilization,") })
  }
}
