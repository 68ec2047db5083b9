import TwinLabModel

/// The operations a host program lends the interpreter: output for `print`,
/// and, when attached, the engine (`simulate`, `experiment`) and twins (`twins.*`, `dtdl`).
public struct InterpreterHost: Sendable {
  /// Receives each line `print` writes, without the trailing newline.
  public var output: @Sendable (String) -> Void
  /// Names of the host operations `perform` implements, such as `simulate` or `twins.connect`.
  public var operations: Set<String>
  /// Runs a host operation with its arguments and the current scenario, if a lab is declared.
  public var perform:
    @Sendable (_ name: String, _ arguments: [HostArgument], _ scenario: Scenario?) throws -> Value

  /// Creates a host; without `perform`, every host operation reports that it is not available.
  public init(
    output: @escaping @Sendable (String) -> Void = { _ in },
    operations: Set<String> = [],
    perform: @escaping @Sendable (String, [HostArgument], Scenario?) throws -> Value = {
      name, _, _ in throw HostError("'\(name)' is not available")
    }
  ) {
    self.output = output
    self.operations = operations
    self.perform = perform
  }

  /// Operations that only a host can provide.
  static let hostOperations: Set<String> = ["simulate", "experiment", "dtdl"]

  /// Methods of the `twins` module.
  static let twinsMethods = [
    "connect", "upload", "models", "create", "get", "patch", "delete", "relate", "unrelate",
    "relationships", "query", "sync",
  ]
}

/// An argument passed to a host operation, with its label if it had one.
public struct HostArgument: Sendable, Equatable {
  public var label: String?
  public var value: Value

  public init(label: String?, value: Value) {
    self.label = label
    self.value = value
  }
}

/// A failure of a host operation, reported at the call as an error with this message.
public struct HostError: Error, Sendable, Equatable {
  public var message: String

  public init(_ message: String) {
    self.message = message
  }
}
