import Foundation
import Synchronization
import Testing
import TwinLabLanguage
import TwinLabModel
import TwinLabScripting
import TwinLabTwins

/// Collects the lines a script prints.
private final class PrintedLines: Sendable {
  let lines = Mutex<[String]>([])
  func append(_ line: String) { lines.withLock { $0.append(line) } }
  var all: [String] { lines.withLock { $0 } }
}

/// Runs `source` with a twins module over `backend`; returns the printed lines
/// lines, the error messages and the lab the script declared.
private func runScript(
  _ source: String, backend: (any TwinBackend)? = nil, path: String? = nil
) -> (printed: [String], errors: [String], scenario: Scenario?) {
  let module = TwinsModule(backend: backend, stdlibPath: MirrorFixtures.stdlib)
  return runScript(source, module: module, path: path)
}

/// Runs `source` with `module` as the only host module.
private func runScript(
  _ source: String, module: TwinsModule, path: String? = nil
) -> (printed: [String], errors: [String], scenario: Scenario?) {
  let printed = PrintedLines()
  let host = InterpreterHost.combining([module], output: { printed.append($0) })
  let interpreter = Interpreter(stdlibPath: MirrorFixtures.stdlib, host: host)
  let result = interpreter.evaluate(source, path: path)
  let errors = result.diagnostics.filter { $0.severity == .error }.map(\.message)
  return (printed.all, errors, interpreter.scenario)
}

@Suite struct TwinsModuleTests {
  @Test func provisionScriptBuildsLabGraph() throws {
    let path = MirrorFixtures.packageRoot + "/scenarios/provision.lab"
    let source = try String(contentsOfFile: path, encoding: .utf8)
    // The script connects to "mock" itself unless ADT_ENDPOINT is set.
    let module = TwinsModule(stdlibPath: MirrorFixtures.stdlib)
    let (printed, errors, declared) = runScript(source, module: module, path: path)
    #expect(errors.isEmpty, "\(errors)")
    let backend = try #require(module.backend)
    #expect(printed.first == "mock (memory)")
    #expect(printed.contains { $0.contains("create twin staff-tech") }, "\(printed)")

    let scenario = try #require(declared)
    let graph = LabGraph(scenario: scenario)
    let twins = try MirrorFixtures.twinsPerModel(backend)
    #expect(twins.values.reduce(0, +) == graph.twins.count)
    #expect(twins[LabGraph.deviceModel] == 3)
    let relationships = try MirrorFixtures.relationshipsPerName(backend)
    #expect(relationships.values.reduce(0, +) == graph.relationships.count)
    #expect(relationships["feeds"] == 2)
    #expect(relationships["operates"] == 1)
    let sync = LabSync(backend: backend, models: try MirrorFixtures.models())
    #expect(try sync.plan(graph).isEmpty)
    let centrifuge = try MirrorFixtures.document(backend, "centrifuge-1")
    #expect(centrifuge["status"] == .string("Idle"))
  }

  @Test func serviceErrorNamesCode() {
    let (_, errors, _) = runScript(
      """
      twins.connect("mock")
      twins.get("nothing-here")
      """)
    #expect(errors.count == 1)
    #expect(errors.first?.contains("DigitalTwinNotFound") == true, "\(errors)")
  }

  @Test(arguments: [
    (#"twins.get("x")"#, "not connected"),
    (#"twins.connect("http://127.0.0.1:1")"#, "write \"http http://127.0.0.1:1\""),
    (
      #"twins.connect("mock")"# + "\n"
        + #"twins.patch("x", [{ op: "add", path: "/a", value: normal(1, 2) }])"#, "has no JSON form"
    ),
    (#"twins.connect("mock")"# + "\n" + #"twins.create(1, "m")"#, "needs the id as a string"),
  ])
  func badCallsAreRejected(source: String, fragment: String) {
    let (_, errors, _) = runScript(source)
    #expect(errors.count == 1)
    #expect(errors.first?.contains(fragment) == true, "\(errors)")
  }

  @Test func scriptRoundTripsTwins() throws {
    let backend = try EmbeddedBackend()
    let (printed, errors, _) = runScript(
      """
      twins.upload(dtdl("dtdl"))
      twins.create("p-1", "dtmi:twinlab:Device;1", { deviceType: "press", unitIndex: 1, utilization: 50% })
      twins.create("p-2", "dtmi:twinlab:Device;1", { deviceType: "press", unitIndex: 2 })
      twins.relate("p-1", "feeds", "p-2")
      let twin = twins.get("p-1")
      print(twin.deviceType)
      print(twin.utilization)
      print(twins.relationships("p-1").count)
      twins.unrelate("p-1", "feeds", "p-2")
      print(twins.relationships("p-1").count)
      twins.delete("p-2")
      print(twins.models().count)
      print(twins.query("SELECT COUNT() FROM DIGITALTWINS"))
      """, backend: backend)
    #expect(errors.isEmpty, "\(errors)")
    #expect(Array(printed.prefix(5)) == ["press", "0.5", "1", "0", "5"], "\(printed)")
    #expect(printed.count == 6)
    #expect(printed.last?.contains("1") == true)
    #expect(throws: TwinBackendError.self) { try backend.twin("p-2") }
  }
}
