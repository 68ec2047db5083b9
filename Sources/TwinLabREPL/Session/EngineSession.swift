import Foundation
import TwinLabEngine
import TwinLabLanguage
import TwinLabModel

/// The simulation the REPL drives: created from the lab declared so far on the
/// first run or step, kept between commands, and dropped by a reset or a load.
final class EngineSession {
  private(set) var simulation: Simulation?
  /// The scenario the simulation was built from.
  private(set) var scenario: Scenario?
  /// Whether the last run stopped early, by Ctrl-C or `:pause`.
  var isPaused = false
  /// Called for every change of engine state, after the simulation's own observer work.
  var onChange: ((Double, SimulationChange) -> Void)?
  /// Polled while running; a run stops when it returns `true`. Ctrl-C by default.
  var shouldStop: () -> Bool = { InterruptFlag.isSet }

  /// Returns the running simulation, building one for `scenario` if none exists.
  func simulation(for scenario: Scenario?) throws(HostError) -> Simulation {
    if let simulation { return simulation }
    guard let scenario else {
      throw HostError("no lab is declared yet: load a scenario with ':load FILE' first")
    }
    let made: Simulation
    do {
      made = try Simulation(scenario: scenario)
    } catch {
      let messages = error.diagnostics.map(\.message).joined(separator: "; ")
      throw HostError("the engine rejects the lab: \(messages)")
    }
    simulation = made
    createdCount += 1
    restoreObserver()
    self.scenario = scenario
    isPaused = false
    return made
  }

  /// Simulations created so far in this session.
  private(set) var createdCount = 0

  /// Sets the simulation's observer back to this session's own, dropping any
  /// mirror attached to it, so that a new mirror does not chain to an old one.
  func restoreObserver() {
    simulation?.observer = { [weak self] time, change in self?.onChange?(time, change) }
  }

  /// Forgets the simulation; the next run starts at the lab's start time.
  func reset() {
    simulation = nil
    scenario = nil
    isPaused = false
  }

  /// Runs until `target` seconds (or the horizon), optionally paced at
  /// `pace` simulated seconds per wall second, stopping early on Ctrl-C.
  ///
  /// - Parameters:
  ///   - between: Called between slices of a paced run, to deliver twin updates.
  /// - Returns: Whether the run reached its target.
  func run(
    _ simulation: Simulation, until target: Double?, pace: Double?, between: () -> Void
  ) -> Bool {
    isPaused = false
    let end = min(target ?? simulation.horizon, simulation.horizon)
    let finished: Bool
    if let pace {
      finished = runPaced(simulation, until: end, pace: pace, between: between)
    } else if target == nil {
      finished = simulation.runToEnd(shouldStop: shouldStop)
    } else {
      finished = runUnpaced(simulation, until: end)
    }
    if !finished { isPaused = true }
    return finished
  }

  private func runUnpaced(_ simulation: Simulation, until end: Double) -> Bool {
    // Slices of simulated time keep Ctrl-C prompt without a check per event.
    while simulation.clock < end, !simulation.isComplete {
      if shouldStop() { return false }
      simulation.run(until: min(end, simulation.clock + 600))
    }
    return true
  }

  private func runPaced(
    _ simulation: Simulation, until end: Double, pace: Double, between: () -> Void
  ) -> Bool {
    let startClock = simulation.clock
    let startWall = Date()
    while simulation.clock < end, !simulation.isComplete {
      if shouldStop() { return false }
      let elapsed = Date().timeIntervalSince(startWall)
      let allowed = min(end, startClock + elapsed * pace)
      if allowed > simulation.clock { simulation.run(until: allowed) }
      between()
      if simulation.clock < end { usleep(20_000) }
    }
    return true
  }

  /// Formats the clock as a time of day, counted from the scenario's start.
  static func timeOfDay(_ clock: Double, start: Double) -> String {
    let seconds = Int((start + clock).rounded(.down))
    let day = seconds / 86_400
    let rest = seconds % 86_400
    let text = String(format: "%02d:%02d:%02d", rest / 3600, rest % 3600 / 60, rest % 60)
    return day == 0 ? text : "day \(day + 1) \(text)"
  }

  /// Seconds from the clock `now` to the next time the day reaches `clock`.
  static func secondsUntil(clock: Double, from now: Double, start: Double) -> Double {
    let today = start + now
    var target = (today / 86_400).rounded(.down) * 86_400 + clock
    if target <= today { target += 86_400 }
    return target - today
  }
}
