import Foundation
import TwinLabEngine
import TwinLabModel
import TwinLabScripting
import TwinLabTwins

/// The twin mirroring of `twinlab run`. With `--backend mock` (the default) the
/// twins go to an embedded store in memory, so a run leaves no file behind
/// unless `--store PATH` names one. `--backend http|azure --endpoint URL`
/// mirrors into a server, and `--no-twins` turns mirroring off.
struct RunMirroring {
  let mirror: LabMirror

  /// Opens the backend and provisions the lab's graph, or returns `nil` with `--no-twins`.
  static func start(
    _ parsed: ArgumentScanner.Result, scenario: Scenario, simulation: Simulation
  ) throws -> RunMirroring? {
    if parsed.flags.contains("no-twins") { return nil }
    let options = try BackendOptions(parsed)
    let backend: any TwinBackend
    if options.kind == "mock" {
      do {
        backend = try EmbeddedBackend(path: parsed.values["store"])
      } catch {
        throw CommandFailure(status: .dataError, message: error.description)
      }
    } else {
      backend = try options.makeBackend()
    }
    let models: [JSONValue]
    do {
      models = try StandardModels.load()
    } catch {
      throw CommandFailure(status: .software, message: error.message)
    }
    var streamerOptions = StreamerOptions.defaults(forBackend: backend.kind)
    if let policy = parsed.values["drop-policy"] {
      guard let value = StreamerDropPolicy(rawValue: policy) else {
        throw CommandFailure.usage(
          "invalid value '\(policy)' for --drop-policy; expected wait or report")
      }
      streamerOptions.dropPolicy = value
    }
    let mirror = LabMirror(
      scenario: scenario, backend: backend, models: models, options: streamerOptions)
    do {
      try mirror.provision()
    } catch {
      let failure = BackendOptions.failure(for: error)
      throw CommandFailure(
        status: failure.status, message: "provisioning the lab's twins failed: \(failure.message)")
    }
    let seed = simulation.options.seed ?? scenario.seed
    mirror.attach(
      to: simulation,
      runId: "\(mirror.graph.labId)-\(seed)-\(simulation.options.replication)")
    return RunMirroring(mirror: mirror)
  }

  /// Delivers the final state and returns the summary.
  func finish(simulation: Simulation, completed: Bool) throws -> MirrorSummary {
    do {
      let summary = try mirror.finish(simulation: simulation, completed: completed)
      if summary.streamer.failed > 0 {
        var text = "twinlab run: \(summary.streamer.failed) twin patches failed"
        text += " (\(summary.streamer.failedUpdates) property updates not delivered):\n"
        for error in summary.streamer.errors { text += "  \(error)\n" }
        writeStandardError(text)
      }
      return summary
    } catch {
      let failure = BackendOptions.failure(for: error)
      throw CommandFailure(
        status: failure.status, message: "mirroring the run failed: \(failure.message)")
    }
  }
}
