import Foundation
import Testing

/// Runs the built binary from outside the checkout, so that only the search that starts at
/// the executable can find the standard library.
@Suite struct StdlibLookupTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func check(executable: URL, in folder: URL) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = executable
    process.arguments = ["check", root.appendingPathComponent("scenarios/platelet-lab.lab").path]
    process.currentDirectoryURL = folder
    var environment = ProcessInfo.processInfo.environment
    environment["TWINLAB_STDLIB"] = nil
    process.environment = environment
    let error = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = error
    try process.run()
    let errData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: errData, as: UTF8.self))
  }

  static func scratchFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("twinlab-stdlib-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  @Test func binaryFindsStdlibFromElsewhere() throws {
    let folder = try Self.scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (status, error) = try Self.check(executable: TwinsCLI.binary, in: folder)
    #expect(status == 0, "\(error)")
    #expect(!error.contains("not found"))
  }

  @Test func symlinkedBinaryFindsStdlib() throws {
    let folder = try Self.scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let link = folder.appendingPathComponent("twinlab")
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: TwinsCLI.binary)
    let (status, error) = try Self.check(executable: link, in: folder)
    #expect(status == 0, "\(error)")
  }
}
