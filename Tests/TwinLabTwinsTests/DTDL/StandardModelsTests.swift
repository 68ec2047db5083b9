import Foundation
import Testing
import TwinLabModel
import TwinLabTwins

/// The DTDL models that ship in `stdlib/dtdl`.
@Suite struct StandardModelsTests {
  static var folder: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("stdlib/dtdl")
  }

  static func validateFolder() throws -> DTDLValidationResult {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".json") }.sorted()
    let documents = try names.map { name in
      let data = try Data(contentsOf: folder.appendingPathComponent(name))
      return (path: name, json: try JSONValue(parsing: [UInt8](data)))
    }
    return DTDLValidator().validate(documents: documents)
  }

  @Test func standardModelsAreValid() throws {
    let result = try Self.validateFolder()
    #expect(result.problems.isEmpty, "\(result.problems)")
    #expect(
      result.interfaces.keys.sorted() == [
        "dtmi:twinlab:Device;1", "dtmi:twinlab:Lab;1", "dtmi:twinlab:Process;1",
        "dtmi:twinlab:Simulation;1", "dtmi:twinlab:StaffPool;1",
      ])
  }

  @Test func deviceStatusHasEveryState() throws {
    let device = try #require(try Self.validateFolder().interfaces["dtmi:twinlab:Device;1"])
    guard case .enumeration(let valueSchema, let values)? = device.property(named: "status")?.schema
    else {
      Issue.record("Device status is not an enum")
      return
    }
    #expect(valueSchema == .string)
    #expect(
      values.map(\.name) == [
        "Idle", "Setup", "Processing", "Blocked", "WaitingForStaff", "Down", "Off",
      ])
    #expect(device.relationship(named: "feeds")?.target == "dtmi:twinlab:Device;1")
    #expect(device.telemetries.map(\.name) == ["stateChanged", "jobCompleted"])
  }

  /// Azure Digital Twins does not support commands and rejects inline component
  /// interfaces, so the shipped models use neither.
  @Test func standardModelsAvoidServiceLimits() throws {
    for interface in try Self.validateFolder().interfaces.values {
      #expect(interface.commands.isEmpty, "\(interface.id) defines commands")
      #expect(interface.components.isEmpty, "\(interface.id) defines components")
      #expect(interface.version == 3)
    }
  }

  @Test(arguments: [
    ("dtmi:twinlab:Lab;1", ["contains", "runs"]),
    ("dtmi:twinlab:StaffPool;1", ["operates"]),
    ("dtmi:twinlab:Process;1", ["uses"]),
    ("dtmi:twinlab:Simulation;1", ["simulates"]),
  ])
  func modelHasRelationships(id: String, names: [String]) throws {
    let interface = try #require(try Self.validateFolder().interfaces[id])
    #expect(interface.relationships.map(\.name) == names)
  }
}
