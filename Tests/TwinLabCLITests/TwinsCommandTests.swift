import Foundation
import Testing

/// Runs the built `twinlab` binary with `twins --store` pointed at a fresh file.
struct TwinsCLI {
  let folder: URL
  var store: String { folder.appendingPathComponent("state/twins.json").path }

  init() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "twinlab-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data(Self.models.utf8).write(to: folder.appendingPathComponent("models.json"))
  }

  struct Result {
    var status: Int32
    var output: String
    var error: String
  }

  @discardableResult
  func run(_ arguments: String...) throws -> Result {
    let result = try runTwinlab(["twins", "--store", store] + arguments, directory: folder)
    return Result(status: result.status, output: result.stdout, error: result.stderr)
  }

  func storeBytes() throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: store))
  }

  static let models = """
    [
      {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:cli:Device;1", "@type": "Interface",
       "contents": [
         {"@type": "Property", "name": "load", "schema": "double"},
         {"@type": "Property", "name": "status", "schema": {"@type": "Enum",
          "valueSchema": "string", "enumValues": [
            {"name": "Idle", "enumValue": "Idle"}, {"name": "Down", "enumValue": "Down"}]}},
         {"@type": "Relationship", "name": "feeds", "target": "dtmi:cli:Device;1"}]},
      {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:cli:Lab;1", "@type": "Interface",
       "contents": [
         {"@type": "Property", "name": "name", "schema": "string"},
         {"@type": "Relationship", "name": "contains", "target": "dtmi:cli:Device;1"}]}
    ]
    """
}

@Suite struct TwinsCommandTests {
  static func seeded() throws -> TwinsCLI {
    let cli = try TwinsCLI()
    try #require(try cli.run("models", "upload", "models.json").status == 0)
    try #require(try cli.run("create", "lab", "dtmi:cli:Lab;1", #"{"name": "Main"}"#).status == 0)
    try #require(try cli.run("create", "d1", "dtmi:cli:Device;1").status == 0)
    try #require(try cli.run("create", "d2", "dtmi:cli:Device;1").status == 0)
    return cli
  }

  @Test func commandsSeeEarlierChanges() throws {
    let cli = try Self.seeded()
    let listed = try cli.run("models", "list")
    #expect(listed.status == 0)
    #expect(listed.output.contains("dtmi:cli:Lab;1"))
    let related = try cli.run("relate", "lab", "contains", "d1", "--id", "c1")
    #expect(related.status == 0)
    #expect(related.output.contains(#""$relationshipId": "c1""#))
    let patched = try cli.run("patch", "d1", #"[{"op": "add", "path": "/load", "value": 0.5}]"#)
    #expect(patched.status == 0)
    let shown = try cli.run("show", "d1")
    #expect(shown.output.contains(#""load": 0.5"#))
    let query = try cli.run("query", "SELECT T.$dtId FROM DIGITALTWINS T WHERE T.load > 0")
    #expect(query.output.contains(#""$dtId": "d1""#))
    #expect(!query.output.contains("d2"))
    let incoming = try cli.run("relationships", "d1", "--incoming")
    #expect(incoming.output.contains(#""$sourceId": "lab""#))
    let outgoing = try cli.run("relationships", "lab")
    #expect(outgoing.output.contains(#""$targetId": "d1""#))
    #expect(try cli.run("unrelate", "lab", "c1").status == 0)
    #expect(try cli.run("delete", "d1").status == 0)
    #expect(try cli.run("show", "d1").status == 65)
  }

  @Test func patchReadsFileArgument() throws {
    let cli = try Self.seeded()
    let patchFile = cli.folder.appendingPathComponent("patch.json")
    try Data(#"[{"op": "add", "path": "/status", "value": "Down"}]"#.utf8).write(to: patchFile)
    let result = try cli.run("patch", "d2", "@" + patchFile.path)
    #expect(result.status == 0)
    #expect(result.output.contains(#""status": "Down""#))
  }

  /// Failing commands, their exit status and the text stderr must contain.
  @Test(arguments: [
    (["show", "ghost"], 65, "DigitalTwinNotFound"),
    (["create", "d3", "dtmi:cli:Nope;1"], 65, "ValidationFailed"),
    (["create", "d3", "dtmi:cli:Device;1", #"{"load": "heavy"}"#], 65, "heavy"),
    (["create", "d3", "dtmi:cli:Device;1", "{bad"], 65, "not valid JSON"),
    (
      ["patch", "d1", #"[{"op": "replace", "path": "/load", "value": 1}]"#], 65, "JsonPatchInvalid"
    ),
    (["patch", "d1", #"[{"op": "move", "from": "/a", "path": "/load"}]"#], 65, "move"),
    (["patch", "d1", "@missing.json"], 66, "missing.json"),
    (["relate", "lab", "owns", "d1"], 65, "InvalidRelationship"),
    (["relate", "d1", "feeds", "lab"], 65, "dtmi:cli:Device;1"),
    (["models", "upload", "models.json"], 65, "ModelIdAlreadyExists"),
    (["models", "upload", "absent.json"], 66, "absent.json"),
    (["models", "delete", "dtmi:cli:Other;1"], 65, "ModelNotFound"),
    (["query", "SELECT * FROM"], 65, "SqlQueryError"),
    (["frobnicate"], 64, "frobnicate"),
    (["--backend", "azure", "show", "d1"], 64, "azure"),
  ])
  func failingCommandReportsCode(arguments: [String], status: Int32, text: String) throws {
    let cli = try Self.seeded()
    let before = try cli.storeBytes()
    let result = try runTwinlab(["twins", "--store", cli.store] + arguments, directory: cli.folder)
    let message = result.stderr
    #expect(result.status == status)
    #expect(message.contains(text), "\(message)")
    #expect(try cli.storeBytes() == before)
  }

  @Test func invalidModelFileIsRejected() throws {
    let cli = try TwinsCLI()
    let file = cli.folder.appendingPathComponent("bad.json")
    try Data(
      #"{"@context": "dtmi:dtdl:context;3", "@id": "dtmi:cli:Bad;1", "@type": "Interface", "contents": [{"@type": "Property", "name": "x", "schema": "quaternion"}]}"#
        .utf8
    ).write(to: file)
    let result = try cli.run("models", "upload", file.path)
    #expect(result.status == 65)
    #expect(result.error.contains("DTDLParserError"))
    #expect(!FileManager.default.fileExists(atPath: cli.store))
  }
}
