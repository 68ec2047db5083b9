import TwinLabLanguage
import TwinLabModel

/// A group of host operations that scripts and the REPL can call, such as the
/// engine's `simulate` or the `twins.*` methods.
///
/// Modules keep their own state (a connected backend, a running simulation),
/// so they are classes; the interpreter calls them from one thread at a time.
public protocol HostModule: AnyObject, Sendable {
  /// The operation names this module implements, such as `simulate` or `twins.connect`.
  var operations: Set<String> { get }

  /// Runs `name` with the call's arguments and the scenario declared so far.
  func perform(
    _ name: String, arguments: [HostArgument], scenario: Scenario?
  ) throws -> Value
}

extension InterpreterHost {
  /// A host that sends each operation to the first module implementing it.
  ///
  /// - Parameters:
  ///   - modules: Modules in priority order; an operation two modules share goes to the first.
  ///   - output: Receives each line `print` writes.
  public static func combining(
    _ modules: [any HostModule], output: @escaping @Sendable (String) -> Void
  ) -> InterpreterHost {
    var routes: [String: any HostModule] = [:]
    for module in modules {
      for operation in module.operations where routes[operation] == nil {
        routes[operation] = module
      }
    }
    let table = routes
    return InterpreterHost(output: output, operations: Set(table.keys)) {
      name, arguments, scenario in
      guard let module = table[name] else {
        throw HostError("'\(name)' is not available here: no host provides it")
      }
      return try module.perform(name, arguments: arguments, scenario: scenario)
    }
  }
}
