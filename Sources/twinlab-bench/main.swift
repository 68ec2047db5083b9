import Foundation
import TwinLabEngine
import TwinLabLanguage
import TwinLabModel

// Benchmarks of the engine, outside the test suite because they time things.
//
//   twinlab-bench tandem [--scenario FILE] [--jobs N] [--warmup-jobs N] [--seeds A-B]
//   twinlab-bench hold [--pending N] [--operations N]
//
// Output is one line per replication, `key=value` separated by spaces.

/// A failure that ends the benchmark with an exit status and a message.
struct BenchFailure: Error {
  var status: Int32
  var message: String
}

func option(_ name: String, _ fallback: String) -> String {
  let arguments = CommandLine.arguments
  guard let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count else {
    return fallback
  }
  return arguments[index + 1]
}

func seconds(since start: DispatchTime) -> Double {
  Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

/// CPU seconds used by this process, which other load on a shared machine
/// disturbs less than wall time.
func processorSeconds() -> Double {
  var value = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &value)
  return Double(value.tv_sec) + Double(value.tv_nsec) / 1e9
}

/// Loads a scenario file through the language, printing its diagnostics.
func loadScenario(path: String) throws(BenchFailure) -> Scenario {
  let loaded = ScenarioLoader().load(file: path)
  let renderer = DiagnosticRenderer(useColor: false)
  for diagnostic in loaded.diagnostics {
    FileHandle.standardError.write(Data(renderer.render(diagnostic, sources: loaded.sources).utf8))
  }
  guard let scenario = loaded.scenario else {
    throw BenchFailure(status: loaded.missingFile ? 66 : 65, message: "cannot load '\(path)'")
  }
  return scenario
}

/// Runs the scenario once per seed: statistics reset after `--warmup-jobs`
/// departures, then `--jobs` departures are measured. The scenario's own
/// horizon and warm-up do not apply; loading happens before timing starts.
func runTandem() throws(BenchFailure) {
  let jobs = Int(option("jobs", "1000000")) ?? 1_000_000
  let warmupJobs = Int(option("warmup-jobs", "10000")) ?? 10_000
  let seedRange = option("seeds", "1-10").split(separator: "-").compactMap { UInt64($0) }
  let scenario = try loadScenario(path: option("scenario", "bench/tandem.lab"))
  for seed in (seedRange.first ?? 1)...(seedRange.last ?? 1) {
    let simulation: Simulation
    do {
      simulation = try Simulation(
        scenario: scenario, options: RunOptions(horizon: 1e12, warmup: 0, seed: seed))
    } catch {
      throw BenchFailure(status: 65, message: "\(error.diagnostics.map(\.message))")
    }
    let start = DispatchTime.now()
    let cpuStart = processorSeconds()
    while simulation.productsCompleted < warmupJobs, simulation.step() {}
    simulation.resetStatistics()
    while simulation.productsCompleted < warmupJobs + jobs, simulation.step() {}
    let wall = seconds(since: start)
    let cpu = processorSeconds() - cpuStart
    let result = simulation.result()
    let loss = Double(result.kpis.lost) / Double(max(1, result.kpis.arrivals))
    let line = [
      "engine=twinlab", "seed=\(seed)", "jobs=\(result.kpis.products)",
      "wall_s=\(String(format: "%.3f", wall))",
      "cpu_s=\(String(format: "%.3f", cpu))",
      "jobs_per_cpu_s=\(String(format: "%.0f", Double(warmupJobs + jobs) / cpu))",
      "events=\(simulation.eventCount)",
      "cycle_min=\(String(format: "%.5f", result.kpis.cycleTime.mean / 60))",
      "loss=\(String(format: "%.5f", loss))",
      "wip=\(String(format: "%.5f", result.kpis.wipMean))",
      // Full precision, so that engine changes can be checked for identical results.
      "cycle_s=\(result.kpis.cycleTime.mean)", "clock_s=\(result.time)",
    ]
    print(line.joined(separator: " "))
  }
}

func runHold() {
  let pending = Int(option("pending", "1000000")) ?? 1_000_000
  let operations = Int(option("operations", "5000000")) ?? 5_000_000
  let model = HoldModel(pending: pending)
  let start = DispatchTime.now()
  let cpuStart = processorSeconds()
  let outcome = model.run(operations: operations)
  let wall = seconds(since: start)
  let cpu = processorSeconds() - cpuStart
  print(
    "hold pending=\(pending) operations=\(operations) wall_s=\(String(format: "%.3f", wall))"
      + " cpu_s=\(String(format: "%.3f", cpu))"
      + " events_per_cpu_s=\(String(format: "%.0f", Double(operations) / cpu))"
      + " bytes_per_pending_event=\(String(format: "%.1f", outcome.bytesPerPendingEvent))"
      + " end_time_s=\(String(format: "%.0f", outcome.finalTime))")
}

switch CommandLine.arguments.dropFirst().first {
case "tandem":
  do {
    try runTandem()
  } catch {
    FileHandle.standardError.write(Data("twinlab-bench: \(error.message)\n".utf8))
    exit(error.status)
  }
case "hold":
  runHold()
default:
  FileHandle.standardError.write(
    Data("usage: twinlab-bench tandem|hold [options]; see the comment in main.swift\n".utf8))
  exit(64)
}
