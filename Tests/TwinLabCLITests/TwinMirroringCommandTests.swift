import Foundation
import Testing
import TwinLabModel

/// Creates a fresh folder under the temporary directory and returns its path.
private func temporaryFolder() throws -> String {
  let path = NSTemporaryDirectory() + "twinlab-mirror-\(UUID().uuidString)"
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

@Suite struct TwinMirroringCommandTests {
  @Test func runReportsTwinCounts() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = folder + "/twins.json"
    let (status, output, errors) = try runTwinlab([
      "run", "scenarios/platelet-lab.lab", "--format", "json", "--store", store,
    ]).fields
    #expect(status == 0, "\(errors)")
    let json = try JSONValue(parsing: output)
    guard case .object(let report) = json, case .object(let twins)? = report["twins"] else {
      Issue.record("no twins object in \(output.suffix(400))")
      return
    }
    #expect(
      twins.keys == [
        "backend", "twins", "relationships", "produced", "merged", "sent", "retried", "failed",
      ])
    #expect(twins["backend"] == .string("mock"))
    #expect(twins["twins"] == .number(14))
    #expect(twins["failed"] == .number(0))
    #expect(twins["retried"] == .number(0))
    guard case .number(let produced)? = twins["produced"], case .number(let sent)? = twins["sent"]
    else {
      Issue.record("counts are not numbers")
      return
    }
    #expect(produced > sent)
    #expect(sent > 0)
    #expect(FileManager.default.fileExists(atPath: store))

    // The run's own figures do not depend on mirroring.
    let (_, plain, _) = try runTwinlab([
      "run", "scenarios/platelet-lab.lab", "--format", "json", "--no-twins",
    ]).fields
    var withoutTwins = report
    withoutTwins["twins"] = nil
    #expect(try JSONValue(parsing: plain) == .object(withoutTwins))
  }

  @Test func syncPlansAppliesAndFollowsChanges() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = folder + "/twins.json"
    let scenario = "scenarios/platelet-lab.lab"

    let (planStatus, plan, planErrors) = try runTwinlab([
      "twins", "--store", store, "sync", scenario, "--plan",
    ]).fields
    #expect(planStatus == 0, "\(planErrors)")
    let planLines = plan.split(separator: "\n")
    #expect(planLines.first?.hasPrefix("upload models") == true)
    #expect(planLines.filter { $0.hasPrefix("create twin") }.count == 14)
    #expect(planLines.filter { $0.hasPrefix("create relationship") }.count == 51)
    #expect(!FileManager.default.fileExists(atPath: store))

    let (applyStatus, applied, _) = try runTwinlab(["twins", "--store", store, "sync", scenario])
      .fields
    #expect(applyStatus == 0)
    #expect(applied == plan)

    let (_, again, _) = try runTwinlab(["twins", "--store", store, "sync", scenario, "--plan"])
      .fields
    #expect(again.hasPrefix("nothing to change"), "\(again)")

    let source = try String(
      contentsOf: twinlabPackageRoot.appendingPathComponent(scenario), encoding: .utf8)
    let changed = source.replacingOccurrences(
      of: "device pooling { count 3;", with: "device pooling { count 2;")
    #expect(changed != source)
    let changedPath = folder + "/smaller.lab"
    try changed.write(toFile: changedPath, atomically: true, encoding: .utf8)
    let (changeStatus, changePlan, changeErrors) = try runTwinlab([
      "twins", "--store", store, "sync", changedPath, "--plan",
    ]).fields
    #expect(changeStatus == 0, "\(changeErrors)")
    let changeLines = changePlan.split(separator: "\n").map(String.init)
    #expect(changeLines.last == "delete twin pooling-3")
    #expect(changeLines.filter { $0.hasPrefix("delete twin") }.count == 1)
    #expect(changeLines.filter { $0.hasPrefix("create") }.isEmpty)
    #expect(changeLines.contains("delete relationship press-1 press-1-feeds-pooling-3"))
  }
}
