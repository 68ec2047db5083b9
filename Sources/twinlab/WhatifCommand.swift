import Foundation
import Synchronization
import TwinLabEngine
import TwinLabLanguage
import TwinLabModel

/// Set by SIGINT so that an experiment stops and reports the runs that finished.
let whatifInterrupted = Atomic<Bool>(false)

/// `twinlab whatif`: runs a file's experiments and compares the variants.
struct WhatifCommand: Subcommand {
  static let name = "whatif"
  static let summary = "run what-if experiments and compare variants with intervals"
  static let help = """
    usage: twinlab whatif FILE [--experiment NAME] [--replications N] [--jobs N]
                               [--seed N] [--format table|json|csv] [--out FILE]
                               [--report FILE.html] [--target "KPI OP VALUE"]

    Runs every variant of each experiment in FILE (its whatif variants and
    every point of its sweep grid) for N replications. Replication r of every
    variant uses the same random substreams, so the differences from the
    baseline are paired. Per KPI it prints the mean, standard deviation and
    95 % Student-t interval, the paired difference from the baseline with its
    interval (marked * when the interval excludes zero), and each variant's
    bottleneck. A file with whatif blocks but no experiment runs the baseline
    and every whatif.

    options:
      --experiment NAME  run only this experiment (default: every experiment)
      --replications N   replications per variant, at least 2 (default: the
                         experiment's, else 10)
      --jobs N           worker threads, at least 1 (default: the number of
                         cores); the output does not depend on it
      --seed N           seed of the random numbers (default: the scenario's)
      --format F         table (default), json or csv
      --out FILE         write the output to FILE instead of stdout
      --report FILE      also write a self-contained HTML report with charts
      --target T         a goal such as "throughput >= 150/day": reports the
                         first sweep point (else variant) whose 95 % interval
                         clears it; units: /day or /h for throughput, s, min,
                         h or d for times, % for utilizations

    A progress bar goes to stderr when it is a terminal. Ctrl-C stops the
    runs; the output then covers the replications that finished for every
    variant, and the exit status is 70.

    Exit status: 0 success, 64 usage error, 65 bad scenario or experiment,
    66 missing file, 70 interrupted or failed run.
    """

  static func run(_ arguments: [String]) throws -> ExitStatus {
    let request = try WhatifRequest(arguments)
    let loaded = try loadExperimentFile(request.path)
    let plans = try request.plans(for: loaded)
    whatifInterrupted.store(false, ordering: .relaxed)
    // Worker threads inherit this thread's signal mask.
    catchInterruptSignals([SIGINT]) { _ in whatifInterrupted.store(true, ordering: .relaxed) }
    defer { restoreInterruptSignals([SIGINT]) }

    let runner = ExperimentRunner(jobs: request.jobs)
    let total = plans.reduce(0) { $0 + $1.plan.runs.count }
    let progress = ProgressBar(total: total, enabled: isatty(STDERR_FILENO) == 1)
    var outcomes: [WhatifOutcome] = []
    for (plan, target) in plans {
      let offset = progress.done
      let runs = runner.run(
        plan, shouldStop: { whatifInterrupted.load(ordering: .relaxed) },
        progress: { done, _ in progress.update(offset + done) })
      progress.settle(offset + runs.finishedCount)
      let summary = ExperimentSummary(plan: plan, runs: runs)
      outcomes.append(WhatifOutcome(plan: plan, summary: summary, runs: runs, target: target))
      if runs.interrupted { break }
    }
    progress.finish()

    let text: String
    switch request.format {
    case "json": text = WhatifOutput.json(outcomes).serialized(pretty: true) + "\n"
    case "csv": text = WhatifOutput.csv(outcomes)
    default: text = WhatifOutput.table(outcomes)
    }
    if let out = request.out {
      try write(text, to: out)
    } else {
      print(text, terminator: "")
    }
    let interrupted = outcomes.contains { $0.summary.interrupted } || outcomes.count < plans.count
    if let report = request.report {
      // The queue chart needs one more baseline run (replication 0, sampled
      // 240 times); after Ctrl-C the report leaves that chart out.
      let series =
        interrupted
        ? []
        : outcomes.map { outcome in
          QueueSeries.sample(
            outcome.plan.variants[0].scenario, options: outcome.plan.options, points: 240)
        }
      try write(WhatifHTMLReport.render(outcomes, queueSeries: series), to: report)
    }
    if interrupted {
      let finished = outcomes.reduce(0) { $0 + $1.summary.finishedRuns }
      writeStandardError(
        "twinlab whatif: interrupted after \(finished) of \(total) runs; the output covers "
          + "the replications that finished for every variant\n")
      return .software
    }
    return .success
  }

  static func write(_ text: String, to path: String) throws {
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    } catch {
      throw CommandFailure(
        status: .software, message: "cannot write '\(path)': \(error.localizedDescription)")
    }
  }
}

/// One experiment's plan, results and optional target, ready to print.
struct WhatifOutcome {
  var plan: ExperimentPlan
  var summary: ExperimentSummary
  var runs: ExperimentRuns
  var target: KPITarget?
}

/// Reads a scenario for `whatif`, printing its diagnostics.
///
/// - Throws: `CommandFailure` with 66 for a missing file and 65 for errors.
func loadExperimentFile(_ path: String) throws -> LoadedScenario {
  let result = ScenarioLoader().load(file: path)
  let renderer = DiagnosticRenderer(
    useColor: isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
  let text = result.diagnostics.map { renderer.render($0, sources: result.sources) }.joined()
  if !text.isEmpty { writeStandardError(text) }
  if result.missingFile {
    throw CommandFailure(status: .noInput, message: "cannot read '\(path)'")
  }
  if !result.hasErrors, result.scenario == nil { throw noLabFailure(path: path) }
  guard let scenario = result.scenario, !result.hasErrors else {
    throw CommandFailure(status: .dataError, message: "'\(path)' has errors; nothing was run")
  }
  return LoadedScenario(scenario: scenario, sources: result.sources)
}
