import TwinLabModel

extension TwinStore {
  /// Creates or replaces the twin `id` from a body in the service's layout, which
  /// must hold `$metadata.$model`.
  ///
  /// - Parameter ifNoneMatch: `*` to create only when no twin `id` exists.
  /// - Returns: the stored twin.
  /// - Throws: `InvalidArgument` for a bad id or precondition value, `LimitExceeded`
  ///   for a body over 32 KB, `ValidationFailed` for a body that does not fit its
  ///   model, `ModelDecommissioned`, `PreconditionFailed` (412).
  @discardableResult
  public mutating func createOrReplaceTwin(
    _ id: String, _ body: JSONValue, ifNoneMatch: String? = nil
  ) throws(TwinStoreError) -> DigitalTwin {
    try Self.checkId(id, kind: "twin")
    try Self.checkIfNoneMatch(ifNoneMatch)
    try Self.checkBodySize(body, kind: "twin")
    if ifNoneMatch != nil, twins[id] != nil {
      throw .preconditionFailed(
        "If-None-Match: * header was specified but a twin with the id \(id) was found.")
    }
    guard case .object(let object) = body else {
      throw .validationFailed(
        "The twin body must be a JSON object, not \(ValueValidator.abbreviated(body)).")
    }
    var contents = JSONObject()
    for (key, value) in object.members where key != "$dtId" && key != "$etag" {
      contents[key] = value
    }
    guard case .object(let metadata)? = contents["$metadata"],
      case .string(let modelId)? = metadata["$model"]
    else {
      throw .validationFailed(
        "Invalid twin specified: the body has no \"$metadata\": {\"$model\": ...}; name the "
          + "twin's model there.")
    }
    let model = try usableModel(modelId)
    try TwinValidator(models: models).validate(contents, model: model)

    stamp(&contents, interface: model, time: now, touched: nil)
    let twin = DigitalTwin(id: id, etag: nextEtag(), modelId: modelId, contents: contents)
    if twins.updateValue(twin, forKey: id) == nil { insertSortedId(id) }
    return twin
  }

  /// Returns the twin `id`.
  ///
  /// - Throws: `DigitalTwinNotFound` (404).
  public func twin(_ id: String) throws(TwinStoreError) -> DigitalTwin {
    try existingTwin(id)
  }

  /// Applies a JSON Patch to the twin `id`.
  ///
  /// Paths reach properties (`/temp`), component properties (`/thermostat/setPoint`),
  /// members of object and map properties, `/$metadata/<property>/sourceTime` and
  /// `/$metadata/$model`. The patched twin must fit its model.
  ///
  /// - Returns: the new etag.
  /// - Throws: `JsonPatchInvalid`, `ValidationFailed`, `DigitalTwinNotFound`,
  ///   `PreconditionFailed`, `InvalidArgument`, `LimitExceeded`.
  @discardableResult
  public mutating func updateTwin(
    _ id: String, patch: JSONValue, ifMatch: String? = nil
  ) throws(TwinStoreError) -> String {
    let twin = try existingTwin(id)
    try Self.checkBodySize(patch, kind: "patch")
    try Self.checkIfMatch(ifMatch, etag: twin.etag)
    let operations = try JSONPatch.parse(patch)
    guard let currentModel = models[twin.modelId]?.interface else {
      throw .validationFailed(
        "The twin \(id) uses the model \(twin.modelId), which is not uploaded; its properties "
          + "cannot change until the model is uploaded again.")
    }

    var contents = twin.contents
    var touched: Set<String> = []
    for operation in operations {
      try Self.checkPatchPath(operation)
      try JSONPatch.apply(operation, to: &contents)
      touched.insert(Self.touchedProperty(operation, interface: currentModel))
    }
    guard case .object(let metadata)? = contents["$metadata"],
      case .string(let modelId)? = metadata["$model"]
    else {
      throw .patchInvalid("The patch removes $metadata.$model; a twin must keep a model.")
    }
    let model = modelId == twin.modelId ? currentModel : try usableModel(modelId)
    try TwinValidator(models: models).validate(contents, model: model)

    stamp(&contents, interface: model, time: now, touched: touched)
    let etag = nextEtag()
    twins[id] = DigitalTwin(id: id, etag: etag, modelId: modelId, contents: contents)
    return etag
  }

