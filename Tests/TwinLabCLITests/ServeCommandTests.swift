import Foundation
import Testing

/// A running `twinlab serve` process on a loopback port the system picked.
final class ServeProcess {
  let started: TwinlabProcess
  var process: Process { started.process }
  let url: String

  init(store: String, extra: [String] = []) throws {
    started = try TwinlabProcess(["serve", "--port", "0", "--store", store] + extra)

    // Read the first line on another thread, so a server that never prints fails the test
    // after ten seconds instead of hanging it.
    let line = LineBox()
    let handle = started.output.fileHandleForReading
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
      var bytes = Data()
      while !bytes.contains(UInt8(ascii: "\n")) {
        let chunk = handle.availableData
        if chunk.isEmpty { break }
        bytes += chunk
      }
      line.text = String(decoding: bytes, as: UTF8.self)
      done.signal()
    }
    guard done.wait(timeout: .now() + 10) == .success,
      let range = line.text.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression)
    else {
      started.process.terminate()
      throw ServeError.noURL(line.text)
    }
    url = String(line.text[range])
  }

  /// Sends `signal` and returns the exit status and everything written to stderr.
  func stop(_ signal: Int32 = SIGTERM) -> (status: Int32, log: String) {
    kill(process.processIdentifier, signal)
    let log = started.errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: log, as: UTF8.self))
  }

  deinit {
    if process.isRunning { process.terminate() }
  }

  final class LineBox: @unchecked Sendable {
    var text = ""
  }

  enum ServeError: Error {
    case noURL(String)
  }
}

@Suite struct ServeCommandTests {
  /// Runs `twinlab` with `arguments` and extra environment variables.
  static func run(
    _ arguments: [String], folder: URL, environment: [String: String] = [:]
  ) throws -> TwinsCLI.Result {
    let result = try runTwinlab(arguments, environment: environment, directory: folder)
    return TwinsCLI.Result(status: result.status, output: result.stdout, error: result.stderr)
  }

