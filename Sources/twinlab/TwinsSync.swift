import Foundation
import TwinLabModel
import TwinLabScripting
import TwinLabTwins

/// `twinlab twins sync FILE [--plan]`: makes the store's graph match a scenario.
enum TwinsSync {
  /// Prints the plan, one action a line, and applies it unless `plan` is set.
  ///
  /// - Returns: Whether the store changed.
  @discardableResult
  static func run(_ arguments: [String], plan: Bool, backend: any TwinBackend) throws -> Bool {
    guard arguments.count == 1, let path = arguments.first else {
      throw CommandFailure.usage("usage: twinlab twins sync FILE [--plan]")
    }
    // loadScenario prefixes a missing file's message with 'twinlab run:', so a missing
    // file is reported here first.
    guard FileManager.default.isReadableFile(atPath: path) else {
      throw CommandFailure(status: .noInput, message: "cannot read '\(path)': no such file")
    }
    let loaded = try loadScenario(path: path)
    let models: [JSONValue]
    do {
      models = try StandardModels.load()
    } catch {
      throw CommandFailure(status: .software, message: error.message)
    }
    let sync = LabSync(backend: backend, models: models)
    let graph = LabGraph(scenario: loaded.scenario)
    do {
      let actions = try sync.plan(graph)
      for action in actions { print(action.line) }
      if actions.isEmpty { print("nothing to change: the store matches '\(path)'") }
      guard !plan, !actions.isEmpty else { return false }
      try sync.apply(actions)
      try backend.flush()
      return true
    } catch {
      throw BackendOptions.failure(for: error)
    }
  }
}
