import Foundation
import Synchronization
import TwinLabModel

/// The runs of an experiment: one result per variant and replication.
public struct ExperimentRuns: Sendable {
  /// `results[variant][replication]`; `nil` for a run that did not finish.
  public var results: [[RunResult?]]
  /// Whether the experiment was stopped before every run finished.
  public var interrupted: Bool

  /// Replications that finished for every variant, in order; paired
  /// comparisons use only these.
  public var completeReplications: [Int] {
    guard let first = results.first else { return [] }
    return first.indices.filter { r in results.allSatisfy { $0[r] != nil } }
  }

  public var finishedCount: Int { results.reduce(0) { $0 + $1.count { $0 != nil } } }
}

/// Runs an experiment's replications on worker threads.
///
/// Replication r of every variant runs on substream r (common random numbers),
/// so the paired differences between variants share their randomness. Each run
/// owns its simulation. The only shared mutable state is the result array,
/// which workers fill by index under a lock, so the results do not depend on `jobs`.
public struct ExperimentRunner: Sendable {
  /// Worker threads, at least 1.
  public var jobs: Int

  public init(jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
    self.jobs = max(1, jobs)
  }

  /// Builds every variant's simulation once, so that a scenario the engine
  /// rejects fails before any run starts.
  ///
  /// - Throws: `ExperimentError` naming the variant and the engine's problems.
  public static func check(_ plan: ExperimentPlan) throws(ExperimentError) {
    for variant in plan.variants {
      do {
        _ = try Simulation(scenario: variant.scenario, options: plan.options)
      } catch {
        let problems = error.diagnostics.filter { $0.severity == .error }.map(\.message)
        throw ExperimentError(
          "experiment '\(plan.name)', variant '\(variant.name)' cannot run: "
            + problems.joined(separator: "; "))
      }
    }
  }

  /// Runs every replication of every variant.
  ///
  /// - Parameters:
  ///   - shouldStop: Polled during runs and between them; once it returns
  ///     `true`, runs in progress are dropped and no new run starts.
  ///   - progress: Called after each finished run with (finished, total), from
  ///     worker threads, one call at a time.
  public func run(
    _ plan: ExperimentPlan,
    shouldStop: @escaping @Sendable () -> Bool = { false },
    progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
  ) -> ExperimentRuns {
    let runs = plan.runs
    let next = Atomic<Int>(0)
    let stopped = Atomic<Bool>(false)
    let store = Mutex<(results: [RunResult?], finished: Int)>(
      (Array(repeating: nil, count: runs.count), 0))
    let group = DispatchGroup()
    let workers = min(jobs, max(1, runs.count))

    let work: @Sendable () -> Void = {
      while true {
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard index < runs.count else { return }
        if shouldStop() {
          stopped.store(true, ordering: .relaxed)
          return
        }
        let (variant, replication) = runs[index]
        var options = plan.options
        options.replication = replication
        guard
          let simulation = try? Simulation(
            scenario: plan.variants[variant].scenario, options: options)
        else { continue }
        guard simulation.runToEnd(shouldStop: shouldStop) else {
          stopped.store(true, ordering: .relaxed)
          return
        }
        let result = simulation.result()
        store.withLock { store in
          store.results[index] = result
          store.finished += 1
          progress(store.finished, runs.count)
        }
      }
    }
    for _ in 0..<workers {
      group.enter()
      let thread = Thread {
        work()
        group.leave()
      }
      // The simulation recurses little, but entity tables and sorting want
      // more than the small default stack of secondary threads.
      thread.stackSize = 8 << 20
      thread.start()
    }
    group.wait()

    let flat = store.withLock { $0.results }
    var results = Array(
      repeating: [RunResult?](repeating: nil, count: plan.replications),
      count: plan.variants.count)
    for (index, run) in runs.enumerated() {
      results[run.variant][run.replication] = flat[index]
    }
    let interrupted = stopped.load(ordering: .relaxed) || flat.contains { $0 == nil }
    return ExperimentRuns(results: results, interrupted: interrupted)
  }
}
