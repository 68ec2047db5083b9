import Foundation
import TwinLabEngine
import TwinLabLanguage
import TwinLabModel
import TwinLabScripting
import TwinLabTwins

/// The REPL's operations as a host module: each `:command` is also the
/// function `repl.command(...)`, and both run the same code here.
///
/// `repl.load`, `repl.reload` and `repl.quit` take effect when the current
/// input has finished, because loading a file evaluates code itself.
public final class ReplModule: HostModule, @unchecked Sendable {
  /// The operations, as `repl.NAME`.
  public let operations: Set<String> = Set(ReplCommands.all.map { "repl.\($0.name)" })

  let engine = EngineSession()
  /// The patch-to-engine mapping of the lab's unit twins, once provisioned.
  var link: UnitTwinLink?
  var backend: any TwinBackend
  /// The mirror of the current simulation into `backend`, once provisioned.
  var mirror: LabMirror?
  /// Simulations started in this session, for the simulation twin's `runId`.
  var runCount: Int { engine.createdCount }
  var isTracing = false
  let stdlibPath: String?
  /// Receives trace lines and run notes.
  let output: @Sendable (String) -> Void
  /// Names bound by the user, for `repl.vars`; set by the loop.
  var userNames: () -> [String] = { [] }

  /// Work the loop does after the current input: a file to load, or quitting.
  enum Deferred: Equatable {
    case load(String)
    case reload
    case quit
  }
  var deferred: [Deferred] = []
  /// Whether a failure came from the engine or a backend rather than bad input,
  /// since the loop last cleared it.
  var lastFailureIsRuntime = false

  /// Creates the module with an in-memory twin store.
  public init(stdlibPath: String?, output: @escaping @Sendable (String) -> Void) {
    self.stdlibPath = stdlibPath
    self.output = output
    backend = EmbeddedBackend(store: TwinStore())
    engine.onChange = { [weak self] time, change in self?.observe(time, change) }
  }

  public func perform(
    _ name: String, arguments: [HostArgument], scenario: Scenario?
  ) throws -> Value {
    let command = String(name.dropFirst("repl.".count))
    let values = ArgumentReader(command: command, arguments: arguments)
    do {
      return try dispatch(command, values, scenario: scenario)
    } catch let failure as CommandUsageError {
      throw HostError(failure.message)
    } catch let error as HostError {
      lastFailureIsRuntime = true
      throw error
    }
  }

  private func dispatch(
    _ command: String, _ arguments: ArgumentReader, scenario: Scenario?
  ) throws -> Value {
    switch command {
    case "load":
      deferred.append(.load(try arguments.string(0, "FILE")))
      return .none
    case "reload":
      deferred.append(.reload)
      return .none
    case "quit":
      deferred.append(.quit)
      return .none
    case "help":
      return .string(ReplCommands.help(for: try arguments.optionalString(0)))
    case "run":
      return try run(arguments, scenario: scenario)
    case "step":
      return try step(count: try arguments.optionalCount(0) ?? 1, scenario: scenario)
    case "pause":
      engine.isPaused = engine.simulation != nil
      return .string(
        engine.simulation == nil ? "no run in progress" : "paused at \(clockText())")
    case "reset":
      engine.reset()
      mirror = nil
      return .string("the simulation is reset; the next run starts at the lab's start")
    case "status": return try status(scenario: scenario)
    case "kpis": return try kpis(scenario: scenario)
    case "devices": return try devices(scenario: scenario)
    case "queue": return try queue(try arguments.string(0, "STEP"), scenario: scenario)
    case "trace":
      isTracing = try arguments.switchValue(0)
      return .string("trace \(isTracing ? "on" : "off")")
    case "vars": return .list(userNames().map(Value.string))
    default:
      return try performTwins(command, arguments, scenario: scenario)
    }
  }

  // MARK: Engine

  private func run(_ arguments: ArgumentReader, scenario: Scenario?) throws -> Value {
    let simulation = try engine.simulation(for: scenario)
    try provisionIfNeeded(scenario)
    var target: Double?
    if let duration = try arguments.optionalDuration(0) {
      target = simulation.clock + duration
    }
    if let clock = try arguments.labeledClock("until") {
      let start = engine.scenario?.start ?? 0
      target =
        simulation.clock
        + EngineSession.secondsUntil(
          clock: clock, from: simulation.clock, start: start)
    }
    let pace = try arguments.labeledPace("pace")
    // The flag is not cleared here: a Ctrl-C typed just before the run starts
    // should stop it, not be lost.
    let finished = engine.run(simulation, until: target, pace: pace) {
      try? self.flushTwins()
    }
    InterruptFlag.clear()
    try flushTwins()
    if !finished { return .string("interrupted at \(clockText()); ':run' goes on from here") }
    let note = simulation.isComplete ? " (end of the run)" : ""
    return .string("clock \(clockText())\(note), \(simulation.eventCount) events")
  }

