import Foundation
import TwinLabLanguage
import TwinLabModel
import TwinLabScripting

/// The outcome of one piece of input.
public enum ReplOutcome: Equatable, Sendable {
  case success
  /// A syntax, name or type error, or a command used wrongly: exit 65 in a script.
  case languageError
  /// The engine or a twin backend failed: exit 70 in a script.
  case runtimeError
  /// `:quit` or `repl.quit()`.
  case quit
}

/// One REPL session: the interpreter, the `repl` module, and how input and
/// results reach the user. The session never prints; it calls `write`.
public final class ReplSession {
  /// The destination of text: standard output or standard error.
  public enum Stream: Sendable { case output, error }

  let module: ReplModule
  let interpreter: Interpreter
  let write: @Sendable (Stream, String) -> Void
  let renderer: DiagnosticRenderer
  /// Whether diagnostics are one `path:line:col: error: ...` line, as in a script.
  let isScript: Bool
  private(set) var loadedFile: String?

  /// Creates a session.
  ///
  /// - Parameters:
  ///   - isScript: Print diagnostics as single lines instead of source snippets.
  ///   - useColor: Colour the snippets of diagnostics.
  ///   - write: Receives every piece of output, each ending in a newline.
  public init(
    stdlibPath: String? = Interpreter.defaultStdlibPath, isScript: Bool, useColor: Bool,
    write: @escaping @Sendable (Stream, String) -> Void
  ) {
    self.write = write
    self.isScript = isScript
    renderer = DiagnosticRenderer(useColor: useColor)
    let module = ReplModule(stdlibPath: stdlibPath) { write(.output, $0 + "\n") }
    self.module = module
    interpreter = Interpreter(
      stdlibPath: stdlibPath,
      host: .combining([module, SharedTwinsModule(repl: module), EngineModule()]) {
        write(.output, $0 + "\n")
      })
    interpreter.shouldStop = { InterruptFlag.isSet }
    let builtins = Set(Interpreter().namesInScope)
    module.userNames = { [unowned interpreter] in
      interpreter.namesInScope.filter { !builtins.contains($0) && $0 != "repl" && $0 != "twins" }
    }
  }

  /// Handles one complete entry: a `:command` line or language source.
  ///
  /// - Parameters:
  ///   - line: The entry's first line number in its source, for diagnostics.
  ///   - path: The name diagnostics show; `nil` names REPL chunks `<repl-N>`.
  public func handle(_ entry: String, line: Int = 1, path: String? = nil) -> ReplOutcome {
    module.lastFailureIsRuntime = false
    let trimmed = entry.trimmingCharacters(in: .whitespaces)
    var outcome: ReplOutcome
    if trimmed.hasPrefix(":") {
      outcome = command(trimmed, line: line, path: path ?? "<input>")
    } else {
      let padded = String(repeating: "\n", count: max(0, line - 1)) + entry
      let result = interpreter.evaluate(padded, path: path)
      outcome = report(result)
      if outcome == .success {
        for value in result.values where value != .none { emit(value.description) }
      }
    }
    return outcome == .success || outcome == .quit ? finishDeferred(outcome) : outcome
  }

  /// Loads `path` as the session's scenario file.
  public func load(file path: String) -> ReplOutcome {
    loadedFile = path
    module.engine.reset()
    module.mirror = nil
    return report(interpreter.load(file: path))
  }

  private func command(_ text: String, line: Int, path: String) -> ReplOutcome {
    do {
      let (name, arguments) = try ReplCommands.parse(text)
      let value = try module.perform(
        "repl.\(name)", arguments: arguments, scenario: interpreter.scenario)
      show(value)
      return .success
    } catch let error as CommandUsageError {
      fail(error.message, line: line, path: path)
      return .languageError
    } catch let error as HostError {
      fail(error.message, line: line, path: path)
      return module.lastFailureIsRuntime ? .runtimeError : .languageError
    } catch {
      fail("\(error)", line: line, path: path)
      return .runtimeError
    }
  }

  private func finishDeferred(_ outcome: ReplOutcome) -> ReplOutcome {
    let work = module.deferred
    module.deferred = []
    for item in work {
      switch item {
      case .quit:
        return .quit
      case .load(let path):
        let loaded = load(file: path)
        if loaded != .success { return loaded }
        emit("loaded \(path)")
      case .reload:
        guard let path = loadedFile else {
          fail("nothing to reload: no file was loaded", line: 1, path: "<input>")
          return .languageError
        }
        let loaded = load(file: path)
        if loaded != .success { return loaded }
        emit("reloaded \(path)")
      }
    }
    return outcome
  }

  private func report(_ result: InterpreterResult) -> ReplOutcome {
    let errors = result.diagnostics.filter { $0.severity == .error }
    for diagnostic in result.diagnostics {
      if isScript {
        let place = diagnostic.location.map { "\($0.file):\($0.line):\($0.column): " } ?? ""
        let text = "\(place)\(diagnostic.severity.rawValue): \(renderer.message(of: diagnostic))"
        write(.error, text + "\n")
      } else {
        var text = renderer.render(diagnostic, sources: interpreter.sources)
        if !text.hasSuffix("\n") { text += "\n" }
        write(.error, text)
      }
    }
    if errors.isEmpty { return .success }
    return module.lastFailureIsRuntime ? .runtimeError : .languageError
  }

  private func fail(_ message: String, line: Int, path: String) {
    write(.error, isScript ? "\(path):\(line):1: error: \(message)\n" : "error: \(message)\n")
  }

  private func emit(_ text: String) {
    write(.output, text + "\n")
  }

  /// Prints a command's result: text as it is, records as `key: value` lines.
  private func show(_ value: Value) {
    switch value {
    case .none: return
    case .string(let text): emit(text)
    case .record(let record):
      let width = record.keys.map(\.count).max() ?? 0
      for (key, field) in record.fields {
        emit(key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + field.plainText)
      }
    case .list(let items):
      if items.isEmpty { emit("(none)") }
      for item in items { emit(item.plainText) }
    default: emit(value.description)
    }
  }
}
