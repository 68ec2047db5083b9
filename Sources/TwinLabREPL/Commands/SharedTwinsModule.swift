import TwinLabLanguage
import TwinLabModel
import TwinLabScripting
import TwinLabTwins

/// The language's `twins` module and `dtdl` at the REPL, on the same backend
/// as the `:twin`, `:patch` and `:backend` commands.
///
/// `twins.connect(...)` switches the REPL's backend too, and `:backend` the
/// module's, so both always talk to one twin graph.
final class SharedTwinsModule: HostModule, @unchecked Sendable {
  private let repl: ReplModule
  private var inner: TwinsModule
  let operations: Set<String>

  init(repl: ReplModule) {
    self.repl = repl
    inner = TwinsModule(backend: repl.backend, stdlibPath: repl.stdlibPath)
    operations = inner.operations
  }

  func perform(_ name: String, arguments: [HostArgument], scenario: Scenario?) throws -> Value {
    if inner.backend !== repl.backend {
      inner = TwinsModule(backend: repl.backend, stdlibPath: repl.stdlibPath)
    }
    let value = try inner.perform(name, arguments: arguments, scenario: scenario)
    if name == "twins.patch" { try applyStatusPatches(arguments, scenario: scenario) }
    if let connected = inner.backend, connected !== repl.backend {
      repl.backend = connected
      repl.mirror = nil
      try repl.provisionIfNeeded(scenario)
    }
    return value
  }

  /// Sends a patched unit `status` on to the engine, as `:patch` does.
  private func applyStatusPatches(_ arguments: [HostArgument], scenario: Scenario?) throws {
    guard arguments.count >= 2, case .string(let id) = arguments[0].value,
      case .list(let operations) = arguments[1].value
    else { return }
    for case .record(let operation) in operations {
      guard case .string("/status")? = operation["path"],
        case .string(let status)? = operation["value"]
      else { continue }
      try repl.applyStatus(status, to: id, scenario: scenario)
    }
  }
}