  private func step(count: Int, scenario: Scenario?) throws -> Value {
    let simulation = try engine.simulation(for: scenario)
    try provisionIfNeeded(scenario)
    var done = 0
    while done < count, simulation.step() { done += 1 }
    try flushTwins()
    return .string("\(done) event\(done == 1 ? "" : "s"), clock \(clockText())")
  }

  private func status(scenario: Scenario?) throws -> Value {
    let simulation = try engine.simulation(for: scenario)
    var state = engine.isPaused ? "paused" : "ready"
    if simulation.isComplete { state = "complete" }
    return .record(
      Record([
        ("clock", .string(clockText())), ("seconds", .duration(simulation.clock)),
        ("events", .number(Double(simulation.eventCount))),
        ("wip", .number(Double(simulation.workInProcess))), ("state", .string(state)),
      ]))
  }

  private func kpis(scenario: Scenario?) throws -> Value {
    let result = try engine.simulation(for: scenario).result()
    let kpis = result.kpis
    // Statistics start after the warm-up, so early in a run they cover little time.
    return .record(
      Record([
        ("observed", .duration(result.observed)),
        ("products", .number(Double(kpis.products))),
        ("throughput_per_day", .number((kpis.throughputPerDay * 100).rounded() / 100)),
        ("wip_mean", .number((kpis.wipMean * 100).rounded() / 100)),
        ("cycle_time_mean", .duration(kpis.cycleTime.mean.rounded())),
        ("arrivals", .number(Double(kpis.arrivals))),
        ("expired", .number(Double(kpis.expired))),
        ("scrapped", .number(Double(kpis.scrapped))),
        ("bottleneck", kpis.bottleneck.map(Value.string) ?? .none),
      ]))
  }

  private func devices(scenario: Scenario?) throws -> Value {
    let simulation = try engine.simulation(for: scenario)
    return .list(
      simulation.unitStates.map { unit in
        .record(
          Record([
            ("unit", .string("\(unit.device)-\(unit.index + 1)")),
            ("status", .string(unit.state.rawValue)),
          ]))
      })
  }

  private func queue(_ step: String, scenario: Scenario?) throws -> Value {
    let queues = try engine.simulation(for: scenario).queueLengths
    let matches = queues.filter { $0.step == step || $0.step.hasSuffix("." + step) }
    guard !matches.isEmpty else {
      let names = queues.map(\.step)
      let shortNames = names.map { String($0.split(separator: ".").last ?? "") }
      let hint = nearestName(to: step, among: shortNames).map { "; did you mean '\($0)'?" } ?? ""
      throw CommandUsageError(
        "unknown step '\(step)'\(hint) (steps: \(names.joined(separator: ", ")))")
    }
    if matches.count == 1 { return .number(Double(matches[0].length)) }
    return .record(Record(matches.map { ($0.step, .number(Double($0.length))) }))
  }

  func clockText() -> String {
    guard let simulation = engine.simulation else { return "not started" }
    return EngineSession.timeOfDay(simulation.clock, start: engine.scenario?.start ?? 0)
  }

  private func observe(_ time: Double, _ change: SimulationChange) {
    guard isTracing else { return }
    let when = EngineSession.timeOfDay(time, start: engine.scenario?.start ?? 0)
    switch change {
    case .unit(let device, let index, let from, let to):
      output("[\(when)] \(device)-\(index + 1) \(from.rawValue) -> \(to.rawValue)")
    case .queue(let step, let length):
      output("[\(when)] queue \(step) = \(length)")
    case .entity(let process, let id, let event):
      output("[\(when)] \(process) #\(id) \(event)")
    case .staff(let pool, let busy, let onDuty):
      output("[\(when)] staff \(pool) busy \(busy) of \(onDuty)")
    case .jobStarted(let device, let index, let entities):
      output("[\(when)] \(device)-\(index + 1) starts a job of \(entities)")
    case .jobFinished(let device, let index, let entities):
      output("[\(when)] \(device)-\(index + 1) finishes a job of \(entities)")
    }
  }
}

/// A command or function called with arguments it does not accept.
struct CommandUsageError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}
