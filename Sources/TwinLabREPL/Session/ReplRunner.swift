import Foundation
import TwinLabLanguage

/// Feeds input to a session: a whole script when stdin is not a terminal, or
/// lines from the line editor at a terminal.
public enum ReplRunner {
  /// The primary prompt and the one shown while the input is incomplete.
  static let prompt = "twinlab> "
  static let continuation = "    ...> "

  /// Runs `source` entry by entry and stops at the first error.
  ///
  /// - Returns: 0 on success, 65 after a language error, 70 after a runtime error.
  public static func runScript(
    _ source: String, session: ReplSession, path: String = "<stdin>"
  ) -> Int32 {
    var buffer = ""
    var bufferStart = 1
    var lineNumber = 0
    for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
      lineNumber += 1
      let text = String(line)
      if buffer.isEmpty {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { continue }
        if trimmed.hasPrefix(":") {
          if let status = status(session.handle(text, line: lineNumber, path: path)) {
            return status
          }
          continue
        }
        bufferStart = lineNumber
        buffer = text
      } else {
        buffer += "\n" + text
      }
      if Interpreter.isIncomplete(buffer) { continue }
      let outcome = session.handle(buffer, line: bufferStart, path: path)
      buffer = ""
      if let status = status(outcome) { return status }
    }
    if !buffer.isEmpty {
      session.write(
        .error,
        "\(path):\(bufferStart):1: error: the input ends inside an open bracket, block or "
          + "string\n")
      return 65
    }
    return 0
  }

  /// Returns the exit status an outcome ends a script with, or `nil` to go on.
  private static func status(_ outcome: ReplOutcome) -> Int32? {
    switch outcome {
    case .success: nil
    case .quit: 0
    case .languageError: 65
    case .runtimeError: 70
    }
  }

  /// Reads and handles entries until Ctrl-D or `:quit`; errors return to the prompt.
  public static func runInteractive(session: ReplSession, editor: LineEditor) -> Int32 {
    var buffer = ""
    while true {
      InterruptFlag.clear()
      let read = editor.readLine(prompt: buffer.isEmpty ? prompt : continuation)
      switch read {
      case .interrupted:
        buffer = ""
        continue
      case .endOfInput:
        editor.saveHistory()
        return 0
      case .line(let text):
        if buffer.isEmpty, text.trimmingCharacters(in: .whitespaces).hasPrefix(":") {
          editor.remember(text)
          if session.handle(text) == .quit { break }
          continue
        }
        buffer = buffer.isEmpty ? text : buffer + "\n" + text
        if buffer.trimmingCharacters(in: .whitespaces).isEmpty {
          buffer = ""
          continue
        }
        if Interpreter.isIncomplete(buffer) { continue }
        editor.remember(buffer)
        let outcome = session.handle(buffer)
        buffer = ""
        if outcome == .quit { break }
        continue
      }
      break
    }
    editor.saveHistory()
    return 0
  }

  /// Returns the history file: `TWINLAB_HISTORY`, else `$XDG_STATE_HOME/twinlab/history`,
  /// else `~/.local/state/twinlab/history`. It is `nil` when `TWINLAB_HISTORY` is empty.
  public static func historyPath(environment: [String: String]) -> String? {
    if let path = environment["TWINLAB_HISTORY"] {
      return path.isEmpty || path == "/dev/null" ? nil : path
    }
    if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
      return state + "/twinlab/history"
    }
    guard let home = environment["HOME"], !home.isEmpty else { return nil }
    return home + "/.local/state/twinlab/history"
  }
}
