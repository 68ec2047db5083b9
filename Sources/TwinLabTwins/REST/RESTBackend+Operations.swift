import Foundation
import TwinLabModel

extension RESTBackend {
  // Model upload and queries are POSTs, which the client never retries by default. They are
  // marked retryable because the service answers 429 and 503 before applying anything, and a
  // repeated upload that did apply fails with ModelIdAlreadyExists instead of duplicating.

  public func uploadModels(_ documents: [JSONValue]) throws(TwinBackendError) -> [JSONValue] {
    var models: [JSONValue] = []
    for document in documents {
      if case .array(let items) = document { models += items } else { models.append(document) }
    }
    let result = try sendForJSON(.post, "/models", body: .array(models), retryable: true)
    guard case .array(let added) = result else {
      throw .transport("POST /models returned a body that is not a JSON array")
    }
    return added
  }

  public func listModels() throws(TwinBackendError) -> [JSONValue] {
    try collectPages("/models?includeModelDefinition=false", headers: pageHeaders)
  }

  public func model(_ id: String) throws(TwinBackendError) -> JSONValue {
    try sendForJSON(.get, "/models/\(Self.escaped(id))?includeModelDefinition=true")
  }

  public func decommissionModel(_ id: String) throws(TwinBackendError) {
    let patch: JSONValue = .array([
      .object(["op": .string("replace"), "path": .string("/decommissioned"), "value": .bool(true)])
    ])
    // Models carry no etag to send in If-Match. Retrying is still safe here, because the
    // patch only sets one flag that never goes back to false.
    _ = try send(
      .patch, "/models/\(Self.escaped(id))", body: patch,
      contentType: "application/json-patch+json", retryable: true)
  }

  public func deleteModel(_ id: String) throws(TwinBackendError) {
    _ = try send(.delete, "/models/\(Self.escaped(id))")
  }

  public func createOrReplaceTwin(
    _ id: String, _ document: JSONValue, ifNoneMatch: String?
  ) throws(TwinBackendError) -> JSONValue {
    var headers: HTTPHeaders = [:]
    if let ifNoneMatch { headers["If-None-Match"] = ifNoneMatch }
    return try sendForJSON(.put, twinPath(id), headers: headers, body: document)
  }

  public func twin(_ id: String) throws(TwinBackendError) -> JSONValue {
    try sendForJSON(.get, twinPath(id))
  }

  public func updateTwin(
    _ id: String, patch: JSONValue, ifMatch: String?
  ) throws(TwinBackendError) -> String? {
    try sendPatch(twinPath(id), patch: patch, ifMatch: ifMatch)
  }

  public func deleteTwin(_ id: String, ifMatch: String?) throws(TwinBackendError) {
    var headers: HTTPHeaders = [:]
    if let ifMatch { headers["If-Match"] = ifMatch }
    _ = try send(.delete, twinPath(id), headers: headers)
  }

  public func createOrReplaceRelationship(
    source: String, id: String, _ document: JSONValue, ifNoneMatch: String?
  ) throws(TwinBackendError) -> JSONValue {
    var headers: HTTPHeaders = [:]
    if let ifNoneMatch { headers["If-None-Match"] = ifNoneMatch }
    return try sendForJSON(
      .put, relationshipPath(source, id), headers: headers, body: document)
  }

  public func relationship(source: String, id: String) throws(TwinBackendError) -> JSONValue {
    try sendForJSON(.get, relationshipPath(source, id))
  }

  public func updateRelationship(
    source: String, id: String, patch: JSONValue, ifMatch: String?
  ) throws(TwinBackendError) -> String? {
    try sendPatch(relationshipPath(source, id), patch: patch, ifMatch: ifMatch)
  }

  public func deleteRelationship(
    source: String, id: String, ifMatch: String?
  ) throws(TwinBackendError) {
    var headers: HTTPHeaders = [:]
    if let ifMatch { headers["If-Match"] = ifMatch }
    _ = try send(.delete, relationshipPath(source, id), headers: headers)
  }

  public func listRelationships(
    source: String, name: String?
  ) throws(TwinBackendError) -> [JSONValue] {
    var path = twinPath(source) + "/relationships"
    if let name { path += "?relationshipName=" + Self.escaped(name) }
    return try collectPages(path)
  }

  public func listIncomingRelationships(target: String) throws(TwinBackendError) -> [JSONValue] {
    try collectPages(twinPath(target) + "/incomingrelationships")
  }

  public func query(
    _ text: String, continuationToken: String?
  ) throws(TwinBackendError) -> QueryPage {
    let body: JSONValue =
      if let continuationToken {
        .object(["continuationToken": .string(continuationToken)])
      } else {
        .object(["query": .string(text)])
      }
    let result = try sendForJSON(
      .post, "/query", headers: pageHeaders, body: body, retryable: true)
    guard case .object(let object) = result, case .array(let rows)? = object["value"] else {
      throw .transport("POST /query returned a body without a \"value\" array")
    }
    var token: String?
    if case .string(let next)? = object["continuationToken"], !next.isEmpty { token = next }
    return QueryPage(rows: rows, continuationToken: token)
  }

  /// Sends telemetry with a new `Message-Id`; the id lets the service drop a repeated
  /// message, so the POST is retried like an idempotent request.
  public func publishTelemetry(twinId: String, _ payload: JSONValue) throws(TwinBackendError) {
    let headers: HTTPHeaders = ["Message-Id": UUID().uuidString]
    _ = try send(
      .post, twinPath(twinId) + "/telemetry", headers: headers, body: payload, retryable: true)
  }

  /// Returns the component `name` of the twin `twinId`, with its `$metadata`.
  public func component(twinId: String, name: String) throws(TwinBackendError) -> JSONValue {
    try sendForJSON(.get, twinPath(twinId) + "/components/" + Self.escaped(name))
  }

  /// Applies a JSON Patch whose paths are relative to the component; returns the new etag.
  @discardableResult
  public func updateComponent(
    twinId: String, name: String, patch: JSONValue, ifMatch: String?
  ) throws(TwinBackendError) -> String? {
    try sendPatch(
      twinPath(twinId) + "/components/" + Self.escaped(name), patch: patch, ifMatch: ifMatch)
  }

  /// Does nothing: every write has reached the service when its call returns.
  public func flush() throws(TwinBackendError) {}

  private var pageHeaders: HTTPHeaders {
    guard let pageSize else { return [:] }
    return ["max-items-per-page": String(pageSize)]
  }

  private func twinPath(_ id: String) -> String {
    "/digitaltwins/" + Self.escaped(id)
  }

  private func relationshipPath(_ source: String, _ id: String) -> String {
    twinPath(source) + "/relationships/" + Self.escaped(id)
  }

  /// Sends a JSON Patch and returns the new etag from the response header.
  ///
  /// The client retries a PATCH after 429 or 503 only when it carries `If-Match`: without it,
  /// a patch that the service applied before the connection failed could be applied twice
  /// on top of another writer's change.
  private func sendPatch(
    _ path: String, patch: JSONValue, ifMatch: String?
  ) throws(TwinBackendError) -> String? {
    var headers: HTTPHeaders = [:]
    if let ifMatch { headers["If-Match"] = ifMatch }
    let response = try send(
      .patch, path, headers: headers, body: patch, contentType: "application/json-patch+json")
    return response.headers["ETag"]
  }
}
