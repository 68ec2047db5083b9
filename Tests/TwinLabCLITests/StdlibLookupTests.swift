import Foundation
import Testing

/// Runs the built binary from outside the checkout, so that only the search that starts at
/// the executable can find the standard library.
@Suite struct StdlibLookupTests {
  static func check(executable: URL, in folder: URL) throws -> (Int32, String) {
    let scenario = twinlabPackageRoot.appendingPathComponent("scenarios/platelet-lab.lab").path
    let result = try runTwinlab(
      ["check", scenario], environment: ["TWINLAB_STDLIB": nil], directory: folder,
      executable: executable)
    return (result.status, result.stderr)
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
    let (status, error) = try Self.check(executable: twinlabBinary, in: folder)
    #expect(status == 0, "\(error)")
    #expect(!error.contains("not found"))
  }

  @Test func symlinkedBinaryFindsStdlib() throws {
    let folder = try Self.scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let link = folder.appendingPathComponent("twinlab")
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: twinlabBinary)
    let (status, error) = try Self.check(executable: link, in: folder)
    #expect(status == 0, "\(error)")
  }
}
