import Foundation
import TwinLabModel

@testable import TwinLabLanguage

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let stdlibFolder = packageRoot.appendingPathComponent("stdlib").path

/// Loads `source` as a scenario named `test.lab`, with the package's standard library.
func load(_ source: String, path: String = "test.lab") -> ScenarioLoadResult {
  ScenarioLoader(stdlibPath: stdlibFolder).load(source: source, path: path)
}

/// Returns the error messages of `result`, with their suggestions.
func messages(_ result: ScenarioLoadResult) -> [String] {
  let renderer = DiagnosticRenderer(useColor: false)
  return result.diagnostics.filter { $0.severity == .error }.map { renderer.message(of: $0) }
}

/// Evaluates one expression in a fresh interpreter and returns its value or the first error.
func evaluate(_ expression: String) -> Result<Value, Diagnostic> {
  let interpreter = Interpreter(stdlibPath: stdlibFolder)
  let result = interpreter.evaluate(expression)
  if let error = result.diagnostics.first(where: { $0.severity == .error }) {
    return .failure(error)
  }
  return .success(result.values.last ?? .none)
}

/// Evaluates `expression` and returns the value's REPL text, or `error: message`.
func show(_ expression: String) -> String {
  switch evaluate(expression) {
  case .success(let value): value.description
  case .failure(let diagnostic):
    "error: " + DiagnosticRenderer(useColor: false).message(of: diagnostic)
  }
}

/// Builds a minimal valid lab, with `extra` inserted before the process.
func lab(_ extra: String = "", process: String = "step work on bench") -> String {
  """
  lab "Test" {
    shift day 07:00 - 15:00
    staff tech { day 2 }
    device bench { count 1; time 5min }
    buffer rack { capacity 10 }
  \(extra)
    process flow {
      arrivals { at 07:00 batch 4 }
      attribute group = choice(A: 50%, B: 50%)
      \(process)
    }
  }
  """
}
