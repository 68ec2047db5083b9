import Foundation
import Testing

private func temporaryFile(_ text: String) throws -> String {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("twinlab-check-\(UUID().uuidString).lab")
  try text.write(to: url, atomically: true, encoding: .utf8)
  return url.path
}

@Suite struct CheckCommandTests {
  @Test func goodScenarioIsSilent() throws {
    let (status, _, stderr) = try runTwinlab(["check", "scenarios/platelet-lab.lab"]).fields
    #expect(status == 0)
    #expect(stderr.isEmpty)
  }

  @Test func badScenarioExits65WithPositions() throws {
    let path = try temporaryFile("let a = 5 mins\nlet b = 5min + 3\n")
    let (status, _, stderr) = try runTwinlab(["check", path]).fields
    #expect(status == 65)
    #expect(stderr.contains("\(path):1:11: error: unknown unit 'mins'; did you mean 'min'?"))
    #expect(stderr.contains("\(path):2:9: error: cannot apply '+' to duration and number"))
    #expect(stderr.contains("^~~~"))
  }

  @Test func engineErrorsFailCheck() throws {
    let path = try temporaryFile(
      """
      lab "small rack" {
        device bench { count 1; time 1min }
        buffer rack { capacity 3 }
        process bags {
          arrivals { every exponential(mean: 5min) }
          attribute group = choice(a: 100%)
          hold at least 1min in rack
          pool 5 by group on bench
        }
      }
      """)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (status, _, stderr) = try runTwinlab(["check", path]).fields
    #expect(status == 65)
    #expect(stderr.contains("holds only 3, so no pool can ever form"), "\(stderr)")
  }

  @Test func engineWarningsKeepExitZero() throws {
    let path = try temporaryFile(
      """
      lab "no shifts" {
        staff tech { cost 38/h }
        device bench { count 1; time 1min with tech }
        process bags {
          arrivals { every exponential(mean: 5min) }
          step work on bench
        }
      }
      """)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (status, _, stderr) = try runTwinlab(["check", path]).fields
    #expect(status == 0)
    #expect(stderr.contains("no shift ever puts anyone of 'tech' on duty"), "\(stderr)")
  }

  @Test func missingFileExits66() throws {
    let (status, _, stderr) = try runTwinlab(["check", "/no/such/scenario.lab"]).fields
    #expect(status == 66)
    #expect(stderr.contains("cannot read '/no/such/scenario.lab'"))
  }

  @Test func noFileExits64() throws {
    let (status, _, stderr) = try runTwinlab(["check"]).fields
    #expect(status == 64)
    #expect(stderr.contains("no scenario file given"))
  }

  @Test func helpDescribesExitCodes() throws {
    let result = try runTwinlab(["check", "--help"])
    let text = result.stdout
    #expect(result.status == 0)
    #expect(text.contains("usage: twinlab check FILE..."))
    #expect(text.contains("66"))
  }
}
