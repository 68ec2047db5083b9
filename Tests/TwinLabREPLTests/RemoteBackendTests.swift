import Foundation
import Testing

/// `:backend http URL` against a `twinlab serve` started on 127.0.0.1.
@Suite("REPL with the http backend")
struct RemoteBackendTests {
  @Test("patches reach engine over http")
  func patchesOverHTTP() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("twinlab-repl-serve-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let server = Process()
    server.executableURL = URL(fileURLWithPath: ReplTestSupport.binary)
    server.arguments = ["serve", "--port", "0", "--store", folder + "/twins.json"]
    let output = Pipe()
    server.standardOutput = output
    server.standardError = FileHandle.nullDevice
    try server.run()
    defer {
      server.terminate()
      server.waitUntilExit()
    }
    // The first line names the URL: "twinlab serve: listening on http://127.0.0.1:PORT".
    var line = ""
    while !line.hasSuffix("\n") {
      let byte = output.fileHandleForReading.readData(ofLength: 1)
      guard !byte.isEmpty else { break }
      line += String(decoding: byte, as: UTF8.self)
    }
    let url = try #require(line.split(separator: " ").last.map(String.init))
      .trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(url.hasPrefix("http://127.0.0.1:"))

    let script = """
      :backend http \(url)
      :patch centrifuge-2 replace /status "Down"
      :run 2h
      :query SELECT T.status FROM DIGITALTWINS T WHERE T.$dtId = 'centrifuge-2'
      :devices
      """
    let run = try ReplTestSupport.runRepl(script, arguments: [ReplTestSupport.scenario])
    #expect(run.status == 0, "stderr: \(run.error)")
    #expect(run.output.contains("backend http (\(url))"))
    #expect(run.output.contains("{ status: \"Down\" }"))
    #expect(run.output.contains("{ unit: \"centrifuge-2\", status: \"Down\" }"))
  }
}
