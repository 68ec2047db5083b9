import Foundation
import Testing
import TwinLabModel

/// Runs the built `twinlab` binary on model files.
@Suite struct ModelsCommandTests {
  struct Run {
    var status: Int32
    var output: String
    var error: String
  }

  static func twinlab(_ arguments: [String]) throws -> Run {
    let binary = twinlabBinary
    try #require(
      FileManager.default.isExecutableFile(atPath: binary.path),
      "build the package first; no binary at \(binary.path)")
    let result = try runTwinlab(arguments)
    return Run(status: result.status, output: result.stdout, error: result.stderr)
  }

  /// Creates a fresh temporary folder with `files` (name to contents).
  static func folder(_ files: [String: String]) throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("twinlab-models-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (name, text) in files {
      try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return folder
  }

  static let base = """
    {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:t:Base;1", "@type": "Interface",
     "contents": [{"@type": "Property", "name": "level", "schema": "double"}]}
    """
  static let derived = """
    {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:t:Tank;1", "@type": "Interface",
     "extends": "dtmi:t:Base;1",
     "contents": [{"@type": "Property", "name": "level", "schema": "double"}]}
    """

  @Test func standardModelsValidate() throws {
    let run = try Self.twinlab([
      "models", "validate", twinlabPackageRoot.appendingPathComponent("stdlib/dtdl").path,
    ])
    #expect(run.status == 0, "\(run.output)\(run.error)")
    #expect(run.output.contains("5 models in 5 files: valid"))
  }

  @Test func folderIsOneBatch() throws {
    let folder = try Self.folder(["base.json": Self.base, "tank.json": Self.derived])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try Self.twinlab(["models", "validate", folder.path])
    #expect(run.status == 65)
    let tank = folder.appendingPathComponent("tank.json").path
    #expect(run.output.contains("\(tank): dtmi:t:Tank;1: $.contents[0].name:"), "\(run.output)")
    #expect(run.output.contains("[duplicate-name]"))
  }

  @Test func looseFilesFormOneBatch() throws {
    let folder = try Self.folder(["base.json": Self.base, "tank.json": Self.derived])
    defer { try? FileManager.default.removeItem(at: folder) }
    let tank = folder.appendingPathComponent("tank.json").path
    let alone = try Self.twinlab(["models", "validate", tank])
    #expect(alone.status == 65)
    #expect(alone.output.contains("[unresolved-reference]"), "\(alone.output)")
    let both = try Self.twinlab([
      "models", "validate", tank, folder.appendingPathComponent("base.json").path,
    ])
    #expect(!both.output.contains("unresolved-reference"), "\(both.output)")
  }

  @Test func jsonFormatListsProblems() throws {
    let folder = try Self.folder(["tank.json": Self.derived])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try Self.twinlab(["models", "validate", folder.path, "--format", "json"])
    #expect(run.status == 65)
    let report = try JSONValue(parsing: run.output)
    guard case .object(let object) = report, case .array(let problems)? = object["problems"],
      case .object(let first)? = problems.first
    else {
      Issue.record("unexpected report: \(run.output)")
      return
    }
    #expect(object["valid"] == .bool(false))
    #expect(first["rule"] == .string("unresolved-reference"))
    #expect(first["modelId"] == .string("dtmi:t:Tank;1"))
    #expect(first["path"] == .string("$.extends"))
  }

  @Test func undefinedExtensionNeedsFlag() throws {
    let text = """
      {"@context": ["dtmi:dtdl:context;3", "dtmi:vendor:ext;1"], "@id": "dtmi:t:A;1", "@type": "Interface"}
      """
    let folder = try Self.folder(["a.json": text])
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try Self.twinlab(["models", "validate", folder.path]).status == 65)
    let allowed = try Self.twinlab([
      "models", "validate", folder.path, "--allow-undefined-extensions",
    ])
    #expect(allowed.status == 0, "\(allowed.output)")
  }

  @Test func invalidJSONIsDataError() throws {
    let folder = try Self.folder(["broken.json": "{\"@id\": 1,}"])
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try Self.twinlab(["models", "validate", folder.path])
    #expect(run.status == 65)
    #expect(run.output.contains("[invalid-json]"))
    #expect(run.output.contains("line 1, column 11"), "\(run.output)")
  }

  @Test(arguments: [
    (["models", "validate", "/nonexistent/models"], Int32(66)),
    (["models", "validate"], Int32(64)),
    (["models"], Int32(64)),
    (["models", "check", "x"], Int32(64)),
    (["models", "validate", "x", "--format", "yaml"], Int32(64)),
    (["models", "validate", "x", "--strict"], Int32(64)),
  ])
  func badInvocationExitCode(arguments: [String], status: Int32) throws {
    let run = try Self.twinlab(arguments)
    #expect(run.status == status, "\(run.error)")
    #expect(!run.error.isEmpty)
  }
}

extension ModelsCommandTests {
  @Test func repeatedRunsPrintSameOutput() throws {
    let text = """
      {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:t:A;1", "@type": "Interface",
       "extends": "dtmi:t:Missing;1",
       "contents": [{"@type": "Property", "name": "p", "schema": "dtmi:t:NoSchema;1"},
                    {"@type": "Component", "name": "c", "schema": "dtmi:t:NoPart;1"},
                    {"@type": "Property", "name": "p", "schema": "double"}]}
      """
    let folder = try Self.folder(["a.json": text])
    defer { try? FileManager.default.removeItem(at: folder) }
    let first = try Self.twinlab(["models", "validate", folder.path])
    #expect(first.status == 65)
    #expect(first.output.components(separatedBy: "\n").count > 4, "\(first.output)")
    for _ in 0..<3 {
      #expect(try Self.twinlab(["models", "validate", folder.path]).output == first.output)
    }
  }
}
