import Foundation
import Testing
import TwinLabEngine
import TwinLabModel

@testable import TwinLabREPL

/// Patches of unit twins act on the engine, and the engine's states reach the twins.
@Suite("Twins drive the engine")
struct TwinEngineLinkTests {
  /// The engine's state and the twin's status of every unit.
  private func states(_ session: ReplSession) throws -> [(id: String, engine: String, twin: String)]
  {
    let simulation = try #require(session.module.engine.simulation)
    return try simulation.unitStates.map { unit in
      let id = "\(unit.device)-\(unit.index + 1)"
      let twin = try session.module.backend.twin(id)
      guard case .object(let object) = twin, case .string(let status)? = object["status"] else {
        Issue.record("twin \(id) has no status")
        return (id, unit.state.rawValue, "")
      }
      return (id, unit.state.rawValue, status)
    }
  }

  private func expectConsistent(_ session: ReplSession) throws {
    for unit in try states(session) {
      #expect(unit.engine == unit.twin, "\(unit.id): engine \(unit.engine), twin \(unit.twin)")
    }
  }

  private func state(of id: String, in session: ReplSession) throws -> String {
    try #require(try states(session).first { $0.id == id }).engine
  }

  @Test("down status holds until patched back")
  func downStatusHolds() throws {
    let (session, transcript) = ReplTestSupport.session()
    #expect(session.load(file: ReplTestSupport.scenario) == .success)
    #expect(session.handle(":run 2h") == .success)
    try expectConsistent(session)
    #expect(session.handle(":patch centrifuge-1 replace /status \"Down\"") == .success)
    #expect(try state(of: "centrifuge-1", in: session) == "Down")
    #expect(session.handle(":run 3h") == .success, "\(transcript.error)")
    #expect(try state(of: "centrifuge-1", in: session) == "Down")
    try expectConsistent(session)
    #expect(session.handle(":patch centrifuge-1 replace /status \"Idle\"") == .success)
    #expect(session.handle(":run 1h") == .success)
    #expect(try state(of: "centrifuge-1", in: session) != "Down")
    try expectConsistent(session)
  }

  @Test("off status lowers the capacity")
  func offStatusLowersCapacity() throws {
    let (session, _) = ReplTestSupport.session()
    #expect(session.load(file: ReplTestSupport.scenario) == .success)
    #expect(session.handle(":run 1h") == .success)
    #expect(session.handle(":patch pooling-2 replace /status \"Off\"") == .success)
    #expect(session.handle(":run 4h") == .success)
    #expect(try state(of: "pooling-2", in: session) == "Off")
    #expect(try state(of: "pooling-3", in: session) == "Off")
    #expect(try state(of: "pooling-1", in: session) != "Off")
    try expectConsistent(session)
    #expect(session.handle(":patch pooling-3 replace /status \"Idle\"") == .success)
    #expect(session.handle(":run 1h") == .success)
    #expect(try state(of: "pooling-3", in: session) != "Off")
    #expect(try state(of: "pooling-2", in: session) != "Off")
    try expectConsistent(session)
  }

  @Test("other properties leave the engine alone")
  func otherPropertiesLeaveEngine() throws {
    let (session, _) = ReplTestSupport.session()
    #expect(session.load(file: ReplTestSupport.scenario) == .success)
    #expect(session.handle(":run 1h") == .success)
    let before = try states(session).map(\.engine)
    #expect(session.handle(":patch press-1 add /location \"Bench 4\"") == .success)
    #expect(try states(session).map(\.engine) == before)
  }
}
