import TwinLabModel

extension TwinStore {
  /// Creates or replaces the relationship `relationshipId` of the twin `sourceId`
  /// from a body holding `$targetId`, `$relationshipName` and properties.
  ///
  /// - Throws: `DigitalTwinNotFound` for the source, `TargetDigitalTwinNotFound` for
  ///   the target, `InvalidRelationship` for a name the source model lacks or a target
  ///   of the wrong model, `OperationNotAllowed` for a twin related to itself,
  ///   `ValidationFailed` for properties, `PreconditionFailed`, `InvalidArgument`.
  @discardableResult
  public mutating func createOrReplaceRelationship(
    _ sourceId: String, _ relationshipId: String, _ body: JSONValue,
    ifNoneMatch: String? = nil
  ) throws(TwinStoreError) -> Relationship {
    let source = try existingTwin(sourceId)
    try Self.checkId(relationshipId, kind: "relationship")
    try Self.checkIfNoneMatch(ifNoneMatch)
    try Self.checkBodySize(body, kind: "relationship")
    let existing = outgoing[sourceId]?[relationshipId]
    if ifNoneMatch != nil, existing != nil {
      throw .preconditionFailed(
        "If-None-Match: * header was specified but a relationship with the id "
          + "\(relationshipId) was found.")
    }
    guard case .object(let object) = body else {
      throw .invalidArgument(
        "The relationship body must be a JSON object, not \(ValueValidator.abbreviated(body)).")
    }
    guard case .string(let targetId)? = object["$targetId"] else {
      throw .invalidArgument("The relationship body has no \"$targetId\" string.")
    }
    guard case .string(let name)? = object["$relationshipName"] else {
      throw .invalidArgument("The relationship body has no \"$relationshipName\" string.")
    }
    try Self.checkId(targetId, kind: "target twin")
    guard let target = twins[targetId] else {
      throw TwinStoreError(
        status: 404, code: "TargetDigitalTwinNotFound",
        message: "The target twin \(targetId) of the relationship \(relationshipId) does not "
          + "exist.")
    }
    if targetId == sourceId {
      throw TwinStoreError(
        status: 400, code: "OperationNotAllowed",
        message: "The relationship \(relationshipId) relates \(sourceId) to itself, which the "
          + "service does not allow.")
    }
    let definition = try relationshipDefinition(name, of: source)
    if let wanted = definition.target, !lineage(of: target.modelId).contains(wanted) {
      throw TwinStoreError(
        status: 400, code: "InvalidRelationship",
        message: "The relationship '\(name)' of \(source.modelId) must target a twin of "
          + "\(wanted); \(targetId) is a \(target.modelId).")
    }
    var properties = JSONObject()
    for (key, value) in object.members where !key.hasPrefix("$") {
      properties[key] = value
    }
    try Self.validateRelationshipProperties(properties, definition: definition, name: name)
    if existing == nil {
      let outCount = outgoing[sourceId]?.count ?? 0
      let inCount = incoming[targetId]?.count ?? 0
      if outCount >= Self.maxRelationshipsPerTwin || inCount >= Self.maxRelationshipsPerTwin {
        throw .limitExceeded(
          "A twin may have at most \(Self.maxRelationshipsPerTwin) outgoing and "
            + "\(Self.maxRelationshipsPerTwin) incoming relationships.")
      }
      if let maximum = definition.maxMultiplicity,
        (outgoing[sourceId]?.values.filter { $0.name == name }.count ?? 0) >= maximum
      {
        throw .validationFailed(
          "The relationship '\(name)' of \(source.modelId) allows at most \(maximum) "
            + "instances per twin; \(sourceId) already has them.")
      }
    }

    let relationship = Relationship(
      id: relationshipId, etag: nextEtag(), sourceId: sourceId, targetId: targetId, name: name,
      properties: properties)
    let key = RelationshipKey(sourceId: sourceId, relationshipId: relationshipId)
    if let existing { incoming[existing.targetId]?.remove(key) }
    outgoing[sourceId, default: [:]][relationshipId] = relationship
    incoming[targetId, default: []].insert(key)
    return relationship
  }

  /// Returns the relationship `relationshipId` of the twin `sourceId`.
  public func relationship(
    _ sourceId: String, _ relationshipId: String
  ) throws(TwinStoreError) -> Relationship {
    _ = try existingTwin(sourceId)
    guard let relationship = outgoing[sourceId]?[relationshipId] else {
      throw .relationshipNotFound(relationshipId, source: sourceId)
    }
    return relationship
  }

