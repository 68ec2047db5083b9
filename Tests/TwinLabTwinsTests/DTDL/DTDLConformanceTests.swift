import Foundation
import Testing
import TwinLabModel
import TwinLabTwins

/// Runs the DTDL v3 specification's conformance cases: each case is a batch of
/// documents and whether the language accepts it.
@Suite struct DTDLConformanceTests {
  /// Cases that fail today, keyed by `file#index`, with the reason. A failing case
  /// that is not listed here fails the test; a listed case that passes fails it too,
  /// so the table stays current.
  static let knownGaps: [String: String] = [:]

  /// The DTDL v3 case folder: `TWINLAB_CONFORMANCE` if set (the conformance folder, or
  /// its `dtdl-v3-spec` folder itself), else `../shared/conformance/dtdl-v3-spec` beside
  /// the package root.
  static var suiteFolder: URL {
    if let override = ProcessInfo.processInfo.environment["TWINLAB_CONFORMANCE"] {
      let folder = URL(fileURLWithPath: override)
      if folder.lastPathComponent == "dtdl-v3-spec" { return folder }
      return folder.appendingPathComponent("dtdl-v3-spec")
    }
    let packageRoot = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    return packageRoot.deletingLastPathComponent()
      .appendingPathComponent("shared/conformance/dtdl-v3-spec")
  }

  struct Outcome {
    var key: String
    var expected: Bool
    var problems: [DTDLProblem]
  }

  /// Runs the core cases (those that do not use the quantitative-types extension),
  /// or with `quantitative` the cases that do.
  static func runCases(quantitative: Bool = false) throws -> [Outcome] {
    let folder = suiteFolder
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".json") }.sorted()
    var outcomes: [Outcome] = []
    for name in names {
      let data = try Data(contentsOf: folder.appendingPathComponent(name))
      guard case .array(let cases) = try JSONValue(parsing: [UInt8](data)) else {
        Issue.record("\(name) does not hold an array of cases")
        continue
      }
      for (index, testCase) in cases.enumerated() {
        guard case .object(let object) = testCase, case .bool(let valid)? = object["valid"],
          case .array(let input)? = object["input"]
        else {
          Issue.record("\(name)#\(index) is not a conformance case")
          continue
        }
        let usesExtension = JSONValue.array(input).serialized().contains(
          "dtmi:dtdl:extension:quantitativeTypes;1")
        if usesExtension != quantitative { continue }
        var allowUndefined = false
        if case .array(let options)? = object["options"] {
          allowUndefined = options.contains(.string("AllowUndefinedExtensions"))
        }
        let documents = input.enumerated().map { (path: "input[\($0)]", json: $1) }
        let result = DTDLValidator(allowUndefinedExtensions: allowUndefined)
          .validate(documents: documents)
        outcomes.append(
          Outcome(key: "\(name)#\(index)", expected: valid, problems: result.problems))
      }
    }
    return outcomes
  }

  @Test func coreCasesAllPass() throws {
    try Self.requireSuiteFolder()
    let outcomes = try Self.runCases()
    #expect(outcomes.count > 6000, "expected the full core suite, ran \(outcomes.count) cases")
    Self.check(outcomes, label: "core")
  }

  @Test func quantitativeTypeCasesPass() throws {
    try Self.requireSuiteFolder()
    let outcomes = try Self.runCases(quantitative: true)
    #expect(outcomes.count > 40, "expected the quantitative-types cases, ran \(outcomes.count)")
    Self.check(outcomes, label: "quantitative-types")
  }

  static func requireSuiteFolder() throws {
    let folder = suiteFolder
    try #require(
      FileManager.default.fileExists(atPath: folder.appendingPathComponent("NOTICE.md").path),
      "conformance cases not found at \(folder.path); set TWINLAB_CONFORMANCE to the folder that contains dtdl-v3-spec"
    )
  }

  /// Prints the pass rate and records every failing case that is not a known gap.
  static func check(_ outcomes: [Outcome], label: String) {
    let failures = outcomes.filter { $0.expected != $0.problems.isEmpty }
    let passed = outcomes.count - failures.count
    let rate = Double(passed) / Double(max(outcomes.count, 1)) * 100
    print(
      "DTDL v3 conformance (\(label)): \(passed) of \(outcomes.count) cases pass ("
        + String(format: "%.2f", rate) + " %)")
    for failure in failures where knownGaps[failure.key] == nil {
      let detail =
        failure.expected
        ? "rejected a valid case: \(failure.problems.first.map(String.init(describing:)) ?? "")"
        : "accepted an invalid case"
      Issue.record("\(failure.key) \(detail)")
    }
    let failing = Set(failures.map(\.key))
    let keys = Set(outcomes.map(\.key))
    for key in knownGaps.keys.sorted() where keys.contains(key) && !failing.contains(key) {
      Issue.record("\(key) passes now; remove it from the known gaps")
    }
  }
}
