import Foundation
import TwinLabLanguage
import TwinLabModel

/// A scenario read from a file, with the sources for printing diagnostics.
struct LoadedScenario {
  var scenario: Scenario
  var sources: [String: String]
}

/// Reads and evaluates a scenario file.
///
/// - Throws: `CommandFailure` with status 66 for a missing file and 65 for a
///   scenario with errors, after printing its diagnostics.
func loadScenario(path: String) throws -> LoadedScenario {
  guard FileManager.default.fileExists(atPath: path) else {
    throw CommandFailure(status: .noInput, message: "cannot read '\(path)': no such file")
  }
  let result = ScenarioLoader().load(file: path)
  let renderer = DiagnosticRenderer(useColor: false)
  let text = result.diagnostics.map { renderer.render($0, sources: result.sources) }.joined()
  if result.missingFile {
    throw CommandFailure(status: .noInput, message: "cannot read '\(path)'")
  }
  guard let scenario = result.scenario, !result.hasErrors else {
    writeStandardError(text)
    throw CommandFailure(status: .dataError, message: "'\(path)' has errors")
  }
  if !text.isEmpty { writeStandardError(text) }
  return LoadedScenario(scenario: scenario, sources: result.sources)
}

/// Diagnostics as `file:line:column: severity: message` lines.
func renderDiagnostics(_ diagnostics: [Diagnostic], sources: [String: String]) -> String {
  var text = ""
  for diagnostic in diagnostics {
    if let location = diagnostic.location {
      text += "\(location.file):\(location.line):\(location.column): "
    }
    text += "\(diagnostic.severity.rawValue): \(diagnostic.message)"
    if let suggestion = diagnostic.suggestion { text += "; did you mean '\(suggestion)'?" }
    text += "\n"
    for note in diagnostic.notes { text += "  note: \(note)\n" }
  }
  return text
}
