import Foundation
import Synchronization
import TwinLabEngine
import TwinLabModel

/// Set by SIGINT or SIGTERM so that a long run stops at the next safe point.
let runInterrupted = Atomic<Bool>(false)

/// `twinlab run`: simulates one scenario and prints its KPIs.
struct RunCommand: Subcommand {
  static let name = "run"
  static let summary = "simulate a scenario and print KPIs and the bottleneck"
  static let help = """
    usage: twinlab run FILE [--horizon D] [--warmup D] [--seed N] [--replication N]
                            [--format table|json|csv] [--trace FILE]
                            [--backend mock|http|azure] [--endpoint URL]
                            [--store PATH] [--drop-policy wait|report] [--no-twins]

    Simulates the lab in FILE once and prints throughput, cycle time, WIP,
    utilization per device and staff pool, queues and the bottleneck.

    options:
      --horizon D      run length, such as 24h, 90min or 2d (default: the
                       scenario's horizon, else 24h)
      --warmup D       time at the start left out of every statistic (default:
                       the scenario's warm-up, else none)
      --seed N         seed of the random numbers (default: the scenario's seed)
      --replication N  substream of every random source, from 0 (default 0)
      --format F       table (default), json or csv, on stdout
      --trace FILE     write every state change as one JSON object per line
      --backend NAME   mirror the run into mock (the embedded store, default),
                       http (a server speaking the REST API) or azure
      --endpoint URL   the server for http or azure
      --store PATH     keep the mirrored twins in this store file (default: an
                       in-memory store, so the run writes no file)
      --drop-policy P  when 4096 patches wait: wait (default) slows the run
                       until the backend catches up; report keeps merging
                       updates and counts them as merged
      --no-twins       do not mirror the run into twins

    The same file, seed and replication give byte-identical output.
    """

  static func run(_ arguments: [String]) throws -> ExitStatus {
    let scanner = ArgumentScanner(
      valued: [
        "horizon", "warmup", "seed", "replication", "format", "trace", "backend", "endpoint",
        "store", "drop-policy",
      ],
      flags: ["no-twins"])
    let parsed = try scanner.scan(arguments)
    guard parsed.positionals.count == 1, let path = parsed.positionals.first else {
      throw CommandFailure.usage(
        parsed.positionals.isEmpty
          ? "missing the scenario FILE"
          : "expected one scenario FILE, got \(parsed.positionals.count)")
    }
    let horizon = try parsed.value(
      "horizon", as: "a duration such as 24h, 90min or 2d", parseDuration)
    let warmup = try parsed.value("warmup", as: "a duration such as 2h or 1d", parseDuration)
    let seed = try parsed.value("seed", as: "a non-negative integer") { UInt64($0) }
    let replication = try parsed.value("replication", as: "a non-negative integer") { text in
      Int(text).flatMap { $0 >= 0 ? $0 : nil }
    }
    let format = parsed.values["format"] ?? "table"
    guard ["table", "json", "csv"].contains(format) else {
      throw CommandFailure.usage(
        "invalid value '\(format)' for --format; expected table, json or csv")
    }

    let loaded = try loadScenario(path: path)
    let options = RunOptions(
      horizon: horizon, warmup: warmup, seed: seed, replication: replication ?? 0)
    guard let simulation = makeSimulation(loaded, options: options) else { return .dataError }
    if !simulation.warnings.isEmpty {
      writeStandardError(renderDiagnostics(simulation.warnings, sources: loaded.sources))
    }

    var trace: TraceWriter?
    if let tracePath = parsed.values["trace"] {
      trace = try TraceWriter(path: tracePath)
      simulation.observer = { time, change in trace?.write(time: time, change: change) }
    }
    let mirroring = try RunMirroring.start(
      parsed, scenario: loaded.scenario, simulation: simulation)
    catchInterruptSignals([SIGINT, SIGTERM]) { _ in runInterrupted.store(true, ordering: .relaxed) }
    let finished = simulation.runToEnd { runInterrupted.load(ordering: .relaxed) }
    restoreInterruptSignals([SIGINT, SIGTERM])
    try trace?.close()

    let twins = try mirroring?.finish(simulation: simulation, completed: finished)
    let result = simulation.result()
    switch format {
    case "json":
      var json = result.json
      if case .object(var object) = json {
        if let twins { object["twins"] = twins.json }
        // Only a stopped run carries these keys, so complete output is unchanged.
        if !finished {
          object["interrupted"] = .bool(true)
          object["time_s"] = .number(result.time)
        }
        json = .object(object)
      }
      print(json.serialized(pretty: true))
    case "csv": print(RunReport.csv(result), terminator: "")
    default:
      print(RunReport.table(result), terminator: "")
      if let twins { print(twins.line) }
      if !finished { print("interrupted at \(RunReport.clock(result.time)); partial results") }
    }
    guard finished else {
      writeStandardError(
        "twinlab run: interrupted at \(RunReport.clock(result.time)); the results cover the run so far\n"
      )
      return .software
    }
    return .success
  }
}

/// Builds the run, printing the scenario's errors when the engine rejects it.
func makeSimulation(_ loaded: LoadedScenario, options: RunOptions) -> Simulation? {
  do {
    return try Simulation(scenario: loaded.scenario, options: options)
  } catch {
    writeStandardError(renderDiagnostics(error.diagnostics, sources: loaded.sources))
    return nil
  }
}

/// Parses `90s`, `1.5h`, `2d`, `250ms`, `1w` or a plain number of seconds.
func parseDuration(_ text: String) -> Double? {
  let units: [(String, Double)] = [
    ("ms", 0.001), ("min", 60), ("s", 1), ("h", 3_600), ("d", 86_400), ("w", 604_800),
  ]
  for (suffix, scale) in units where text.hasSuffix(suffix) {
    let number = text.dropLast(suffix.count).replacingOccurrences(of: "_", with: "")
    guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
    return value * scale
  }
  guard let value = Double(text), value.isFinite, value >= 0 else { return nil }
  return value
}
