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

  /// The conformance folder: `TWINLAB_CONFORMANCE` if set, else `../shared/conformance`
  /// beside the package root.
  static var suiteFolder: URL {
    if let override = ProcessInfo.processInfo.environment["TWINLAB_CONFORMANCE"] {
      return URL(fileURLWithPath: override).appendingPathComponent("dtdl-v3-spec")
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

  /// Runs every core case (those that do not use the quantitative-types extension).
  static func runCoreCases() throws -> [Outcome] {
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
        if JSONValue.array(input).serialized().contains("dtmi:dtdl:extension:quantitativeTypes;1") {
          continue
        }
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

  @Test func specificationCasesPass() throws {
    let folder = Self.suiteFolder
    try #require(
      FileManager.default.fileExists(atPath: folder.appendingPathComponent("NOTICE.md").path),
      "conformance cases not found at \(folder.path); set TWINLAB_CONFORMANCE to the folder that holds dtdl-v3-spec"
    )
    let outcomes = try Self.runCoreCases()
    #expect(outcomes.count > 6000, "expected the full core suite, ran \(outcomes.count) cases")
    let failures = outcomes.filter { $0.expected != $0.problems.isEmpty }
    let passed = outcomes.count - failures.count
    let rate = Double(passed) / Double(max(outcomes.count, 1)) * 100
    print(
      "DTDL v3 conformance: \(passed) of \(outcomes.count) core cases pass ("
        + String(format: "%.2f", rate) + " %)")
    for failure in failures where Self.knownGaps[failure.key] == nil {
      let detail =
        failure.expected
        ? "rejected a valid case: \(failure.problems.first.map(String.init(describing:)) ?? "")"
        : "accepted an invalid case"
      Issue.record("\(failure.key) \(detail)")
    }
    let failing = Set(failures.map(\.key))
    for key in Self.knownGaps.keys.sorted() where !failing.contains(key) {
      Issue.record("\(key) passes now; remove it from the known gaps")
    }
  }
}
