import Foundation
import TwinLabModel

/// One `twinlab` subcommand.
protocol Subcommand: Sendable {
  /// The word after `twinlab`, such as `check`.
  static var name: String { get }
  /// One line for the command list in `twinlab --help`.
  static var summary: String { get }
  /// The full help text printed by `twinlab NAME --help`.
  static var help: String { get }
  /// Runs the command with the arguments that follow its name.
  static func run(_ arguments: [String]) throws -> ExitStatus
}

/// The `twinlab` entry point: picks the subcommand and turns failures into exit codes.
enum CommandLineTool {
  static let version = "0.1.0"

  /// Every subcommand, in the order `twinlab --help` lists them.
  static let subcommands: [any Subcommand.Type] = [
    CheckCommand.self,
    RunCommand.self,
    WhatifCommand.self,
    TwinsCommand.self,
    ModelsCommand.self,
    ServeCommand.self,
    ReplCommand.self,
  ]

  static var usage: String {
    var lines = [
      "twinlab: plan and simulate a platelet pooling lab and mirror it into digital twins",
      "",
      "usage: twinlab COMMAND [OPTIONS] [ARGUMENTS]",
      "",
      "commands:",
    ]
    let width = subcommands.map { $0.name.count }.max() ?? 0
    for command in subcommands {
      let padding = String(repeating: " ", count: width - command.name.count)
      lines.append("  \(command.name)\(padding)  \(command.summary)")
    }
    lines += [
      "",
      "options:",
      "  --help     show this help, or a command's help after its name",
      "  --version  print the version",
      "",
      "Exit status: 0 success, 64 usage error, 65 bad scenario or data,",
      "66 missing input, 70 internal or runtime failure.",
    ]
    return lines.joined(separator: "\n") + "\n"
  }

  static func main(arguments: [String]) -> ExitStatus {
    guard let first = arguments.first else {
      writeStandardError(usage)
      return .usage
    }
    switch first {
    case "--help", "-h", "help":
      if arguments.count > 1, let command = subcommand(named: arguments[1]) {
        print(command.help, terminator: command.help.hasSuffix("\n") ? "" : "\n")
      } else {
        print(usage, terminator: "")
      }
      return .success
    case "--version":
      print("twinlab \(version)")
      return .success
    default:
      break
    }

    guard let command = subcommand(named: first) else {
      var message = "twinlab: unknown command '\(first)'"
      if let near = nearestName(to: first, among: subcommands.map { $0.name }) {
        message += "; did you mean '\(near)'?"
      }
      writeStandardError(message + "\nRun 'twinlab --help' for the list of commands.\n")
      return .usage
    }

    let rest = Array(arguments.dropFirst())
    if rest.contains("--help") || rest.contains("-h") {
      print(command.help, terminator: command.help.hasSuffix("\n") ? "" : "\n")
      return .success
    }
    do {
      return try command.run(rest)
    } catch let failure as CommandFailure {
      var message = "twinlab \(command.name): \(failure.message)\n"
      if failure.status == .usage {
        message += "Run 'twinlab \(command.name) --help' for usage.\n"
      }
      writeStandardError(message)
      return failure.status
    } catch {
      writeStandardError("twinlab \(command.name): \(error)\n")
      return .software
    }
  }

  static func subcommand(named name: String) -> (any Subcommand.Type)? {
    subcommands.first { $0.name == name }
  }
}

/// Writes text to standard error without buffering.
func writeStandardError(_ text: String) {
  FileHandle.standardError.write(Data(text.utf8))
}