  @Test func twinsCommandsWorkOverServe() throws {
    let cli = try TwinsCLI()
    let serveStore = cli.folder.appendingPathComponent("served/twins.json").path
    let server = try ServeProcess(store: serveStore)
    func twins(_ arguments: String...) throws -> TwinsCLI.Result {
      try Self.run(
        ["twins", "--backend", "http", "--endpoint", server.url] + arguments, folder: cli.folder)
    }

    #expect(try twins("models", "upload", "models.json").status == 0)
    #expect(try twins("create", "lab", "dtmi:cli:Lab;1", #"{"name": "Main"}"#).status == 0)
    #expect(try twins("create", "d1", "dtmi:cli:Device;1").status == 0)
    let related = try twins("relate", "lab", "contains", "d1", "--id", "c1")
    #expect(related.output.contains(#""$relationshipId": "c1""#))
    let patched = try twins("patch", "d1", #"[{"op": "add", "path": "/load", "value": 0.5}]"#)
    #expect(patched.status == 0)
    #expect(patched.output.contains(#""load": 0.5"#))
    let query = try twins("query", "SELECT T.$dtId FROM DIGITALTWINS T WHERE T.load > 0")
    #expect(query.output.contains(#""$dtId": "d1""#))
    let incoming = try twins("relationships", "d1", "--incoming")
    #expect(incoming.output.contains(#""$sourceId": "lab""#))
    let missing = try twins("show", "ghost")
    #expect(missing.status == 65)
    #expect(missing.error.contains("DigitalTwinNotFound"))
    let badPatch = try twins("patch", "d1", #"[{"op": "move", "from": "/a", "path": "/load"}]"#)
    #expect(badPatch.status == 65)
    #expect(badPatch.error.contains("JsonPatchInvalid"))

    let (status, log) = server.stop()
    #expect(status == 0, "\(log)")
    #expect(log.contains("stopped"))
    let saved = try String(contentsOfFile: serveStore, encoding: .utf8)
    #expect(saved.contains("\"d1\""))
    // The saved file is a store that the mock backend reads.
    let shown = try Self.run(
      ["twins", "--store", serveStore, "show", "d1"], folder: cli.folder)
    #expect(shown.status == 0)
    #expect(shown.output.contains(#""load": 0.5"#))
    let unreachable = try twins("show", "d1")
    #expect(unreachable.status == 70)
    #expect(unreachable.error.contains("127.0.0.1"))
  }

  /// Models where the component comes from the extended model, so `create` must read both.
  static let componentModels = """
    [{"@context": "dtmi:dtdl:context;3", "@id": "dtmi:c:Therm;1", "@type": "Interface",
      "contents": [{"@type": "Property", "name": "setPoint", "schema": "double"}]},
     {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:c:Base;1", "@type": "Interface",
      "contents": [{"@type": "Component", "name": "thermostat", "schema": "dtmi:c:Therm;1"}]},
     {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:c:Room;1", "@type": "Interface",
      "extends": "dtmi:c:Base;1",
      "contents": [{"@type": "Property", "name": "name", "schema": "string"}]}]
    """

  @Test(arguments: ["mock", "http"])
  func createFillsInheritedComponents(backend: String) throws {
    let cli = try TwinsCLI()
    try Data(Self.componentModels.utf8).write(to: cli.folder.appendingPathComponent("c.json"))
    let store = cli.folder.appendingPathComponent("components.json").path
    var server: ServeProcess?
    var options = ["--store", store]
    if backend == "http" {
      let started = try ServeProcess(store: store)
      server = started
      options = ["--backend", "http", "--endpoint", started.url]
    }

    let upload = try Self.run(
      ["twins"] + options + ["models", "upload", "c.json"], folder: cli.folder)
    let created = try Self.run(
      ["twins"] + options + ["create", "r1", "dtmi:c:Room;1", #"{"name": "A"}"#],
      folder: cli.folder)

    #expect(upload.status == 0)
    #expect(created.status == 0, "\(created.error)")
    #expect(created.output.contains(#""thermostat": {"#))
    #expect(server?.stop().status ?? 0 == 0)
  }

  @Test func interruptSavesStore() throws {
    let cli = try TwinsCLI()
    let store = cli.folder.appendingPathComponent("interrupted.json").path
    let server = try ServeProcess(store: store)
    let upload = try Self.run(
      ["twins", "--backend", "http", "--endpoint", server.url, "models", "upload", "models.json"],
      folder: cli.folder)
    #expect(upload.status == 0)

    let (status, _) = server.stop(SIGINT)

    #expect(status == 0)
    let saved = try String(contentsOfFile: store, encoding: .utf8)
    #expect(saved.contains("dtmi:cli:Device;1"))
  }

  @Test func faultyServeStillServes() throws {
    let cli = try TwinsCLI()
    let store = cli.folder.appendingPathComponent("faulty.json").path
    let server = try ServeProcess(
      store: store, extra: ["--faults", "429=0.1,503=0.05", "--seed", "7"])
    func twins(_ arguments: String...) throws -> TwinsCLI.Result {
      try Self.run(
        ["twins", "--backend", "http", "--endpoint", server.url] + arguments, folder: cli.folder)
    }

    // Every request that the client may repeat is retried, so every command succeeds.
    #expect(try twins("models", "upload", "models.json").status == 0)
    for index in 0..<6 {
      #expect(try twins("create", "d\(index)", "dtmi:cli:Device;1").status == 0)
    }
    let patched = try twins("patch", "d1", #"[{"op": "add", "path": "/load", "value": 2}]"#)
    #expect(patched.status == 0)
    let query = try twins("query", "SELECT COUNT() FROM DIGITALTWINS")
    #expect(query.output.contains(#""COUNT": 6"#))

    let (status, log) = server.stop()
    #expect(status == 0)
    #expect(log.contains("stopped"))
    let injected = try #require(
      log.firstMatch(of: /injected (\d+) responses 429, (\d+) responses 503/))
    #expect((Int(injected.1) ?? 0) + (Int(injected.2) ?? 0) > 0, "\(log)")
  }

  /// Invalid `serve` and backend options, the exit status, and text stderr must contain.
  @Test(arguments: [
    (["serve", "--faults", "429=2"], 64, "429=2"),
    (["serve", "--faults", "429=0.1,teapot=1"], 64, "teapot=1"),
    (["serve", "--port", "70000"], 64, "70000"),
    (["serve", "--host", "10.1.2.3"], 64, "--allow-remote"),
    (["serve", "--host", "not-an-address", "--allow-remote"], 64, "not-an-address"),
    (["serve", "extra"], 64, "extra"),
    (["twins", "--backend", "http", "show", "d1"], 64, "--endpoint"),
    (["twins", "--backend", "htp", "--endpoint", "http://127.0.0.1:1", "show", "d1"], 64, "http"),
    (["twins", "--backend", "http", "--endpoint", "ftp://127.0.0.1", "show", "d1"], 64, "ftp"),
    (
      ["twins", "--backend", "http", "--endpoint", "http://127.0.0.1:1/adt", "show", "d1"], 64,
      "/adt"
    ),
    (["twins", "--endpoint", "http://127.0.0.1:1", "show", "d1"], 64, "--endpoint"),
    (
      ["twins", "--backend", "http", "--endpoint", "http://127.0.0.1:1", "show", "d1"], 70,
      "127.0.0.1"
    ),
  ])
  func invalidOptionsFail(arguments: [String], status: Int32, text: String) throws {
    let cli = try TwinsCLI()
    let result = try Self.run(arguments, folder: cli.folder)
    #expect(result.status == status)
    #expect(result.error.contains(text), "\(result.error)")
  }

  @Test func azureTokenNeverPrinted() throws {
    let cli = try TwinsCLI()
    let token = "eyJhbGciOiJub25lIn0.cli-leak-check.signature"
    let endpoints = [
      "http://127.0.0.1:1", "https://127.0.0.1:1", "https://lab.example.com",
    ]
    for endpoint in endpoints {
      let result = try Self.run(
        ["twins", "--backend", "azure", "--endpoint", endpoint, "show", "d1"],
        folder: cli.folder,
        environment: ["AZURE_DIGITAL_TWINS_TOKEN": token, "XDG_STATE_HOME": cli.folder.path])
      #expect(result.status == 64)
      // A failing azure backend never falls back to the embedded store.
      #expect(!FileManager.default.fileExists(atPath: cli.folder.path + "/twinlab"))
      #expect(result.error.contains(".digitaltwins.azure.net"))
      #expect(!(result.output + result.error).contains("cli-leak-check"))
    }
  }
}
