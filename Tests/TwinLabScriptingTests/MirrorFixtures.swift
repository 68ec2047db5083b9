import Foundation
import TwinLabLanguage
import TwinLabModel
import TwinLabScripting
import TwinLabTwins

/// The package's scenarios and standard library, for the mirror tests.
enum MirrorFixtures {
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
  static let stdlib = packageRoot + "/stdlib"

  /// Loads `scenarios/NAME` with the package's standard library.
  static func scenario(_ name: String = "platelet-lab.lab") throws -> Scenario {
    let result = ScenarioLoader(stdlibPath: stdlib).load(file: packageRoot + "/scenarios/" + name)
    guard let scenario = result.scenario, !result.hasErrors else {
      throw HostError("cannot load \(name): \(result.diagnostics.map(\.message))")
    }
    return scenario
  }

  static func models() throws -> [JSONValue] {
    try StandardModels.load(stdlibPath: stdlib)
  }

  /// Counts the stored twins per model id.
  static func twinsPerModel(_ backend: any TwinBackend) throws -> [String: Int] {
    var counts: [String: Int] = [:]
    for row in try backend.queryAll("SELECT T.$metadata.$model AS model FROM DIGITALTWINS T") {
      if case .object(let object) = row, case .string(let model)? = object["model"] {
        counts[model, default: 0] += 1
      }
    }
    return counts
  }

  /// Counts the stored relationships per name.
  static func relationshipsPerName(_ backend: any TwinBackend) throws -> [String: Int] {
    var counts: [String: Int] = [:]
    for row in try backend.queryAll("SELECT R.$relationshipName AS name FROM RELATIONSHIPS R") {
      if case .object(let object) = row, case .string(let name)? = object["name"] {
        counts[name, default: 0] += 1
      }
    }
    return counts
  }

  static func document(_ backend: any TwinBackend, _ id: String) throws -> JSONObject {
    guard case .object(let object) = try backend.twin(id) else { return JSONObject() }
    return object
  }
}
