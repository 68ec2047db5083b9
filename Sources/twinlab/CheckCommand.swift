import Foundation
import TwinLabEngine
import TwinLabLanguage
import TwinLabModel

/// `twinlab check FILE...`: parses and evaluates scenarios without simulating.
enum CheckCommand: Subcommand {
  static let name = "check"
  static let summary = "check scenario files for errors without simulating"
  static let help = """
    usage: twinlab check FILE...

    Parses and evaluates each scenario file, with its imports, and checks every
    reference (devices, staff pools, shifts, buffers, steps, what-if paths,
    experiment variants) without running the simulation.

    Prints nothing and exits 0 when every file is fine. Otherwise prints each
    error and warning to stderr as 'path:line:column: error: message', followed
    by the source line with a caret under the fault.

    Imports are searched in the importing file's folder, then in the standard
    library: $TWINLAB_STDLIB, 'stdlib' next to the twinlab executable, or
    'stdlib' in the working directory.

    Colour is used only when stderr is a terminal and NO_COLOR is unset.

    Exit status: 0 all files fine (warnings allowed), 64 no file given,
    65 a scenario has errors, 66 a file is missing or unreadable.
    """

  static func run(_ arguments: [String]) throws -> ExitStatus {
    let scanned = try ArgumentScanner(valued: [], flags: []).scan(arguments)
    guard !scanned.positionals.isEmpty else {
      throw CommandFailure.usage("no scenario file given; usage: twinlab check FILE...")
    }
    let environment = ProcessInfo.processInfo.environment
    let useColor = isatty(STDERR_FILENO) == 1 && environment["NO_COLOR"] == nil
    let renderer = DiagnosticRenderer(useColor: useColor)
    let loader = ScenarioLoader()

    var status = ExitStatus.success
    for path in scanned.positionals {
      let result = loader.load(file: path)
      var diagnostics = result.diagnostics
      // The engine validates the whole lab when a run is built, as `run` does,
      // so `check` rejects what `run` rejects without simulating anything.
      if !result.hasErrors, let scenario = result.scenario {
        do {
          diagnostics += try Simulation(scenario: scenario).warnings
        } catch {
          diagnostics += error.diagnostics
        }
      }
      var text = ""
      for diagnostic in diagnostics {
        if diagnostic.location == nil {
          text += "twinlab check: " + renderer.render(diagnostic, sources: result.sources)
        } else {
          text += renderer.render(diagnostic, sources: result.sources)
        }
      }
      if !text.isEmpty { writeStandardError(text) }
      let hasErrors = diagnostics.contains { $0.severity == .error }
      if result.missingFile {
        status = .noInput
      } else if hasErrors, status == .success {
        status = .dataError
      }
    }
    return status
  }
}
