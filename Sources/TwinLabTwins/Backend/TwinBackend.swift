import TwinLabModel

/// A digital-twin service: the embedded store (`mock`), any server speaking the
/// Azure Digital Twins REST API (`http`), or Azure Digital Twins itself (`azure`).
///
/// Every operation takes and returns documents in the service's JSON layout,
/// so the same calls, and the same tests, work against every implementation.
/// A backend is used from one thread at a time.
public protocol TwinBackend: AnyObject {
  /// `mock`, `http` or `azure`.
  var kind: String { get }
  /// The backend's location: a store file path, an endpoint URL, or `memory`.
  var location: String { get }
  /// Requests sent again after a throttled or unavailable response, since creation.
  var retryCount: Int { get }

  /// Uploads a batch of DTDL models, all or nothing; returns the stored model descriptions.
  func uploadModels(_ documents: [JSONValue]) throws(TwinBackendError) -> [JSONValue]
  /// Lists model descriptions (`id`, `uploadTime`, `decommissioned`, and more).
  func listModels() throws(TwinBackendError) -> [JSONValue]
  /// The model description with its DTDL definition.
  func model(_ id: String) throws(TwinBackendError) -> JSONValue
  func decommissionModel(_ id: String) throws(TwinBackendError)
  func deleteModel(_ id: String) throws(TwinBackendError)

  /// Creates or replaces a twin; `ifNoneMatch: "*"` rejects an existing id.
  func createOrReplaceTwin(
    _ id: String, _ document: JSONValue, ifNoneMatch: String?
  ) throws(TwinBackendError) -> JSONValue
  func twin(_ id: String) throws(TwinBackendError) -> JSONValue
  /// Applies a JSON Patch (an array of `op`, `path`, `value` objects); returns the new etag.
  @discardableResult
  func updateTwin(
    _ id: String, patch: JSONValue, ifMatch: String?
  ) throws(TwinBackendError) -> String?
  func deleteTwin(_ id: String, ifMatch: String?) throws(TwinBackendError)

  func createOrReplaceRelationship(
    source: String, id: String, _ document: JSONValue, ifNoneMatch: String?
  ) throws(TwinBackendError) -> JSONValue
  func relationship(source: String, id: String) throws(TwinBackendError) -> JSONValue
  @discardableResult
  func updateRelationship(
    source: String, id: String, patch: JSONValue, ifMatch: String?
  ) throws(TwinBackendError) -> String?
  func deleteRelationship(source: String, id: String, ifMatch: String?) throws(TwinBackendError)
  /// Outgoing relationships of `source`, optionally only those named `name`.
  func listRelationships(source: String, name: String?) throws(TwinBackendError) -> [JSONValue]
  /// Incoming relationships of `target`, as the service lists them.
  func listIncomingRelationships(target: String) throws(TwinBackendError) -> [JSONValue]

  /// One page of query results; pass the returned token to get the next page.
  func query(
    _ text: String, continuationToken: String?
  ) throws(TwinBackendError) -> QueryPage

  /// Sends telemetry from a twin; the embedded store only checks the twin exists.
  func publishTelemetry(twinId: String, _ payload: JSONValue) throws(TwinBackendError)

  /// Writes pending state to durable storage, where the backend has any.
  func flush() throws(TwinBackendError)
}

extension TwinBackend {
  /// Every row of a query, following continuation tokens to the end.
  public func queryAll(_ text: String) throws(TwinBackendError) -> [JSONValue] {
    var page = try query(text, continuationToken: nil)
    var rows = page.rows
    while let token = page.continuationToken {
      page = try query(text, continuationToken: token)
      rows += page.rows
    }
    return rows
  }
}

/// The reason a backend operation failed.
public enum TwinBackendError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The service rejected the request; carries its status and error code.
  case service(TwinStoreError)
  /// The request got no service response because of a connection failure, timeout or abort.
  case transport(String)
  /// The backend cannot be used as configured, such as a missing credential.
  case configuration(String)
  /// The store file could not be read or written.
  case storage(String)

  public var description: String {
    switch self {
    case .service(let error): "\(error.code): \(error.message)"
    case .transport(let message): message
    case .configuration(let message): message
    case .storage(let message): message
    }
  }
}
