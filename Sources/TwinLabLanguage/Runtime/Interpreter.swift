import Foundation
import TwinLabModel

/// The result of evaluating one chunk of REPL input.
public struct InterpreterResult: Sendable {
  /// The values of the chunk's expression statements, in order.
  public var values: [Value]
  /// Errors and warnings, sorted by location.
  public var diagnostics: [Diagnostic]
  /// Whether the chunk ended inside an open bracket, block or string; nothing
  /// was evaluated, and the REPL should read another line and try again.
  public var isIncomplete: Bool
}

/// A persistent interpreter for the REPL: each chunk runs as if typed after the
/// previous ones, in one global scope.
public final class Interpreter {
  let evaluator: Evaluator
  var chunkCount = 0

  /// Creates an interpreter.
  /// - Parameters:
  ///   - stdlibPath: The standard library folder; `nil` searches as `ScenarioLoader` does.
  ///   - host: Output for `print`, and the engine and twins operations, if any.
  public init(stdlibPath: String? = nil, host: InterpreterHost = InterpreterHost()) {
    let modules = ModuleResolver(stdlibPath: stdlibPath ?? ModuleResolver.defaultStdlibPath())
    evaluator = Evaluator(host: host, modules: modules)
    evaluator.allowsRedefinition = true
  }

  /// Checked before every loop iteration and function call; when it returns true the
  /// running chunk stops with an "interrupted" error. The REPL connects it to Ctrl-C.
  public var shouldStop: (@Sendable () -> Bool)? {
    get { evaluator.shouldStop }
    set { evaluator.shouldStop = newValue }
  }

  /// The standard library folder found from `TWINLAB_STDLIB`, the executable or the
  /// working directory, if any.
  public static var defaultStdlibPath: String? { ModuleResolver.defaultStdlibPath() }

  /// Returns whether `source` ends inside an open bracket, block or string.
  public static func isIncomplete(_ source: String) -> Bool {
    Parser.parse(source, file: "<input>").isIncomplete
  }

  /// Evaluates `source` in the persistent scope.
  /// - Parameter path: The name that diagnostics show; imports search its folder.
  ///   With `nil`, chunks are named `<repl-1>`, `<repl-2>` and so on.
  public func evaluate(_ source: String, path: String? = nil) -> InterpreterResult {
    chunkCount += 1
    let name = path ?? "<repl-\(chunkCount)>"
    let evaluator = self.evaluator
    return runWithLargeStack {
      let parsed = Parser.parse(source, file: name)
      if parsed.isIncomplete {
        return InterpreterResult(values: [], diagnostics: [], isIncomplete: true)
      }
      evaluator.sources[name] = source
      evaluator.diagnostics = parsed.diagnostics
      var values: [Value] = []
      if !parsed.diagnostics.contains(where: { $0.severity == .error }) {
        values = evaluator.run(parsed.statements, in: evaluator.globals)
        evaluator.finishDeclarations(in: evaluator.globals)
      }
      return InterpreterResult(
        values: values, diagnostics: ScenarioLoader.sorted(evaluator.diagnostics),
        isIncomplete: false)
    }
  }

  /// Loads a scenario file into the persistent scope, as `twinlab repl FILE` does.
  public func load(file path: String) -> InterpreterResult {
    guard let data = FileManager.default.contents(atPath: path) else {
      return InterpreterResult(
        values: [],
        diagnostics: [Diagnostic(.error, at: nil, "cannot read '\(path)': no such file")],
        isIncomplete: false)
    }
    return evaluate(String(decoding: data, as: UTF8.self), path: path)
  }

  /// Every name in scope, sorted, for completion.
  public var namesInScope: [String] {
    evaluator.globals.allNames.sorted()
  }

  /// The lab declared so far, if any.
  public var scenario: Scenario? { evaluator.scenario }

  /// The text of every chunk and module read, by name, for rendering diagnostics.
  public var sources: [String: String] { evaluator.sources }

  /// Returns the value bound to `name`, if any.
  public func value(named name: String) -> Value? {
    evaluator.globals.lookup(name)
  }
}
