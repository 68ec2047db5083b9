import Foundation
import TwinLabModel

/// The `mock` backend: the embedded twin store, in memory or kept in a file.
///
/// With a file, `flush()` saves the store atomically; nothing is written
/// before that, so a failed command leaves the file as it was.
public final class EmbeddedBackend: TwinBackend {
  /// The store itself, for callers that need more than the service API.
  public private(set) var store: TwinStore
  /// The store file, or `nil` for a store that lives in memory only.
  public let path: String?
  private var isDirty = false

  public var kind: String { "mock" }
  public var location: String { path ?? "memory" }
  public var retryCount: Int { 0 }

  /// Opens the store kept at `path` (an empty one when no file exists), or an
  /// in-memory store when `path` is `nil`.
  public init(path: String? = nil, clock: @escaping @Sendable () -> Date = { Date() })
    throws(TwinBackendError)
  {
    self.path = path
    if let path {
      do {
        store = try TwinStore.load(from: path, clock: clock)
      } catch {
        throw .storage(error.description)
      }
    } else {
      store = TwinStore(clock: clock)
    }
  }

  /// Wraps an existing store, such as one a test built.
  public init(store: TwinStore) {
    self.store = store
    self.path = nil
  }

  private func write<T>(
    _ body: (inout TwinStore) throws(TwinStoreError) -> T
  ) throws(TwinBackendError) -> T {
    do {
      let result = try body(&store)
      isDirty = true
      return result
    } catch {
      throw .service(error)
    }
  }

  private func read<T>(
    _ body: (TwinStore) throws(TwinStoreError) -> T
  ) throws(TwinBackendError) -> T {
    do {
      return try body(store)
    } catch {
      throw .service(error)
    }
  }

  public func uploadModels(_ documents: [JSONValue]) throws(TwinBackendError) -> [JSONValue] {
    try write { store throws(TwinStoreError) in
      try store.uploadModels(documents: documents).map { $0.json() }
    }
  }

  public func listModels() throws(TwinBackendError) -> [JSONValue] {
    store.listModels().map { $0.json() }
  }

  public func model(_ id: String) throws(TwinBackendError) -> JSONValue {
    try read { store throws(TwinStoreError) in try store.model(id).json(includeDefinition: true) }
  }

  public func decommissionModel(_ id: String) throws(TwinBackendError) {
    try write { store throws(TwinStoreError) in try store.decommissionModel(id) }
  }

  public func deleteModel(_ id: String) throws(TwinBackendError) {
    try write { store throws(TwinStoreError) in try store.deleteModel(id) }
  }

  public func createOrReplaceTwin(
    _ id: String, _ document: JSONValue, ifNoneMatch: String?
  ) throws(TwinBackendError) -> JSONValue {
    try write { store throws(TwinStoreError) in
      try store.createOrReplaceTwin(id, document, ifNoneMatch: ifNoneMatch).json
    }
  }

  public func twin(_ id: String) throws(TwinBackendError) -> JSONValue {
    try read { store throws(TwinStoreError) in try store.twin(id).json }
  }

  public func updateTwin(
    _ id: String, patch: JSONValue, ifMatch: String?
  ) throws(TwinBackendError) -> String? {
    try write { store throws(TwinStoreError) in
      try store.updateTwin(id, patch: patch, ifMatch: ifMatch)
    }
  }

  public func deleteTwin(_ id: String, ifMatch: String?) throws(TwinBackendError) {
    try write { store throws(TwinStoreError) in try store.deleteTwin(id, ifMatch: ifMatch) }
  }

  public func createOrReplaceRelationship(
    source: String, id: String, _ document: JSONValue, ifNoneMatch: String?
  ) throws(TwinBackendError) -> JSONValue {
    try write { store throws(TwinStoreError) in
      try store.createOrReplaceRelationship(source, id, document, ifNoneMatch: ifNoneMatch).json
    }
  }

  public func relationship(source: String, id: String) throws(TwinBackendError) -> JSONValue {
    try read { store throws(TwinStoreError) in try store.relationship(source, id).json }
  }

  public func updateRelationship(
    source: String, id: String, patch: JSONValue, ifMatch: String?
  ) throws(TwinBackendError) -> String? {
    try write { store throws(TwinStoreError) in
      try store.updateRelationship(source, id, patch: patch, ifMatch: ifMatch)
    }
  }

  public func deleteRelationship(
    source: String, id: String, ifMatch: String?
  ) throws(TwinBackendError) {
    try write { store throws(TwinStoreError) in
      try store.deleteRelationship(source, id, ifMatch: ifMatch)
    }
  }

  public func listRelationships(
    source: String, name: String?
  ) throws(TwinBackendError) -> [JSONValue] {
    try read { store throws(TwinStoreError) in
      try store.listRelationships(source, name: name).map(\.json)
    }
  }

  public func listIncomingRelationships(target: String) throws(TwinBackendError) -> [JSONValue] {
    try read { store throws(TwinStoreError) in
      try store.listIncomingRelationships(target).map(\.incomingJSON)
    }
  }

  public func query(
    _ text: String, continuationToken: String?
  ) throws(TwinBackendError) -> QueryPage {
    try read { store throws(TwinStoreError) in
      if let continuationToken {
        return try store.query(continuationToken: continuationToken)
      }
      return try store.query(text)
    }
  }

  public func publishTelemetry(twinId: String, _ payload: JSONValue) throws(TwinBackendError) {
    _ = try read { store throws(TwinStoreError) in try store.twin(twinId) }
  }

  public func flush() throws(TwinBackendError) {
    guard let path, isDirty else { return }
    do {
      try store.save(to: path)
      isDirty = false
    } catch {
      throw .storage(error.description)
    }
  }
}
