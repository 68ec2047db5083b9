import Foundation
import TwinLabLanguage
import TwinLabREPL

/// `twinlab repl [FILE]`: the interactive REPL, or a script runner when stdin is not a terminal.
enum ReplCommand: Subcommand {
  static let name = "repl"
  static let summary = "interactive REPL: the scenario language plus commands that drive the lab"
  static let help = """
    usage: twinlab repl [FILE]

    Reads scenario-language statements and ':' commands. FILE, if given, is
    loaded first. ':help' lists the commands; ':help NAME' explains one. Every
    command is also a function in the language, such as repl.run(8h, pace: 600).

    At a terminal: emacs line editing, Tab completion, a continuation prompt
    while a bracket, block or string is open, and history in
    $TWINLAB_HISTORY, else $XDG_STATE_HOME/twinlab/history, else
    ~/.local/state/twinlab/history (mode 0600; an empty TWINLAB_HISTORY keeps
    none). Ctrl-C stops a run or clears the line; Ctrl-D on an empty line exits.

    When stdin is not a terminal, runs it as a script: no prompt, colour or
    history; errors go to stderr as 'path:line:col: error: message' (the path
    of stdin is '<stdin>'), and the first error ends the run.

    Exit status: 0 success, 64 usage error, 65 a language error or a command
    used wrongly, 66 FILE is missing, 70 the engine or a twin backend failed.
    """

  static func run(_ arguments: [String]) throws -> ExitStatus {
    let scanned = try ArgumentScanner(valued: [], flags: []).scan(arguments)
    guard scanned.positionals.count <= 1 else {
      throw CommandFailure.usage("too many arguments; usage: twinlab repl [FILE]")
    }
    let file = scanned.positionals.first
    if let file, !FileManager.default.isReadableFile(atPath: file) {
      throw CommandFailure(status: .noInput, message: "cannot read '\(file)': no such file")
    }
    let environment = ProcessInfo.processInfo.environment
    let isTerminal = isatty(STDIN_FILENO) == 1
    let colorAllowed =
      (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    let session = ReplSession(
      isScript: !isTerminal, useColor: isTerminal && colorAllowed && isatty(STDERR_FILENO) == 1
    ) { stream, text in
      let handle = stream == .output ? FileHandle.standardOutput : FileHandle.standardError
      handle.write(Data(text.utf8))
    }
    InterruptFlag.install()
    if let file {
      let outcome = session.load(file: file)
      if !isTerminal, outcome != .success { return status(outcome) }
    }
    guard isTerminal else {
      let input = FileHandle.standardInput.readDataToEndOfFile()
      return status(ReplRunner.runScript(String(decoding: input, as: UTF8.self), session: session))
    }
    let historyPath = ReplRunner.historyPath(environment: environment)
    guard let editor = LineEditor(historyPath: historyPath, complete: session.completions)
    else {
      throw CommandFailure(status: .software, message: "cannot start line editing (libedit)")
    }
    return status(ReplRunner.runInteractive(session: session, editor: editor))
  }

  private static func status(_ outcome: ReplOutcome) -> ExitStatus {
    switch outcome {
    case .success, .quit: .success
    case .languageError: .dataError
    case .runtimeError: .software
    }
  }

  private static func status(_ code: Int32) -> ExitStatus {
    ExitStatus(rawValue: code) ?? .software
  }
}
