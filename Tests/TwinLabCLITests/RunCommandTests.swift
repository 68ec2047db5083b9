import Foundation
import Testing

/// The package root, found from this file's path.
private let packageRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The exit status and output of one `twinlab` invocation.
private struct Invocation {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// Runs the built `twinlab` binary with `arguments` from the package root.
private func runTwinlab(_ arguments: [String]) throws -> Invocation {
  let process = Process()
  process.executableURL = packageRoot.appendingPathComponent(".build/debug/twinlab")
  process.arguments = arguments
  process.currentDirectoryURL = packageRoot
  var environment = ProcessInfo.processInfo.environment
  environment["NO_COLOR"] = "1"
  process.environment = environment
  let output = Pipe()
  let errors = Pipe()
  process.standardOutput = output
  process.standardError = errors
  try process.run()
  // Standard error is small; reading standard output first avoids a full pipe.
  let outputData = output.fileHandleForReading.readDataToEndOfFile()
  let errorData = errors.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return Invocation(
    status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
    stderr: String(decoding: errorData, as: UTF8.self))
}

@Suite struct RunCommandTests {
  struct UsageCase: Sendable, CustomTestStringConvertible {
    var arguments: [String]
    var fragment: String
    var testDescription: String { arguments.joined(separator: " ") }
  }

  static let usageCases: [UsageCase] = [
    UsageCase(arguments: ["run"], fragment: "missing the scenario FILE"),
    UsageCase(arguments: ["run", "a.lab", "b.lab"], fragment: "expected one scenario FILE"),
    UsageCase(
      arguments: ["run", "a.lab", "--format", "xml"], fragment: "invalid value 'xml' for --format"),
    UsageCase(
      arguments: ["run", "a.lab", "--horizon", "5parsecs"],
      fragment: "invalid value '5parsecs' for --horizon"),
    UsageCase(
      arguments: ["run", "a.lab", "--seed", "-3"], fragment: "invalid value '-3' for --seed"),
  ]

  @Test(arguments: usageCases) func badArgumentsExit64(_ item: UsageCase) throws {
    let result = try runTwinlab(item.arguments)
    #expect(result.status == 64)
    #expect(result.stderr.contains(item.fragment), "\(result.stderr)")
  }

  @Test func missingFileExits66() throws {
    let result = try runTwinlab(["run", "no-such-file.lab"])
    #expect(result.status == 66)
    #expect(result.stderr.contains("no-such-file.lab"))
  }

  @Test func helpListsOptions() throws {
    let result = try runTwinlab(["run", "--help"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("--horizon D"))
    #expect(result.stdout.contains("--trace FILE"))
  }
}
