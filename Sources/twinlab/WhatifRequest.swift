import Foundation
import TwinLabEngine
import TwinLabModel

/// The options of `twinlab whatif`, checked before anything runs.
struct WhatifRequest {
  var path: String
  var experiment: String?
  var replications: Int?
  var jobs: Int
  var seed: UInt64?
  var format: String
  var out: String?
  var report: String?
  var target: String?

  /// Parses and checks the arguments.
  ///
  /// - Throws: `CommandFailure` with status 64 naming the bad option and value.
  init(_ arguments: [String]) throws {
    let scanner = ArgumentScanner(
      valued: ["experiment", "replications", "jobs", "seed", "format", "out", "report", "target"],
      flags: [])
    let parsed = try scanner.scan(arguments)
    guard parsed.positionals.count == 1, let path = parsed.positionals.first else {
      throw CommandFailure.usage(
        parsed.positionals.isEmpty
          ? "missing the scenario FILE"
          : "expected one scenario FILE, got \(parsed.positionals.count)")
    }
    self.path = path
    experiment = parsed.values["experiment"]
    if let text = parsed.values["replications"] {
      guard let count = Int(text), count >= 1, count <= 1_000_000 else {
        throw CommandFailure.usage(
          "invalid value '\(text)' for --replications; expected a whole number from 2 to 1000000")
      }
      guard count >= 2 else {
        throw CommandFailure.usage(
          "--replications 1 gives no confidence interval (it needs a standard deviation "
            + "over replications); use at least 2")
      }
      replications = count
    }
    let jobs = try parsed.value("jobs", as: "a whole number of worker threads from 1 to 1024") {
      Int($0).flatMap { (1...1024).contains($0) ? $0 : nil }
    }
    self.jobs = jobs ?? ProcessInfo.processInfo.activeProcessorCount
    seed = try parsed.value("seed", as: "a non-negative integer") { UInt64($0) }
    format = parsed.values["format"] ?? "table"
    guard ["table", "json", "csv"].contains(format) else {
      throw CommandFailure.usage(
        "invalid value '\(format)' for --format; expected table, json or csv")
    }
    out = parsed.values["out"]
    report = parsed.values["report"]
    target = parsed.values["target"]
    for (option, file) in [("--out", out), ("--report", report)] {
      if let file { try Self.checkWritable(file, option: option) }
    }
    if let target { try Self.checkOperator(target) }
  }

  /// Throws a missing-input failure (66) when the folder that would hold `file` does not
  /// exist, so that a bad path fails before any replication runs.
  static func checkWritable(_ file: String, option: String) throws {
    let folder = (file as NSString).deletingLastPathComponent
    var isFolder: ObjCBool = false
    let exists = FileManager.default.fileExists(
      atPath: folder.isEmpty ? "." : folder, isDirectory: &isFolder)
    guard exists, isFolder.boolValue else {
      throw CommandFailure(
        status: .noInput,
        message: "cannot write \(option) '\(file)': folder '\(folder)' does not exist")
    }
  }

  /// Throws a usage failure for a comparison operator other than `>=`, `<=`, `>` or `<`,
  /// such as `=>` or `==`, naming the operator instead of a KPI.
  static func checkOperator(_ target: String) throws {
    let operatorCharacters: Set<Character> = ["<", ">", "=", "!"]
    guard let start = target.firstIndex(where: { operatorCharacters.contains($0) }) else {
      return
    }
    let found = String(target[start...].prefix { operatorCharacters.contains($0) })
    guard [">=", "<=", ">", "<"].contains(found) else {
      throw CommandFailure.usage(
        "invalid operator '\(found)' in --target '\(target)'; expected >=, <=, > or <")
    }
  }

  /// Returns the experiments to run, each planned and checked, with the target parsed
  /// against its KPIs.
  ///
  /// - Throws: `CommandFailure` with 64 for an unknown `--experiment` or a bad
  ///   target, 65 for an experiment that cannot run.
  func plans(for loaded: LoadedScenario) throws -> [(plan: ExperimentPlan, target: KPITarget?)] {
    let scenario = loaded.scenario
    var chosen = scenario.experiments
    if let experiment {
      guard let found = chosen.first(where: { $0.name == experiment }) else {
        let names = chosen.map(\.name)
        var message = "unknown experiment '\(experiment)' in '\(path)'"
        message +=
          names.isEmpty
          ? "; the file declares no experiment"
          : "; it declares " + names.map { "'\($0)'" }.joined(separator: ", ")
        if let near = nearestName(to: experiment, among: names) {
          message += "; did you mean '\(near)'?"
        }
        throw CommandFailure.usage(message)
      }
      chosen = [found]
    }
    var plans: [(ExperimentPlan, KPITarget?)] = []
    do throws(ExperimentError) {
      if chosen.isEmpty {
        guard !scenario.whatifs.isEmpty else {
          throw ExperimentError(
            "'\(path)' declares no experiment and no whatif; add whatif \"name\" { ... } blocks")
        }
        plans.append(
          (try ExperimentPlan(whatIfsOf: scenario, replications: replications, seed: seed), nil))
      } else {
        for experiment in chosen {
          let plan = try ExperimentPlan(
            experiment: experiment, scenario: scenario, replications: replications, seed: seed)
          plans.append((plan, nil))
        }
      }
      for (plan, _) in plans { try ExperimentRunner.check(plan) }
    } catch {
      throw CommandFailure(status: .dataError, message: error.message)
    }
    if let target {
      for index in plans.indices {
        do {
          plans[index].1 = try KPITarget(parsing: target, measures: plans[index].0.measures)
        } catch {
          throw CommandFailure.usage(error.message)
        }
      }
    }
    return plans
  }
}
