import Foundation
import TwinLabEngine
import TwinLabModel
import TwinLabScripting
import TwinLabTwins

/// The twin mirroring of `twinlab run`: the embedded store in memory unless
/// `--store PATH` names a file, and nothing at all with `--no-twins`.
struct RunMirroring {
  let mirror: LabMirror

  /// Opens the backend and provisions the lab's graph, or returns `nil` with `--no-twins`.
  static func start(
    _ parsed: ArgumentScanner.Result, scenario: Scenario, simulation: Simulation
  ) throws -> RunMirroring? {
    if parsed.flags.contains("no-twins") { return nil }
    if let backend = parsed.values["backend"], backend != "mock" {
      throw CommandFailure.usage(
        "the backend '\(backend)' is not available in this build; use --backend mock")
    }
    let backend: EmbeddedBackend
    let models: [JSONValue]
    do {
      backend = try EmbeddedBackend(path: parsed.values["store"])
      models = try StandardModels.load()
    } catch let error as TwinBackendError {
      throw CommandFailure(status: .software, message: error.description)
    } catch let error as StandardModelsError {
      throw CommandFailure(status: .software, message: error.message)
    }
    let mirror = LabMirror(scenario: scenario, backend: backend, models: models)
    do {
      try mirror.provision()
    } catch {
      throw CommandFailure(
        status: .dataError, message: "provisioning the lab's twins failed: \(error.description)")
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
      return try mirror.finish(simulation: simulation, completed: completed)
    } catch {
      throw CommandFailure(
        status: .software, message: "saving the twin store failed: \(error.description)")
    }
  }
}
