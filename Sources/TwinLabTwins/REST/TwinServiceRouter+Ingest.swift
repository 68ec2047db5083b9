import TwinLabModel

extension TwinServiceRouter {
  /// The largest number of items in one `POST /ingest` body.
  public static let maxIngestItems = 1000

  /// POST /ingest: `{"telemetry": [{"twin_id": ID, "properties": {NAME: VALUE}}]}`.
  ///
  /// Each item becomes one JSON Patch of its twin: `add` for a property not yet set,
  /// `replace` for one that is. Items apply in order, each on its own, under one lock.
  /// Answers 200 `{"applied": N}` when all applied, 207 with `applied`, `failed` and an
  /// `errors` list of `{index, twin_id, error: {code, message}}` when some failed, and 400
  /// for a body that is not JSON or not of that shape.
  func ingest(_ request: HTTPRequest) -> HTTPResponse {
    let items: [(twinId: String, properties: JSONObject)]
    switch Self.ingestItems(request) {
    case .success(let parsed): items = parsed
    case .failure(let error): return Self.errorResponse(error)
    }

    let failures = writeEach(items)
    let applied = items.count - failures.count
    guard !failures.isEmpty else {
      return .json(status: 200, .object(["applied": .number(Double(applied))]))
    }
    let errors: [JSONValue] = failures.map { failure in
      .object([
        "index": .number(Double(failure.index)),
        "twin_id": .string(items[failure.index].twinId),
        "error": .object([
          "code": .string(failure.error.code), "message": .string(failure.error.message),
        ]),
      ])
    }
    return .json(
      status: 207,
      .object([
        "applied": .number(Double(applied)), "failed": .number(Double(failures.count)),
        "errors": .array(errors),
      ]))
  }

  /// Applies each item as a patch and returns the ones that failed, by index.
  private func writeEach(
    _ items: [(twinId: String, properties: JSONObject)]
  ) -> [(index: Int, error: TwinStoreError)] {
    var failures: [(index: Int, error: TwinStoreError)] = []
    for (index, item) in items.enumerated() {
      let result = write { store throws(TwinStoreError) -> String? in
        let twin = try store.twin(item.twinId)
        let operations: [JSONValue] = item.properties.members.map { member in
          let operation = twin.contents[member.key] == nil ? "add" : "replace"
          return .object([
            "op": .string(operation), "path": .string("/" + Self.pointerToken(member.key)),
            "value": member.value,
          ])
        }
        return try store.updateTwin(item.twinId, patch: .array(operations))
      }
      if case .failure(let error) = result { failures.append((index, error)) }
    }
    return failures
  }

  private static func ingestItems(
    _ request: HTTPRequest
  ) -> Result<[(twinId: String, properties: JSONObject)], TwinStoreError> {
    func invalid(_ message: String) -> Result<
      [(twinId: String, properties: JSONObject)], TwinStoreError
    > {
      .failure(
        TwinStoreError(
          status: 400, code: "InvalidArgument",
          message: message
            + #"; expected {"telemetry": [{"twin_id": "ID", "properties": {...}}]}."#))
    }
    let body: JSONValue
    switch jsonBody(request) {
    case .success(let value): body = value
    case .failure(let error): return .failure(error)
    }
    guard case .object(let object) = body, case .array(let entries)? = object["telemetry"] else {
      return invalid("The ingest body has no \"telemetry\" array")
    }
    guard entries.count <= maxIngestItems else {
      return invalid(
        "The ingest body has \(entries.count) items; at most \(maxIngestItems) are allowed")
    }
    var items: [(twinId: String, properties: JSONObject)] = []
    for (index, entry) in entries.enumerated() {
      guard case .object(let item) = entry, case .string(let twinId)? = item["twin_id"],
        !twinId.isEmpty
      else {
        return invalid("telemetry[\(index)] has no string \"twin_id\"")
      }
      guard case .object(let properties)? = item["properties"], !properties.isEmpty else {
        return invalid("telemetry[\(index)] has no non-empty \"properties\" object")
      }
      items.append((twinId, properties))
    }
    return .success(items)
  }

  /// `name` escaped as one JSON Pointer token (RFC 6901).
  static func pointerToken(_ name: String) -> String {
    name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
  }
}
