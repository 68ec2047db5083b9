import Foundation

/// The package root, found from this file's path.
let twinlabPackageRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The `twinlab` binary that `swift build` writes for the debug configuration.
let twinlabBinary = twinlabPackageRoot.appendingPathComponent(".build/debug/twinlab")

/// The exit status and output of one finished `twinlab` process.
struct TwinlabRun {
  var status: Int32
  var stdout: String
  var stderr: String

  /// The three fields as a tuple, for call sites that bind them to local names.
  var fields: (status: Int32, stdout: String, stderr: String) { (status, stdout, stderr) }
}

/// A started `twinlab` process with pipes on its standard output and standard error.
struct TwinlabProcess {
  let process = Process()
  let output = Pipe()
  let errors = Pipe()

  /// Starts `executable` with `arguments` in `directory`.
  ///
  /// The child inherits this process's environment with `NO_COLOR=1` added, and then each entry
  /// of `environment` sets its variable, or removes it when the value is `nil`.
  init(
    _ arguments: [String], environment: [String: String?] = [:],
    directory: URL = twinlabPackageRoot, executable: URL = twinlabBinary
  ) throws {
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var merged = ProcessInfo.processInfo.environment
    merged["NO_COLOR"] = "1"
    for (name, value) in environment {
      merged[name] = value
    }
    process.environment = merged
    process.standardOutput = output
    process.standardError = errors
    try process.run()
  }

  /// Reads both pipes to their end, waits for the exit and returns the result.
  func finish() -> TwinlabRun {
    // Reading standard output to its end first cannot block while standard error fits in the
    // pipe buffer, and these commands write only short messages there.
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return TwinlabRun(
      status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
      stderr: String(decoding: errorData, as: UTF8.self))
  }
}

/// Runs `twinlab` with `arguments` to its end, with the options of `TwinlabProcess.init`.
func runTwinlab(
  _ arguments: [String], environment: [String: String?] = [:],
  directory: URL = twinlabPackageRoot, executable: URL = twinlabBinary
) throws -> TwinlabRun {
  try TwinlabProcess(
    arguments, environment: environment, directory: directory, executable: executable
  ).finish()
}
