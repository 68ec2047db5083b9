import Foundation
import Testing

/// A small lab whose names need escaping in HTML, with one whatif and a sweep.
private let miniLab = """
  lab "Mini <&> lab" {
    horizon 8h
    warmup 1h
    device bench { count 1; time exponential(mean: 4min) }
    device pack  { count 1; time exponential(mean: 3min) }
    process flow {
      arrivals { every exponential(mean: 5min) }
      step work on bench
      step wrap on pack
    }
  }
  whatif "two <benches>" { bench.count = 2 }

  """

private let gridExperiment = """
  experiment "grid" {
    replications 3
    variants baseline, "two <benches>"
    sweep pack.count in 1...2
    measure throughput, cycle_time, utilization
  }

  """

/// Writes `source` to a fresh file and returns its path.
private func scenarioFile(_ source: String) throws -> String {
  let folder = FileManager.default.temporaryDirectory
    .appendingPathComponent("twinlab-whatif-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  let file = folder.appendingPathComponent("study.lab")
  try Data(source.utf8).write(to: file)
  return file.path
}

/// Starts the built `twinlab whatif` with `arguments`.
private func startWhatif(_ arguments: [String]) throws -> (Process, Pipe, Pipe) {
  let started = try TwinlabProcess(["whatif"] + arguments)
  return (started.process, started.output, started.errors)
}

/// Runs `twinlab whatif` to its end and returns status, stdout and stderr.
private func whatif(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
  let result = try runTwinlab(["whatif"] + arguments)
  return (result.status, result.stdout, result.stderr)
}

@Suite struct WhatifCommandTests {
  @Test func outputIsTheSameForAnyJobs() throws {
    let path = try scenarioFile(miniLab + gridExperiment)
    for format in ["json", "table"] {
      let one = try whatif([path, "--jobs", "1", "--format", format])
      let four = try whatif([path, "--jobs", "4", "--format", format])
      #expect(one.status == 0, "\(one.err)")
      #expect(four.status == 0, "\(four.err)")
      #expect(!one.out.isEmpty)
      #expect(one.out == four.out)
    }
  }

  @Test func jsonHasIntervalsAndPairedDifferences() throws {
    let path = try scenarioFile(miniLab + gridExperiment)
    let result = try whatif([path, "--format", "json", "--target", "throughput >= 1/day"])
    #expect(result.status == 0, "\(result.err)")
    let object = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
    let experiment = try #require((object?["experiments"] as? [[String: Any]])?.first)
    let variants = try #require(experiment["variants"] as? [[String: Any]])
    #expect(
      variants.compactMap { $0["name"] as? String } == [
        "baseline", "two <benches>", "pack.count=1", "pack.count=2",
      ])
    let kpis = try #require(variants[1]["kpis"] as? [String: Any])
    let throughput = try #require(kpis["throughput"] as? [String: Any])
    for key in ["mean", "sd", "ci_low", "ci_high", "difference"] {
      #expect(throughput[key] != nil, "missing \(key)")
    }
    let low = try #require(throughput["ci_low"] as? Double)
    let high = try #require(throughput["ci_high"] as? Double)
    #expect(low < high)
    let target = try #require(experiment["target"] as? [String: Any])
    #expect(target["met_by"] as? String == "pack.count=1")
  }

  @Test func whatifsRunWithoutExperiment() throws {
    let path = try scenarioFile(miniLab)
    let result = try whatif([path, "--replications", "2", "--format", "csv"])
    #expect(result.status == 0, "\(result.err)")
    let variants = Set(
      result.out.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[1] })
    #expect(variants == ["baseline", "two <benches>"])
  }

  struct BadInput: Sendable, CustomTestStringConvertible {
    var source: String
    var arguments: [String]
    var status: Int32
    var fragment: String
    var testDescription: String { fragment }
  }

  static let badInputs: [BadInput] = [
    BadInput(
      source: miniLab + gridExperiment, arguments: ["--replications", "1"], status: 64,
      fragment: "--replications 1 gives no confidence interval"),
    BadInput(
      source: miniLab + gridExperiment, arguments: ["--jobs", "0"], status: 64,
      fragment: "invalid value '0' for --jobs"),
    BadInput(
      source: miniLab + gridExperiment, arguments: ["--target", "thruput >= 5/day"], status: 64,
      fragment: "unknown KPI 'thruput'"),
    BadInput(
      source: miniLab + gridExperiment, arguments: ["--target", "throughput about 5"],
      status: 64, fragment: "malformed target 'throughput about 5'"),
    BadInput(
      source: miniLab + gridExperiment, arguments: ["--experiment", "gird"], status: 64,
      fragment: "unknown experiment 'gird'"),
    BadInput(
      source: miniLab + gridExperiment, arguments: ["--format", "xml"], status: 64,
      fragment: "invalid value 'xml' for --format"),
    BadInput(
      source: miniLab + "experiment \"e\" { variants baseline, \"three benches\" }",
      arguments: [], status: 65, fragment: "unknown variant 'three benches'"),
    BadInput(
      source: miniLab + "experiment \"e\" { sweep bench.speed in 1...2 }", arguments: [],
      status: 65, fragment: "unknown field 'speed'"),
    BadInput(
      source: miniLab + "experiment \"e\" { sweep bench.count in [] }", arguments: [],
      status: 65, fragment: "a sweep needs a range"),
    BadInput(
      source: miniLab + "experiment \"e\" { replications 1 }", arguments: [], status: 65,
      fragment: "a confidence interval needs at least 2"),
    BadInput(
      source: miniLab.replacingOccurrences(of: "whatif", with: "# whatif"), arguments: [],
      status: 65, fragment: "declares no experiment and no whatif"),
  ]

  @Test(arguments: badInputs) func badInputFailsBeforeRunning(_ item: BadInput) throws {
    let path = try scenarioFile(item.source)
    let report = path + ".html"
    let result = try whatif([path, "--report", report] + item.arguments)
    #expect(result.status == item.status, "\(result.err)")
    #expect(result.err.contains(item.fragment), "\(result.err)")
    #expect(result.out.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: report))
  }

  @Test func missingFileExits66() throws {
    let result = try whatif(["no/such/study.lab"])
    #expect(result.status == 66)
  }

  @Test func interruptReportsFinishedRuns() throws {
    let path = try scenarioFile(miniLab + gridExperiment)
    let (process, output, errors) = try startWhatif([path, "--replications", "3000", "--jobs", "2"])
    // Wait until the command is running its replications, then interrupt.
    Thread.sleep(forTimeInterval: 1.5)
    kill(process.processIdentifier, SIGINT)
    let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 70, "\(err)")
    #expect(err.contains("interrupted after"))
    #expect(out.contains("interrupted:"))
    #expect(out.contains("baseline"))
  }
}
