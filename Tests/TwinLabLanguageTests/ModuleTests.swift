import Foundation
import Testing
import TwinLabModel

@testable import TwinLabLanguage

@Suite struct ModuleTests {
  /// Writes `files` into a fresh temporary folder and returns its path.
  static func folder(_ files: [String: String]) throws -> String {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("twinlab-modules-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    for (name, text) in files {
      try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return url.path
  }

  @Test func importMergesNamesFromFolder() throws {
    let folder = try Self.folder([
      "main.lab": "import \"helpers\"\nassert twice(2) == 4\nassert base == 10",
      "helpers.lab": "let base = 10\nfn twice(x) { return 2 * x }",
    ])
    let result = ScenarioLoader(stdlibPath: nil).load(file: folder + "/main.lab")
    #expect(result.diagnostics.isEmpty)
    #expect(result.sources.count == 2)
  }

  @Test func importAsBindsRecord() throws {
    let folder = try Self.folder([
      "main.lab": "import \"helpers\" as h\nassert h.base == 10\nassert h.twice(3) == 6",
      "helpers.lab": "let base = 10\nfn twice(x) { return 2 * x }",
    ])
    #expect(ScenarioLoader(stdlibPath: nil).load(file: folder + "/main.lab").diagnostics.isEmpty)
  }

  @Test func stdlibIsSearchedAfterFolder() {
    let result = load("import \"platelet\"\nassert pool_size == 4\nassert mean(hard_spin) > 20min")
    #expect(result.diagnostics.isEmpty)
  }

  @Test func cyclicImportIsAnError() throws {
    let folder = try Self.folder([
      "a.lab": "import \"b\"", "b.lab": "import \"c\"", "c.lab": "import \"a\"",
    ])
    let result = ScenarioLoader(stdlibPath: nil).load(file: folder + "/a.lab")
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.message == "cyclic import: a.lab -> b.lab -> c.lab -> a.lab")
    #expect(diagnostic.location?.file == folder + "/c.lab")
  }

  @Test func missingModuleNamesSearchedFolders() {
    let result = load("import \"nothing_here\"")
    #expect(
      messages(result).first?.hasPrefix("module 'nothing_here' not found; searched .") == true)
  }

  @Test func errorInModuleNamesModuleFile() throws {
    let folder = try Self.folder(["main.lab": "import \"bad\"", "bad.lab": "let x = 5min + 1"])
    let result = ScenarioLoader(stdlibPath: nil).load(file: folder + "/main.lab")
    #expect(result.diagnostics.first?.location?.file == folder + "/bad.lab")
    #expect(result.sources[folder + "/bad.lab"] == "let x = 5min + 1")
  }

  @Test func missingFileIsFlagged() {
    let result = ScenarioLoader(stdlibPath: nil).load(file: "/no/such/file.lab")
    #expect(result.missingFile)
    #expect(result.scenario == nil)
    #expect(result.hasErrors)
  }
}