  /// Applies a JSON Patch to a relationship's properties.
  ///
  /// - Returns: the new etag.
  @discardableResult
  public mutating func updateRelationship(
    _ sourceId: String, _ relationshipId: String, patch: JSONValue, ifMatch: String? = nil
  ) throws(TwinStoreError) -> String {
    let current = try relationship(sourceId, relationshipId)
    try Self.checkBodySize(patch, kind: "patch")
    try Self.checkIfMatch(ifMatch, etag: current.etag)
    let operations = try JSONPatch.parse(patch)
    var properties = current.properties
    for operation in operations {
      if operation.tokens.first?.hasPrefix("$") ?? false {
        throw .patchInvalid(
          "'\(operation.path)' cannot be patched; only relationship properties are writable.")
      }
      try JSONPatch.apply(operation, to: &properties)
    }
    guard let source = twins[sourceId] else { throw .twinNotFound(sourceId) }
    let definition = try relationshipDefinition(current.name, of: source)
    try Self.validateRelationshipProperties(properties, definition: definition, name: current.name)

    var updated = current
    updated.properties = properties
    updated.etag = nextEtag()
    outgoing[sourceId]?[relationshipId] = updated
    return updated.etag
  }

  /// Deletes a relationship.
  public mutating func deleteRelationship(
    _ sourceId: String, _ relationshipId: String, ifMatch: String? = nil
  ) throws(TwinStoreError) {
    let current = try relationship(sourceId, relationshipId)
    try Self.checkIfMatch(ifMatch, etag: current.etag)
    outgoing[sourceId]?[relationshipId] = nil
    if outgoing[sourceId]?.isEmpty ?? false { outgoing[sourceId] = nil }
    let key = RelationshipKey(sourceId: sourceId, relationshipId: relationshipId)
    incoming[current.targetId]?.remove(key)
    if incoming[current.targetId]?.isEmpty ?? false { incoming[current.targetId] = nil }
  }

  /// Returns the relationships from the twin `sourceId`, ordered by id, optionally only
  /// those named `name`.
  public func listRelationships(
    _ sourceId: String, name: String? = nil
  ) throws(TwinStoreError) -> [Relationship] {
    _ = try existingTwin(sourceId)
    let all = outgoing[sourceId] ?? [:]
    return all.keys.sorted().compactMap { all[$0] }.filter { name == nil || $0.name == name }
  }

  /// Returns the relationships that end at the twin `targetId`, ordered by source and id.
  public func listIncomingRelationships(
    _ targetId: String
  ) throws(TwinStoreError) -> [Relationship] {
    _ = try existingTwin(targetId)
    return (incoming[targetId] ?? []).sorted().compactMap {
      outgoing[$0.sourceId]?[$0.relationshipId]
    }
  }

  /// Returns every relationship, ordered by source and id.
  func allRelationships() -> [Relationship] {
    outgoing.keys.sorted().flatMap { source in
      let all = outgoing[source] ?? [:]
      return all.keys.sorted().compactMap { all[$0] }
    }
  }

  private func relationshipDefinition(
    _ name: String, of source: DigitalTwin
  ) throws(TwinStoreError) -> DTDLRelationship {
    guard let model = models[source.modelId]?.interface else {
      throw .validationFailed(
        "The twin \(source.id) uses the model \(source.modelId), which is not uploaded; its "
          + "outgoing relationships cannot change.")
    }
    guard let definition = model.relationship(named: name) else {
      let names = model.relationships.map(\.name)
      var message = "The relationship '\(name)' is not defined on \(model.id)"
      if let near = nearestName(to: name, among: names) {
        message += "; did you mean '\(near)'?"
      } else if names.isEmpty {
        message += ", which defines no relationships."
      } else {
        message += "; it defines: \(names.joined(separator: ", "))."
      }
      throw TwinStoreError(status: 400, code: "InvalidRelationship", message: message)
    }
    return definition
  }

  private static func validateRelationshipProperties(
    _ properties: JSONObject, definition: DTDLRelationship, name: String
  ) throws(TwinStoreError) {
    for (key, value) in properties.members {
      guard let property = definition.properties.first(where: { $0.name == key }) else {
        throw .validationFailed(
          "'\(key)' is not a property of the relationship '\(name)'.")
      }
      if let problem = ValueValidator.problem(with: value, schema: property.schema, path: "/" + key)
      {
        throw .validationFailed("Invalid relationship property '\(key)': \(problem).")
      }
    }
  }
}
