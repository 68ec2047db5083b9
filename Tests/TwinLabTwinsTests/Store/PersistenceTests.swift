import Foundation
import Testing
import TwinLabModel

@testable import TwinLabTwins

@Suite struct PersistenceTests {
  static func temporaryPath() -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "twinlab-store-\(UUID().uuidString)")
    return folder.appendingPathComponent("twins.json").path
  }

  @Test func storeRoundTripsThroughFile() throws {
    var store = try RelationshipTests.seeded()
    try store.createOrReplaceRelationship(
      "r1", "c1", RelationshipTests.body("contains", "d1", ["since": "2026-01-01T00:00:00Z"]))
    try store.updateTwin(
      "r1", patch: try StoreFixtures.json(#"[{"op":"add","path":"/tags","value":{"a":"b"}}]"#))
    let path = Self.temporaryPath()
    try store.save(to: path)
    let first = try Data(contentsOf: URL(fileURLWithPath: path))

    let loaded = try TwinStore.load(from: path)
    #expect(loaded.snapshotJSON == store.snapshotJSON)
    #expect(try loaded.twin("r1") == store.twin("r1"))
    #expect(try loaded.listIncomingRelationships("d1").map(\.id) == ["c1"])
    #expect(loaded.listModels() == store.listModels())
    try loaded.save(to: path)
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == first)

    let files = try FileManager.default.contentsOfDirectory(
      atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
    #expect(files == ["twins.json"])
  }

  @Test func saveRemovesTempFilesOfDeadProcesses() throws {
    let path = Self.temporaryPath()
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    // A process that has exited and been reaped stands for one killed during a save.
    let finished = Process()
    finished.executableURL = URL(fileURLWithPath: "/bin/true")
    try finished.run()
    finished.waitUntilExit()
    let dead = ".twins.json.tmp-\(finished.processIdentifier)"
    let live = ".twins.json.tmp-\(getppid())"
    let other = ".other.json.tmp-\(finished.processIdentifier)"
    for name in [dead, live, other] {
      try Data("partial".utf8).write(to: folder.appendingPathComponent(name))
    }

    try TwinStore().save(to: path)
    let files = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
    #expect(!files.contains(dead))
    #expect(files.contains(live))
    #expect(files.contains(other))
    #expect(files.contains("twins.json"))
  }

  @Test func loadedStoreKeepsIssuingNewEtags() throws {
    var store = try RelationshipTests.seeded()
    let path = Self.temporaryPath()
    try store.save(to: path)
    var loaded = try TwinStore.load(from: path)
    let fromLoaded = try loaded.createOrReplaceTwin(
      "x", StoreFixtures.body(model: StoreFixtures.device))
    let fromOriginal = try store.createOrReplaceTwin(
      "x", StoreFixtures.body(model: StoreFixtures.device))
    #expect(fromLoaded.etag == fromOriginal.etag)
    let existing = try loaded.twin("r1").etag
    #expect(fromLoaded.etag != existing)
  }

  /// Failed writes of each kind leave the saved bytes unchanged.
  @Test(arguments: [
    "badPatch", "moveOp", "unknownModel", "wrongTarget", "oversize", "deleteRelated",
  ])
  func failedWriteLeavesFileUnchanged(kind: String) throws {
    var store = try RelationshipTests.seeded()
    try store.createOrReplaceRelationship("r1", "c1", RelationshipTests.body("contains", "d1"))
    let path = Self.temporaryPath()
    try store.save(to: path)
    let before = try Data(contentsOf: URL(fileURLWithPath: path))

    var loaded = try TwinStore.load(from: path)
    let error = #expect(throws: TwinStoreError.self) {
      switch kind {
      case "badPatch":
        try loaded.updateTwin(
          "r1", patch: try StoreFixtures.json(#"[{"op":"add","path":"/temp","value":"x"}]"#))
      case "moveOp":
        try loaded.updateTwin(
          "r1", patch: try StoreFixtures.json(#"[{"op":"move","from":"/a","path":"/b"}]"#))
      case "unknownModel":
        try loaded.createOrReplaceTwin("n", StoreFixtures.body(model: "dtmi:test:None;1"))
      case "wrongTarget":
        try loaded.createOrReplaceRelationship("r1", "c2", RelationshipTests.body("contains", "f1"))
      case "oversize":
        try loaded.createOrReplaceTwin(
          "n", StoreFixtures.roomBody(["name": .string(String(repeating: "z", count: 40_000))]))
      default:
        try loaded.deleteTwin("d1")
      }
    }
    #expect(error != nil)
    try loaded.save(to: path)
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
  }

  @Test func damagedFileIsReported() throws {
    let path = Self.temporaryPath()
    try FileManager.default.createDirectory(
      atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
      withIntermediateDirectories: true)
    try Data("{\"format\": \"twinlab-twins\", \"models\": [".utf8).write(
      to: URL(fileURLWithPath: path))
    let error = #expect(throws: TwinStoreFileError.self) { try TwinStore.load(from: path) }
    #expect(error?.message.contains("not valid JSON") == true)
    #expect(error?.path == path)
  }
}
