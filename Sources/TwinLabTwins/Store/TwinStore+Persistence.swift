import Foundation
import TwinLabModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A store file that cannot be read, parsed or written.
public struct TwinStoreFileError: Error, Sendable, Equatable, CustomStringConvertible {
  public var path: String
  public var message: String

  public var description: String { "\(path): \(message)" }
}

extension TwinStore {
  /// The value of the store file's `format` member.
  static let fileFormat = "twinlab-twins"

  /// The whole store as JSON: models, twins and relationships in id order, so the
  /// same store always encodes to the same bytes.
  public var snapshotJSON: JSONValue {
    let modelEntries: [JSONValue] = listModels().map { model in
      .object([
        "id": .string(model.id), "uploadTime": .string(model.uploadTime),
        "decommissioned": .bool(model.isDecommissioned),
        "interface": model.interface.storageJSON, "definition": model.definition,
      ])
    }
    return .object([
      "format": .string(Self.fileFormat), "version": .number(1),
      "etagSequence": .string(String(etagSequence)),
      "models": .array(modelEntries),
      "twins": .array(twinIds.compactMap { twins[$0]?.json }),
      "relationships": .array(allRelationships().map(\.json)),
    ])
  }

  /// Rebuilds a store from `snapshotJSON`.
  public init(
    snapshot: JSONValue, clock: @escaping @Sendable () -> Date = { Date() }
  ) throws {
    self.init(clock: clock)
    let root = try StorageDecodingError.object(snapshot, "the store file")
    guard case .string(Self.fileFormat)? = root["format"] else {
      throw StorageDecodingError(message: "the file is not a twinlab twin store")
    }
    if case .string(let sequence)? = root["etagSequence"], let value = UInt64(sequence) {
      etagSequence = value
    }
    for entry in try StorageDecodingError.array(root["models"], "models") {
      let fields = try StorageDecodingError.object(entry, "model")
      let interface = try DTDLInterface(storageJSON: fields["interface"] ?? .null)
      var decommissioned = false
      if case .bool(let flag)? = fields["decommissioned"] { decommissioned = flag }
      models[interface.id] = StoredModel(
        interface: interface, definition: fields["definition"] ?? .null,
        uploadTime: try StorageDecodingError.string(fields["uploadTime"], "uploadTime"),
        isDecommissioned: decommissioned)
    }
    for entry in try StorageDecodingError.array(root["twins"], "twins") {
      var contents = try StorageDecodingError.object(entry, "twin")
      let id = try StorageDecodingError.string(contents["$dtId"], "$dtId")
      let etag = try StorageDecodingError.string(contents["$etag"], "$etag")
      let metadata = try StorageDecodingError.object(contents["$metadata"], "$metadata")
      let modelId = try StorageDecodingError.string(metadata["$model"], "$metadata.$model")
      contents["$dtId"] = nil
      contents["$etag"] = nil
      twins[id] = DigitalTwin(id: id, etag: etag, modelId: modelId, contents: contents)
    }
    twinIds = twins.keys.sorted()
    for entry in try StorageDecodingError.array(root["relationships"], "relationships") {
      var fields = try StorageDecodingError.object(entry, "relationship")
      let relationship = Relationship(
        id: try StorageDecodingError.string(fields["$relationshipId"], "$relationshipId"),
        etag: try StorageDecodingError.string(fields["$etag"], "$etag"),
        sourceId: try StorageDecodingError.string(fields["$sourceId"], "$sourceId"),
        targetId: try StorageDecodingError.string(fields["$targetId"], "$targetId"),
        name: try StorageDecodingError.string(fields["$relationshipName"], "$relationshipName"))
      for key in ["$relationshipId", "$etag", "$sourceId", "$targetId", "$relationshipName"] {
        fields[key] = nil
      }
      var stored = relationship
      stored.properties = fields
      outgoing[stored.sourceId, default: [:]][stored.id] = stored
      incoming[stored.targetId, default: []].insert(
        RelationshipKey(sourceId: stored.sourceId, relationshipId: stored.id))
    }
  }

  /// Loads the store at `path`, or returns an empty store when no file exists there.
  public static func load(
    from path: String, clock: @escaping @Sendable () -> Date = { Date() }
  ) throws(TwinStoreFileError) -> TwinStore {
    guard FileManager.default.fileExists(atPath: path) else { return TwinStore(clock: clock) }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw TwinStoreFileError(path: path, message: "cannot read the store file")
    }
    let value: JSONValue
    do {
      value = try JSONValue(parsing: [UInt8](data))
    } catch {
      throw TwinStoreFileError(path: path, message: "the store file is not valid JSON: \(error)")
    }
    do {
      return try TwinStore(snapshot: value, clock: clock)
    } catch {
      throw TwinStoreFileError(path: path, message: "the store file is damaged: \(error)")
    }
  }

  /// Writes the store to `path` atomically. The bytes go to a temporary file in the
  /// same folder, which is flushed to disk and then renamed over `path`. A crash
  /// therefore leaves either the old file or the new one, never a partial file.
  public func save(to path: String) throws(TwinStoreFileError) {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    do {
      try FileManager.default.createDirectory(
        atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw TwinStoreFileError(path: path, message: "cannot create the folder \(folder)")
    }
    Self.removeStaleTemporaries(of: path)
    let bytes = Array((snapshotJSON.serialized(pretty: true) + "\n").utf8)
    let temporary = folder + "/." + url.lastPathComponent + ".tmp-\(getpid())"

    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else {
      throw TwinStoreFileError(path: path, message: "cannot create \(temporary): errno \(errno)")
    }
    var written = 0
    while written < bytes.count {
      let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
      if result < 0 && errno == EINTR { continue }
      guard result > 0 else {
        close(descriptor)
        unlink(temporary)
        throw TwinStoreFileError(path: path, message: "cannot write \(temporary): errno \(errno)")
      }
      written += result
    }
    guard fsync(descriptor) == 0 else {
      close(descriptor)
      unlink(temporary)
      throw TwinStoreFileError(path: path, message: "cannot flush \(temporary): errno \(errno)")
    }
    close(descriptor)
    guard rename(temporary, path) == 0 else {
      unlink(temporary)
      throw TwinStoreFileError(path: path, message: "cannot replace the file: errno \(errno)")
    }
    // Flushing the folder makes the rename itself durable.
    let folderDescriptor = open(folder, O_RDONLY)
    if folderDescriptor >= 0 {
      fsync(folderDescriptor)
      close(folderDescriptor)
    }
  }

  /// Removes the temporary files `save(to:)` leaves behind for `path` when its process is
  /// killed between creating and renaming them (`.NAME.tmp-PID` whose PID no longer runs).
  /// Files of running processes stay, since another process may be saving right now.
  static func removeStaleTemporaries(of path: String) {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    let prefix = "." + url.lastPathComponent + ".tmp-"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
    for name in names where name.hasPrefix(prefix) {
      guard let pid = pid_t(name.dropFirst(prefix.count)), pid > 0, pid != getpid() else {
        continue
      }
      if kill(pid, 0) == -1 && errno == ESRCH {
        unlink(folder + "/" + name)
      }
    }
  }
}
