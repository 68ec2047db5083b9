import Foundation
import TwinLabEngine
import TwinLabModel

// Benchmarks of the engine, outside the test suite because they time things.
//
//   twinlab-bench tandem [--jobs N] [--warmup-jobs N] [--seeds A-B] [--variant E|T] [--mode bas|inf|mm1k]
//   twinlab-bench hold [--pending N] [--operations N]
//
// Output is one line per replication, `key=value` separated by spaces.

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

/// The TANDEM-5-BAS line: Poisson arrivals at 1/min into five single servers;
/// at most 5 jobs at S1 (4 waiting + 1 on the server, arrivals beyond are
/// lost), 2 waiting places in front of S2...S5, blocking after service.
func tandem(variant: String, mode: String) -> Scenario {
  var means = [30.0, 36, 42, 36, 30]
  if mode == "mm1k" { means = [42] }
  var devices: [Device] = []
  var stages: [Stage] = []
  for (index, mean) in means.enumerated() {
    let service: Distribution =
      variant == "T"
      ? .triangular(min: 0.6 * mean, mode: mean, max: 1.4 * mean)
      : .exponential(mean: mean)
    let name = "S\(index + 1)"
    devices.append(Device(name: name, time: service))
    let capacity: Int? = mode == "inf" ? nil : (index == 0 ? 4 : 2)
    stages.append(.step(Step(name: "station\(index + 1)", device: name, queueCapacity: capacity)))
  }
  let process = Process(
    name: "jobs", arrivals: [.stream(interval: .exponential(mean: 60), from: nil, to: nil)],
    stages: stages)
  return Scenario(name: "TANDEM-5-BAS", devices: devices, processes: [process])
}

func runTandem() throws {
  let jobs = Int(option("jobs", "1000000")) ?? 1_000_000
  let warmupJobs = Int(option("warmup-jobs", "10000")) ?? 10_000
  let seedRange = option("seeds", "1-10").split(separator: "-").compactMap { UInt64($0) }
  let variant = option("variant", "E")
  let mode = option("mode", "bas")
  let scenario = tandem(variant: variant, mode: mode)
  for seed in (seedRange.first ?? 1)...(seedRange.last ?? 1) {
    let simulation = try Simulation(
      scenario: scenario, options: RunOptions(horizon: 1e12, seed: seed))
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
    FileHandle.standardError.write(Data("twinlab-bench: \(error)\n".utf8))
    exit(70)
  }
case "hold":
  runHold()
default:
  FileHandle.standardError.write(
    Data("usage: twinlab-bench tandem|hold [options]; see the comment in main.swift\n".utf8))
  exit(64)
}
