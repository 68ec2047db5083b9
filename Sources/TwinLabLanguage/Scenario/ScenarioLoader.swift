import Foundation
import TwinLabModel

/// The outcome of loading a scenario file.
public struct ScenarioLoadResult: Sendable {
  /// The lab model; `nil` when any error was found or the file declares no lab.
  public var scenario: Scenario?
  /// Errors and warnings, sorted by location.
  public var diagnostics: [Diagnostic]
  /// The text of every file read, by path, for rendering diagnostics.
  public var sources: [String: String]
  /// Whether the file itself could not be read, which the CLI reports as missing input.
  public var missingFile: Bool

  public init(
    scenario: Scenario?, diagnostics: [Diagnostic], sources: [String: String],
    missingFile: Bool = false
  ) {
    self.scenario = scenario
    self.diagnostics = diagnostics
    self.sources = sources
    self.missingFile = missingFile
  }

  /// Whether any diagnostic is an error.
  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Loads scenario files: lexes, parses, evaluates imports and declarations,
/// and returns the lab model with every diagnostic.
public struct ScenarioLoader: Sendable {
  /// The standard library folder that `import` searches after the importing file's folder.
  public let stdlibPath: String?

  /// Creates a loader; with `nil`, the standard library is `TWINLAB_STDLIB`, then
  /// `stdlib` next to the executable, then `stdlib` in the working directory.
  public init(stdlibPath: String? = nil) {
    self.stdlibPath = stdlibPath ?? ModuleResolver.defaultStdlibPath()
  }

  /// Loads the scenario in the file at `path`.
  public func load(file path: String) -> ScenarioLoadResult {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
      let data = FileManager.default.contents(atPath: path)
    else {
      let reason =
        isFolder.boolValue
        ? "is a folder, not a scenario file" : "no such file or it cannot be read"
      let diagnostic = Diagnostic(.error, at: nil, "cannot read '\(path)': \(reason)")
      return ScenarioLoadResult(
        scenario: nil, diagnostics: [diagnostic], sources: [:], missingFile: true)
    }
    return load(bytes: [UInt8](data), path: path)
  }

  /// Loads the scenario in `source`, naming it `path` in diagnostics and imports.
  public func load(source: String, path: String) -> ScenarioLoadResult {
    load(bytes: Array(source.utf8), path: path)
  }

  func load(bytes: [UInt8], path: String) -> ScenarioLoadResult {
    runWithLargeStack {
      let evaluator = Evaluator(
        host: InterpreterHost(), modules: ModuleResolver(stdlibPath: stdlibPath))
      evaluator.sources[path] = String(decoding: bytes, as: UTF8.self)
      let parsed = Parser.parse(bytes: bytes, file: path)
      evaluator.diagnostics = parsed.diagnostics
      evaluator.modules.loading.append(ModuleResolver.standardized(path))
      _ = evaluator.run(parsed.statements, in: evaluator.globals)
      evaluator.finishDeclarations(in: evaluator.globals)

      let diagnostics = Self.sorted(evaluator.diagnostics)
      var scenario = evaluator.scenario
      if diagnostics.contains(where: { $0.severity == .error }) { scenario = nil }
      return ScenarioLoadResult(
        scenario: scenario, diagnostics: diagnostics, sources: evaluator.sources)
    }
  }

  /// Diagnostics in file, line and column order; ones without a place come first.
  static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    let indexed = diagnostics.enumerated().map { ($0.offset, $0.element) }
    return indexed.sorted { a, b in
      switch (a.1.location, b.1.location) {
      case (nil, nil): return a.0 < b.0
      case (nil, _): return true
      case (_, nil): return false
      case (let x?, let y?): return x == y ? a.0 < b.0 : x < y
      }
    }.map(\.1)
  }
}

/// Runs `body` on a thread with a 64 MB stack, so that deep but allowed nesting
/// cannot overflow the small stacks of worker threads, and waits for its result.
func runWithLargeStack<T>(_ body: @escaping () -> T) -> T {
  let box = ResultBox(body)
  let done = DispatchSemaphore(value: 0)
  let thread = Thread {
    box.value = box.body()
    done.signal()
  }
  thread.stackSize = 64 << 20
  thread.start()
  done.wait()
  // The thread stored the value before signalling, so it is set here.
  return box.value!
}

/// Carries a closure and its result across to the large-stack thread.
private final class ResultBox<T>: @unchecked Sendable {
  var value: T?
  let body: () -> T

  init(_ body: @escaping () -> T) {
    self.body = body
  }
}
