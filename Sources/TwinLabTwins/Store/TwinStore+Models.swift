import TwinLabModel

extension TwinStore {
  /// Uploads a batch of resolved interfaces, all or nothing.
  ///
  /// - Parameters:
  ///   - interfaces: resolved interfaces, with inherited contents included.
  ///   - raw: the DTDL documents as uploaded, in the same order; missing entries are
  ///     stored as `null`.
  /// - Returns: the model data of the new models, in upload order.
  /// - Throws: `InvalidArgument` for an empty batch, `LimitExceeded` past 250 models,
  ///   `ModelIdAlreadyExists` (409) for an id already stored or repeated in the batch,
  ///   `DTDLParserError` for an `extends` or component schema that is neither in the
  ///   batch nor stored.
  @discardableResult
  public mutating func uploadModels(
    _ interfaces: [DTDLInterface], raw: [JSONValue] = []
  ) throws(TwinStoreError) -> [StoredModel] {
    if interfaces.isEmpty {
      throw .invalidArgument("The model upload contains no models; send at least one.")
    }
    if interfaces.count > Self.maxModelsPerUpload {
      throw .limitExceeded(
        "The upload contains \(interfaces.count) models; at most \(Self.maxModelsPerUpload) may "
          + "be uploaded in one call.")
    }
    var batchIds: Set<String> = []
    for interface in interfaces {
      if models[interface.id] != nil || !batchIds.insert(interface.id).inserted {
        throw TwinStoreError(
          status: 409, code: "ModelIdAlreadyExists",
          message: "Model with id \(interface.id) already exists; upload a new version "
            + "(such as ;2) or delete the model first.")
      }
    }
    for interface in interfaces {
      let references =
        interface.extends.map { ("extends", $0) }
        + interface.components.map { ("component '\($0.name)' schema", $0.schema) }
      for (role, reference) in references
      where models[reference] == nil && !batchIds.contains(reference) {
        throw TwinStoreError(
          status: 400, code: "DTDLParserError",
          message: "None of the models in this request could be created: \(interface.id) "
            + "has \(role) '\(reference)', which is neither in the request nor uploaded.")
      }
    }

    let time = now
    var added: [StoredModel] = []
    for (index, interface) in interfaces.enumerated() {
      let definition = index < raw.count ? raw[index] : .null
      var stored = StoredModel(interface: interface, definition: definition, uploadTime: time)
      stored.isDecommissioned = interface.isDecommissioned
      added.append(stored)
    }
    for stored in added { models[stored.id] = stored }
    return added
  }

  /// Returns every model, ordered by id.
  public func listModels() -> [StoredModel] {
    models.keys.sorted().compactMap { models[$0] }
  }

  /// Returns the model `id`.
  ///
  /// - Throws: `ModelNotFound` (404).
  public func model(_ id: String) throws(TwinStoreError) -> StoredModel {
    guard let model = models[id] else { throw .modelNotFound(id) }
    return model
  }

  /// Marks the model decommissioned: existing twins keep working, new twins of it
  /// are rejected.
  public mutating func decommissionModel(_ id: String) throws(TwinStoreError) {
    guard models[id] != nil else { throw .modelNotFound(id) }
    models[id]?.isDecommissioned = true
  }

  /// Deletes the model.
  ///
  /// - Throws: `ModelNotFound` (404); `ModelReferencesNotDeleted` (409) while another
  ///   model extends it or uses it as a component schema. Twins of the model stay
  ///   readable, as the service leaves them.
  public mutating func deleteModel(_ id: String) throws(TwinStoreError) {
    guard models[id] != nil else { throw .modelNotFound(id) }
    let referencing = models.values.filter { other in
      other.id != id
        && (other.interface.extends.contains(id)
          || other.interface.components.contains { $0.schema == id })
    }.map(\.id).sorted()
    if !referencing.isEmpty {
      throw TwinStoreError(
        status: 409, code: "ModelReferencesNotDeleted",
        message: "This model is currently being referenced by "
          + "\(referencing.joined(separator: ", ")). You must delete these references before "
          + "deleting the model \(id).")
    }
    models[id] = nil
  }
}
