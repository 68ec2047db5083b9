import Foundation
import TwinLabLanguage
import TwinLabModel

/// A scenario read from a file, with the sources for printing diagnostics.
struct LoadedScenario {
  var scenario: Scenario
  var sources: [String: String]
}

/// Reads and evaluates a scenario file, printing its warnings and errors.
///
/// - Throws: `CommandFailure` with status 66 for a missing file and 65 for a
///   scenario with errors.
func loadScenario(path: String) throws -> LoadedScenario {
  let result = ScenarioLoader().load(file: path)
  if !result.diagnostics.isEmpty {
    writeStandardError(renderDiagnostics(result.diagnostics, sources: result.sources))
  }
  if result.missingFile {
    throw CommandFailure(status: .noInput, message: "cannot read '\(path)'")
  }
  let errors = result.diagnostics.filter { $0.severity == .error }.count
  if errors == 0, result.scenario == nil { throw noLabFailure(path: path) }
  guard let scenario = result.scenario, errors == 0 else {
    throw CommandFailure(
      status: .dataError,
      message: "'\(path)' has \(errors) error\(errors == 1 ? "" : "s"); nothing was simulated")
  }
  return LoadedScenario(scenario: scenario, sources: result.sources)
}

/// The failure for a file that evaluates without errors but declares no lab.
func noLabFailure(path: String) -> CommandFailure {
  CommandFailure(
    status: .dataError,
    message: "'\(path)' declares no lab; add a block such as"
      + " `lab \"My lab\" { ... }` with its devices and processes")
}

/// Diagnostics with the source line and a caret, coloured only when stderr is
/// a terminal and `NO_COLOR` is unset.
func renderDiagnostics(_ diagnostics: [Diagnostic], sources: [String: String]) -> String {
  let environment = ProcessInfo.processInfo.environment
  let useColor = isatty(STDERR_FILENO) == 1 && environment["NO_COLOR"] == nil
  let renderer = DiagnosticRenderer(useColor: useColor)
  var text = ""
  for diagnostic in diagnostics {
    if diagnostic.location == nil { text += "twinlab run: " }
    text += renderer.render(diagnostic, sources: sources)
  }
  return text
}
