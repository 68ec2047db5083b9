import Foundation
import Testing

/// Runs the built `twinlab` with `arguments` from a scratch folder.
private func runTwinlab(_ arguments: [String]) throws -> (status: Int32, error: String) {
  let process = Process()
  process.executableURL = TwinsCLI.binary
  process.arguments = arguments
  process.currentDirectoryURL = FileManager.default.temporaryDirectory
  let error = Pipe()
  process.standardOutput = FileHandle.nullDevice
  process.standardError = error
  try process.run()
  let errData = error.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: errData, as: UTF8.self))
}

/// Bad paths and options that must fail at once with a message naming them.
@Suite struct CommandInputChecksTests {
  static let scenario = StdlibLookupTests.root
    .appendingPathComponent("scenarios/whatif-capacity.lab").path

  @Test func storeFolderExits66() throws {
    let folder = FileManager.default.temporaryDirectory.path
    let result = try runTwinlab(["twins", "--store", folder, "models", "list"])
    #expect(result.status == 66)
    #expect(result.error.contains("is a folder"))
  }

  @Test func serveStoreFolderExits66() throws {
    let folder = FileManager.default.temporaryDirectory.path
    let result = try runTwinlab(["serve", "--port", "0", "--store", folder])
    #expect(result.status == 66)
    #expect(result.error.contains("is a folder"))
  }

  @Test func unknownTwinsCommandListsSync() throws {
    let result = try runTwinlab(["twins", "--store", "/nonexistent-dir/t.json", "bogus"])
    #expect(result.status == 64)
    #expect(result.error.contains("sync"))
  }

  @Test func syncMissingFileNamesTwins() throws {
    let result = try runTwinlab([
      "twins", "--store", "/nonexistent-dir/t.json", "sync", "/nope.lab",
    ])
    #expect(result.status == 66)
    #expect(result.error.hasPrefix("twinlab twins: cannot read '/nope.lab'"))
    #expect(!result.error.contains("twinlab run"))
  }

  @Test func whatifMissingOutFolderExits66() throws {
    let result = try runTwinlab(["whatif", Self.scenario, "--out", "/nonexistent-dir/x.txt"])
    #expect(result.status == 66)
    #expect(result.error.contains("/nonexistent-dir/x.txt"))
  }

  @Test(arguments: ["throughput => 80/day", "throughput == 80/day", "throughput =< 1"])
  func whatifBadOperatorNamed(target: String) throws {
    let result = try runTwinlab(["whatif", Self.scenario, "--target", target])
    #expect(result.status == 64)
    #expect(result.error.contains("invalid operator"))
    #expect(!result.error.contains("unknown KPI"))
  }
}
