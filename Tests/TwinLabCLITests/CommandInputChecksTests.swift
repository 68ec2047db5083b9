import Foundation
import Testing

/// Bad paths and options that must fail at once with a message naming them.
@Suite struct CommandInputChecksTests {
  /// The working directory for every run, a scratch folder outside the checkout.
  static let scratch = FileManager.default.temporaryDirectory
  static let scenario = twinlabPackageRoot.appendingPathComponent(
    "scenarios/whatif-capacity.lab"
  ).path

  @Test func storeFolderExits66() throws {
    let folder = FileManager.default.temporaryDirectory.path
    let result = try runTwinlab(
      ["twins", "--store", folder, "models", "list"], directory: Self.scratch)
    #expect(result.status == 66)
    #expect(result.stderr.contains("is a folder"))
  }

  @Test func serveStoreFolderExits66() throws {
    let folder = FileManager.default.temporaryDirectory.path
    let result = try runTwinlab(
      ["serve", "--port", "0", "--store", folder], directory: Self.scratch)
    #expect(result.status == 66)
    #expect(result.stderr.contains("is a folder"))
  }

  @Test func unknownTwinsCommandListsSync() throws {
    let result = try runTwinlab(
      ["twins", "--store", "/nonexistent-dir/t.json", "bogus"], directory: Self.scratch)
    #expect(result.status == 64)
    #expect(result.stderr.contains("sync"))
  }

  @Test func syncMissingFileNamesTwins() throws {
    let arguments = ["twins", "--store", "/nonexistent-dir/t.json", "sync", "/nope.lab"]
    let result = try runTwinlab(arguments, directory: Self.scratch)
    #expect(result.status == 66)
    #expect(result.stderr.hasPrefix("twinlab twins: cannot read '/nope.lab'"))
    #expect(!result.stderr.contains("twinlab run"))
  }

  @Test func whatifMissingOutFolderExits66() throws {
    let result = try runTwinlab(
      ["whatif", Self.scenario, "--out", "/nonexistent-dir/x.txt"], directory: Self.scratch)
    #expect(result.status == 66)
    #expect(result.stderr.contains("/nonexistent-dir/x.txt"))
  }

  @Test(arguments: ["throughput => 80/day", "throughput == 80/day", "throughput =< 1"])
  func whatifBadOperatorNamed(target: String) throws {
    let result = try runTwinlab(
      ["whatif", Self.scenario, "--target", target], directory: Self.scratch)
    #expect(result.status == 64)
    #expect(result.stderr.contains("invalid operator"))
    #expect(!result.stderr.contains("unknown KPI"))
  }
}
