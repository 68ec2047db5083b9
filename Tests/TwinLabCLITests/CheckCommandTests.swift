import Foundation
import Testing

/// The package root, found from this file's path.
private let packageRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Runs the built `twinlab` binary and returns its exit status and standard error.
private func runTwinlab(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
  let binary = packageRoot.appendingPathComponent(".build/debug/twinlab")
  let process = Process()
  process.executableURL = binary
  process.arguments = arguments
  process.currentDirectoryURL = packageRoot
  var environment = ProcessInfo.processInfo.environment
  environment["NO_COLOR"] = "1"
  process.environment = environment
  let errorPipe = Pipe()
  process.standardError = errorPipe
  process.standardOutput = Pipe()
  try process.run()
  let data = errorPipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

private func temporaryFile(_ text: String) throws -> String {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("twinlab-check-\(UUID().uuidString).lab")
  try text.write(to: url, atomically: true, encoding: .utf8)
  return url.path
}

@Suite struct CheckCommandTests {
  @Test func goodScenarioIsSilent() throws {
    let (status, stderr) = try runTwinlab(["check", "scenarios/platelet-lab.lab"])
    #expect(status == 0)
    #expect(stderr.isEmpty)
  }

  @Test func badScenarioExits65WithPositions() throws {
    let path = try temporaryFile("let a = 5 mins\nlet b = 5min + 3\n")
    let (status, stderr) = try runTwinlab(["check", path])
    #expect(status == 65)
    #expect(stderr.contains("\(path):1:11: error: unknown unit 'mins'; did you mean 'min'?"))
    #expect(stderr.contains("\(path):2:9: error: cannot apply '+' to duration and number"))
    #expect(stderr.contains("^~~~"))
  }

  @Test func engineErrorsFailCheck() throws {
    let path = try temporaryFile(
      """
      lab "small rack" {
        device bench { count 1; time 1min }
        buffer rack { capacity 3 }
        process bags {
          arrivals { every exponential(mean: 5min) }
          attribute group = choice(a: 100%)
          hold at least 1min in rack
          pool 5 by group on bench
        }
      }
      """)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (status, stderr) = try runTwinlab(["check", path])
    #expect(status == 65)
    #expect(stderr.contains("holds only 3, so no pool can ever form"), "\(stderr)")
  }

  @Test func engineWarningsKeepExitZero() throws {
    let path = try temporaryFile(
      """
      lab "no shifts" {
        staff tech { cost 38/h }
        device bench { count 1; time 1min with tech }
        process bags {
          arrivals { every exponential(mean: 5min) }
          step work on bench
        }
      }
      """)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (status, stderr) = try runTwinlab(["check", path])
    #expect(status == 0)
    #expect(stderr.contains("no shift ever puts anyone of 'tech' on duty"), "\(stderr)")
  }

  @Test func missingFileExits66() throws {
    let (status, stderr) = try runTwinlab(["check", "/no/such/scenario.lab"])
    #expect(status == 66)
    #expect(stderr.contains("cannot read '/no/such/scenario.lab'"))
  }

  @Test func noFileExits64() throws {
    let (status, stderr) = try runTwinlab(["check"])
    #expect(status == 64)
    #expect(stderr.contains("no scenario file given"))
  }

  @Test func helpDescribesExitCodes() throws {
    let binary = packageRoot.appendingPathComponent(".build/debug/twinlab")
    let process = Process()
    process.executableURL = binary
    process.arguments = ["check", "--help"]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    #expect(process.terminationStatus == 0)
    #expect(text.contains("usage: twinlab check FILE..."))
    #expect(text.contains("66"))
  }
}