  /// Deletes the twin `id`.
  ///
  /// - Throws: `RelationshipsNotDeleted` (400) while relationships start or end at
  ///   the twin, `DigitalTwinNotFound`, `PreconditionFailed`.
  public mutating func deleteTwin(_ id: String, ifMatch: String? = nil) throws(TwinStoreError) {
    let twin = try existingTwin(id)
    try Self.checkIfMatch(ifMatch, etag: twin.etag)
    let outgoingCount = outgoing[id]?.count ?? 0
    let incomingCount = incoming[id]?.count ?? 0
    if outgoingCount + incomingCount > 0 {
      throw TwinStoreError(
        status: 400, code: "RelationshipsNotDeleted",
        message: "The digital twin \(id) has \(outgoingCount) outgoing and \(incomingCount) "
          + "incoming relationships; delete them before deleting the twin.")
    }
    twins[id] = nil
    if let index = sortedIndex(of: id), index < twinIds.count, twinIds[index] == id {
      twinIds.remove(at: index)
    }
  }

  // MARK: - Helpers

  func usableModel(_ modelId: String) throws(TwinStoreError) -> DTDLInterface {
    guard let stored = models[modelId] else {
      throw .validationFailed(
        "Invalid twin specified: \(modelId) or one of its dependencies does not exist.")
    }
    if stored.isDecommissioned {
      throw TwinStoreError(
        status: 400, code: "ModelDecommissioned",
        message: "The model \(modelId) is decommissioned; new twins cannot use it.")
    }
    return stored.interface
  }

  private static func checkPatchPath(_ operation: JSONPatchOperation) throws(TwinStoreError) {
    let tokens = operation.tokens
    guard let first = tokens.first else { return }
    if first == "$dtId" || first == "$etag" {
      throw .patchInvalid("'\(operation.path)' is read-only; patch properties instead.")
    }
    if let index = tokens.firstIndex(of: "$metadata") {
      let rest = tokens[(index + 1)...]
      let allowed =
        (index == 0 && rest.count == 1 && rest.first == "$model" && operation.kind != .remove)
        || (rest.count == 2 && rest.last == "sourceTime")
      if !allowed {
        throw .patchInvalid(
          "'\(operation.path)' cannot be patched; only $metadata/$model and "
            + "$metadata/<property>/sourceTime are writable.")
      }
    }
  }

  /// Returns the property whose `lastUpdateTime` the operation renews: `name`, or
  /// `component/name` inside a component.
  private static func touchedProperty(
    _ operation: JSONPatchOperation, interface: DTDLInterface
  ) -> String {
    let tokens = operation.tokens
    if tokens.count >= 2, interface.component(named: tokens[0]) != nil,
      tokens[1] != "$metadata"
    {
      return tokens[0] + "/" + tokens[1]
    }
    return tokens.first ?? ""
  }

  /// Rebuilds `$metadata`: the model, `$lastUpdateTime`, and one entry per set
  /// property. Properties in `touched` (all when `nil`) get `time`; others keep
  /// theirs. `sourceTime` values carry over.
  func stamp(
    _ contents: inout JSONObject, interface: DTDLInterface, time: String,
    touched: Set<String>?, prefix: String = ""
  ) {
    let isComponent = !prefix.isEmpty
    var old = JSONObject()
    if case .object(let metadata)? = contents["$metadata"] { old = metadata }
    var metadata = JSONObject()
    if !isComponent { metadata["$model"] = old["$model"] ?? .string(interface.id) }
    var anyTouched = touched == nil || !isComponent
    var entries: [(String, JSONValue)] = []

    for key in contents.keys where key != "$metadata" {
      if !isComponent, let component = interface.component(named: key),
        case .object(var inner)? = contents[key],
        let schema = models[component.schema]?.interface
      {
        stamp(&inner, interface: schema, time: time, touched: touched, prefix: key + "/")
        contents[key] = .object(inner)
        continue
      }
      var previous = JSONObject()
      if case .object(let entry)? = old[key] { previous = entry }
      let renew = touched?.contains(prefix + key) ?? true
      if renew { anyTouched = true }
      var entry = JSONObject()
      if !renew, let kept = previous["lastUpdateTime"] {
        entry["lastUpdateTime"] = kept
      } else {
        entry["lastUpdateTime"] = .string(time)
      }
      if let source = previous["sourceTime"] { entry["sourceTime"] = source }
      entries.append((key, .object(entry)))
    }
    if !anyTouched, let kept = old["$lastUpdateTime"] {
      metadata["$lastUpdateTime"] = kept
    } else {
      metadata["$lastUpdateTime"] = .string(time)
    }
    for (key, entry) in entries { metadata[key] = entry }
    contents["$metadata"] = nil
    contents["$metadata"] = .object(metadata)
  }

  private func sortedIndex(of id: String) -> Int? {
    var low = 0
    var high = twinIds.count
    while low < high {
      let middle = (low + high) / 2
      if twinIds[middle] < id { low = middle + 1 } else { high = middle }
    }
    return low
  }

  private mutating func insertSortedId(_ id: String) {
    let index = sortedIndex(of: id) ?? twinIds.count
    twinIds.insert(id, at: index)
  }
}
