import Foundation
import TwinLabLanguage
import TwinLabModel

/// One REPL command: `:NAME` at the prompt and `repl.NAME(...)` in the language.
struct ReplCommand: Sendable {
  /// The rule that turns the words after the command into arguments.
  enum Words: Sendable {
    /// Each word is one argument; the words in `labels` name the word after them.
    case split(labels: Set<String>)
    /// The whole rest of the line is one argument.
    case rest
    /// `ID OP PATH [VALUE]`, the value read as JSON when it parses.
    case patch
  }

  var name: String
  var usage: String
  var summary: String
  var words: Words = .split(labels: [])
}

/// The command table that drives parsing, `:help` and completion.
enum ReplCommands {
  static let all: [ReplCommand] = [
    ReplCommand(name: "help", usage: ":help [NAME]", summary: "list commands, or explain one"),
    ReplCommand(
      name: "load", usage: ":load FILE", summary: "evaluate a scenario file in this session",
      words: .rest),
    ReplCommand(name: "reload", usage: ":reload", summary: "evaluate the last loaded file again"),
    ReplCommand(
      name: "run", usage: ":run [DURATION | until CLOCK] [pace FACTORx]",
      summary: "run the simulation for a duration, to a time of day, or to the end; "
        + "pace 600x runs 600 times faster than wall time; Ctrl-C stops",
      words: .split(labels: ["until", "pace"])),
    ReplCommand(name: "step", usage: ":step [N]", summary: "process the next N events (1)"),
    ReplCommand(
      name: "pause", usage: ":pause", summary: "mark the run paused; Ctrl-C pauses a running one"),
    ReplCommand(
      name: "reset", usage: ":reset", summary: "drop the simulation; the next run starts afresh"),
    ReplCommand(name: "status", usage: ":status", summary: "clock, events processed and WIP"),
    ReplCommand(name: "kpis", usage: ":kpis", summary: "throughput, cycle time and bottleneck"),
    ReplCommand(name: "devices", usage: ":devices", summary: "the state of every device unit"),
    ReplCommand(name: "queue", usage: ":queue STEP", summary: "entities waiting at a step"),
    ReplCommand(name: "trace", usage: ":trace on|off", summary: "print every engine change"),
    ReplCommand(
      name: "twins", usage: ":twins [QUERY]", summary: "list twin ids, or the rows of a query",
      words: .rest),
    ReplCommand(name: "twin", usage: ":twin ID", summary: "show one twin"),
    ReplCommand(
      name: "patch", usage: ":patch ID OP PATH [VALUE]",
      summary: "apply a JSON Patch operation (add, replace, remove) to a twin; "
        + "a unit's /status Down or Off acts on the engine",
      words: .patch),
    ReplCommand(
      name: "query", usage: ":query TEXT", summary: "run a twin query", words: .rest),
    ReplCommand(
      name: "backend", usage: ":backend mock | http URL | azure URL",
      summary: "switch the twin backend"),
    ReplCommand(name: "models", usage: ":models", summary: "list the uploaded DTDL models"),
    ReplCommand(name: "vars", usage: ":vars", summary: "names defined in this session"),
    ReplCommand(name: "quit", usage: ":quit", summary: "leave the REPL (Ctrl-D also does)"),
  ]

  static func named(_ name: String) -> ReplCommand? {
    all.first { $0.name == name }
  }

  static func usage(of name: String) -> String {
    named(name)?.usage ?? ":\(name)"
  }

  /// Returns the text `:help` prints: every command, or one command's usage and purpose.
  static func help(for name: String?) -> String {
    if let name {
      let bare = name.hasPrefix(":") ? String(name.dropFirst()) : name
      guard let command = named(bare) else {
        let hint = nearestName(to: bare, among: all.map(\.name)).map { "; did you mean '\($0)'?" }
        return "no command '\(bare)'\(hint ?? "")"
      }
      return "\(command.usage)\n  \(command.summary)\n  as a function: repl.\(command.name)(...)"
    }
    let width = all.map(\.usage.count).max() ?? 0
    let lines = all.map { command in
      command.usage.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + command.summary
    }
    return
      (lines + [
        "",
        "Any other input is the scenario language. Each command is also a function:",
        "repl.run(8h, pace: 600), repl.patch(\"centrifuge-1\", \"replace\", \"/status\", \"Down\").",
      ]).joined(separator: "\n")
  }

  /// Splits `:name words...` into the command and its arguments.
  static func parse(_ line: String) throws(CommandUsageError) -> (String, [HostArgument]) {
    let body = line.dropFirst().trimmingCharacters(in: .whitespaces)
    let name = String(body.prefix { !$0.isWhitespace })
    let rest = body.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
    guard let command = named(name) else {
      let hint = nearestName(to: name, among: all.map(\.name)).map { "; did you mean ':\($0)'?" }
      throw CommandUsageError("unknown command ':\(name)'\(hint ?? ""); ':help' lists them")
    }
    switch command.words {
    case .rest:
      return (name, rest.isEmpty ? [] : [HostArgument(label: nil, value: .string(rest))])
    case .patch:
      let parts = rest.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
      var arguments = parts.prefix(3).map { HostArgument(label: nil, value: .string(String($0))) }
      if parts.count == 4 {
        let text = String(parts[3])
        let value = (try? JSONValue(parsing: text)).map(Value.init(json:)) ?? .string(text)
        arguments.append(HostArgument(label: nil, value: value))
      }
      return (name, arguments)
    case .split(let labels):
      var arguments: [HostArgument] = []
      var words = rest.split(whereSeparator: \.isWhitespace).map(String.init)[...]
      while let word = words.popFirst() {
        if labels.contains(word) {
          guard let value = words.popFirst() else {
            throw CommandUsageError("'\(word)' needs a value; usage: \(command.usage)")
          }
          arguments.append(HostArgument(label: word, value: .string(value)))
        } else {
          arguments.append(HostArgument(label: nil, value: .string(word)))
        }
      }
      return (name, arguments)
    }
  }
}
