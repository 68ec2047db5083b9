import TwinLabModel
import TwinLabTwins

/// A backend over the embedded store that can be slow and can fail: each
/// write advances a manual clock by `delay`, and twin patches first throw
/// the errors in `failures`, in order, before reaching the store.
final class DelayedBackend: TwinBackend {
  let inner: EmbeddedBackend
  let clock: ManualStreamerClock
  var delay: Double
  var failures: [TwinBackendError] = []
  /// Patches sent to `updateTwin`, accepted or not, in order.
  var patches: [(id: String, patch: JSONValue)] = []
  /// Retries the backend reports having made on its own, as an HTTP client does.
  var clientRetries = 0
  /// Added to `clientRetries` on every `updateTwin` call.
  var clientRetriesPerPatch = 0

  init(clock: ManualStreamerClock, delay: Double = 0) throws {
    inner = try EmbeddedBackend()
    self.clock = clock
    self.delay = delay
    _ = try inner.uploadModels([StreamingFixtures.sensorModel])
  }

  var kind: String { "http" }
  var location: String { "memory" }
  var retryCount: Int { clientRetries }

  func uploadModels(_ documents: [JSONValue]) throws(TwinBackendError) -> [JSONValue] {
    try inner.uploadModels(documents)
  }
  func listModels() throws(TwinBackendError) -> [JSONValue] { try inner.listModels() }
  func model(_ id: String) throws(TwinBackendError) -> JSONValue { try inner.model(id) }
  func decommissionModel(_ id: String) throws(TwinBackendError) {
    try inner.decommissionModel(id)
  }
  func deleteModel(_ id: String) throws(TwinBackendError) { try inner.deleteModel(id) }
  func createOrReplaceTwin(
    _ id: String, _ document: JSONValue, ifNoneMatch: String?
  ) throws(TwinBackendError) -> JSONValue {
    try inner.createOrReplaceTwin(id, document, ifNoneMatch: ifNoneMatch)
  }
  func twin(_ id: String) throws(TwinBackendError) -> JSONValue { try inner.twin(id) }
  func updateTwin(
    _ id: String, patch: JSONValue, ifMatch: String?
  ) throws(TwinBackendError) -> String? {
    clock.advance(by: delay)
    clientRetries += clientRetriesPerPatch
    patches.append((id, patch))
    if !failures.isEmpty { throw failures.removeFirst() }
    return try inner.updateTwin(id, patch: patch, ifMatch: ifMatch)
  }
  func deleteTwin(_ id: String, ifMatch: String?) throws(TwinBackendError) {
    try inner.deleteTwin(id, ifMatch: ifMatch)
  }
  func createOrReplaceRelationship(
    source: String, id: String, _ document: JSONValue, ifNoneMatch: String?
  ) throws(TwinBackendError) -> JSONValue {
    try inner.createOrReplaceRelationship(
      source: source, id: id, document, ifNoneMatch: ifNoneMatch)
  }
  func relationship(source: String, id: String) throws(TwinBackendError) -> JSONValue {
    try inner.relationship(source: source, id: id)
  }
  func updateRelationship(
    source: String, id: String, patch: JSONValue, ifMatch: String?
  ) throws(TwinBackendError) -> String? {
    try inner.updateRelationship(source: source, id: id, patch: patch, ifMatch: ifMatch)
  }
  func deleteRelationship(source: String, id: String, ifMatch: String?) throws(TwinBackendError) {
    try inner.deleteRelationship(source: source, id: id, ifMatch: ifMatch)
  }
  func listRelationships(source: String, name: String?) throws(TwinBackendError) -> [JSONValue] {
    try inner.listRelationships(source: source, name: name)
  }
  func listIncomingRelationships(target: String) throws(TwinBackendError) -> [JSONValue] {
    try inner.listIncomingRelationships(target: target)
  }
  func query(_ text: String, continuationToken: String?) throws(TwinBackendError) -> QueryPage {
    try inner.query(text, continuationToken: continuationToken)
  }
  func publishTelemetry(twinId: String, _ payload: JSONValue) throws(TwinBackendError) {
    try inner.publishTelemetry(twinId: twinId, payload)
  }
  func flush() throws(TwinBackendError) { try inner.flush() }
}

/// A sensor model and twins for the streamer tests.
enum StreamingFixtures {
  static let sensor = "dtmi:test:Sensor;1"

  static let sensorModel: JSONValue = .object([
    "@context": .string("dtmi:dtdl:context;3"), "@id": .string(sensor),
    "@type": .string("Interface"),
    "contents": .array(
      [("level", "double"), ("count", "integer"), ("state", "string")].map { name, schema in
        .object([
          "@type": .string("Property"), "name": .string(name), "schema": .string(schema),
          "writable": .bool(true),
        ])
      }),
  ])

  /// Creates sensors `s0`, `s1`, ... with only `state` set.
  static func createSensors(_ count: Int, in backend: any TwinBackend) throws {
    for index in 0..<count {
      _ = try backend.createOrReplaceTwin(
        "s\(index)",
        .object(["$metadata": .object(["$model": .string(sensor)]), "state": .string("new")]),
        ifNoneMatch: nil)
    }
  }

  /// The `op` of every operation of a patch, by path.
  static func operations(_ patch: JSONValue) -> [String: String] {
    guard case .array(let items) = patch else { return [:] }
    var table: [String: String] = [:]
    for case .object(let item) in items {
      if case .string(let path)? = item["path"], case .string(let op)? = item["op"] {
        table[path] = op
      }
    }
    return table
  }

  static func property(_ backend: any TwinBackend, _ id: String, _ key: String) throws -> JSONValue?
  {
    guard case .object(let document) = try backend.twin(id) else { return nil }
    return document[key]
  }
}
