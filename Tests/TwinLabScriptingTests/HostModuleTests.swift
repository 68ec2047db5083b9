import Testing
import TwinLabLanguage
import TwinLabModel
import TwinLabScripting

/// A module that records calls and returns the operation's name as a string.
private final class EchoModule: HostModule, @unchecked Sendable {
  let operations: Set<String>
  let tag: String
  var calls: [String] = []

  init(tag: String, operations: Set<String>) {
    self.tag = tag
    self.operations = operations
  }

  func perform(_ name: String, arguments: [HostArgument], scenario: Scenario?) throws -> Value {
    calls.append(name)
    return .string("\(tag):\(name)")
  }
}

@Suite struct HostModuleTests {
  @Test func combinedHostRoutesByOperation() throws {
    let engine = EchoModule(tag: "engine", operations: ["simulate"])
    let twins = EchoModule(tag: "twins", operations: ["twins.query", "simulate"])
    let host = InterpreterHost.combining([engine, twins], output: { _ in })

    #expect(host.operations == ["simulate", "twins.query"])
    #expect(try host.perform("simulate", [], nil) == .string("engine:simulate"))
    #expect(try host.perform("twins.query", [], nil) == .string("twins:twins.query"))
    #expect(engine.calls == ["simulate"])
    #expect(twins.calls == ["twins.query"])
  }

  @Test func unknownOperationIsRejected() {
    let host = InterpreterHost.combining([], output: { _ in })
    #expect(throws: HostError.self) { try host.perform("twins.connect", [], nil) }
  }
}
