import Foundation
import Synchronization
import TwinLabREPL

/// Paths and helpers shared by the REPL tests.
enum ReplTestSupport {
  /// The package folder, found from this file's path.
  static let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()

  static let binary = packageRoot + "/.build/debug/twinlab"
  static let stdlib = packageRoot + "/stdlib"
  static let scenario = packageRoot + "/scenarios/platelet-lab.lab"

  /// What a finished `twinlab repl` process produced.
  struct Run {
    var status: Int32
    var output: String
    var error: String
  }

  /// Runs `twinlab repl ARGUMENTS` with `input` piped to stdin.
  static func runRepl(
    _ input: String, arguments: [String] = [], environment extra: [String: String] = [:]
  ) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = ["repl"] + arguments
    process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
    var environment = ProcessInfo.processInfo.environment
    environment["TWINLAB_STDLIB"] = stdlib
    environment["TWINLAB_HISTORY"] = ""
    environment.merge(extra) { _, new in new }
    process.environment = environment
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    // Errors are short; stdout is read to the end first, then stderr.
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    let error = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
      error: String(decoding: error, as: UTF8.self))
  }

  /// A session whose output is kept in memory.
  static func session() -> (ReplSession, Transcript) {
    let transcript = Transcript()
    let session = ReplSession(stdlibPath: stdlib, isScript: true, useColor: false) {
      stream, text in transcript.append(stream, text)
    }
    return (session, transcript)
  }
}

/// Output written by an in-process session.
final class Transcript: Sendable {
  private let text = Mutex<(output: String, error: String)>(("", ""))

  func append(_ stream: ReplSession.Stream, _ piece: String) {
    text.withLock { value in
      if stream == .output { value.output += piece } else { value.error += piece }
    }
  }

  var output: String { text.withLock { $0.output } }
  var error: String { text.withLock { $0.error } }

  func clear() { text.withLock { $0 = ("", "") } }
}
