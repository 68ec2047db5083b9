import Foundation
import Testing

@testable import TwinLabREPL

/// Runs stop when their stop check fires, paced or not, and can go on afterwards.
@Suite("REPL run interruption")
struct RunInterruptionTests {
  static let runs = [":run", ":run 3d", ":run pace 1x", ":run until 20:00 pace 5x"]

  @Test("run stops when asked", arguments: runs)
  func runStops(_ command: String) throws {
    let (session, transcript) = ReplTestSupport.session()
    #expect(session.load(file: ReplTestSupport.scenario) == .success)
    var checks = 0
    // Stops at the second check, whichever loop makes it.
    session.module.engine.shouldStop = {
      checks += 1
      return checks >= 2
    }
    #expect(session.handle(command) == .success)
    #expect(transcript.output.contains("interrupted at"), "\(transcript.output)")
    let simulation = try #require(session.module.engine.simulation)
    #expect(!simulation.isComplete)
    #expect(session.module.engine.isPaused)

    // The same session goes on from where the run stopped.
    let stoppedAt = simulation.clock
    session.module.engine.shouldStop = { false }
    transcript.clear()
    #expect(session.handle(":run 1h") == .success)
    #expect(simulation.clock == stoppedAt + 3600)
    #expect(transcript.output.contains("events"))
  }
}
