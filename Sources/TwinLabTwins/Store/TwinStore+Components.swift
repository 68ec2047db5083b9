import TwinLabModel

extension TwinStore {
  /// Returns the component `name` of the twin `twinId`, with its `$metadata`.
  ///
  /// - Throws: `DigitalTwinNotFound`, or `ComponentNotFound` (404) when the twin's
  ///   model has no such component.
  public func component(_ twinId: String, _ name: String) throws(TwinStoreError) -> JSONValue {
    let twin = try existingTwin(twinId)
    try checkComponent(name, of: twin)
    return twin.contents[name] ?? .object(["$metadata": .object(JSONObject())])
  }

  /// Applies a JSON Patch whose paths are relative to the component `name`, as the
  /// service's component endpoint does.
  ///
  /// - Returns: the twin's new etag.
  @discardableResult
  public mutating func updateComponent(
    _ twinId: String, _ name: String, patch: JSONValue, ifMatch: String? = nil
  ) throws(TwinStoreError) -> String {
    let twin = try existingTwin(twinId)
    try checkComponent(name, of: twin)
    let operations = try JSONPatch.parse(patch)
    var prefixed: [JSONValue] = []
    let escaped = name.replacingOccurrences(of: "~", with: "~0")
      .replacingOccurrences(of: "/", with: "~1")
    for operation in operations {
      var object: JSONObject = [
        "op": .string(operation.kind.rawValue), "path": .string("/" + escaped + operation.path),
      ]
      if let value = operation.value { object["value"] = value }
      prefixed.append(.object(object))
    }
    return try updateTwin(twinId, patch: .array(prefixed), ifMatch: ifMatch)
  }

  private func checkComponent(_ name: String, of twin: DigitalTwin) throws(TwinStoreError) {
    guard models[twin.modelId]?.interface.component(named: name) != nil else {
      throw TwinStoreError(
        status: 404, code: "ComponentNotFound",
        message: "The twin \(twin.id) has no component '\(name)'; its model \(twin.modelId) "
          + "does not define one.")
    }
  }
}
