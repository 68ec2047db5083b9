import TwinLabModel
import TwinLabTwins

/// One step of making a backend's graph match a `LabGraph`.
public enum SyncAction: Sendable, Equatable {
  case uploadModels([String])
  case createTwin(LabGraph.Twin)
  /// A JSON Patch of the scenario properties that differ.
  case updateTwin(id: String, patch: JSONValue)
  case createRelationship(LabGraph.Relationship)
  case deleteRelationship(source: String, id: String)
  case deleteTwin(String)

  /// One line for printing, such as `create twin centrifuge-1 (dtmi:twinlab:Device;1)`.
  public var line: String {
    switch self {
    case .uploadModels(let ids): "upload models \(ids.joined(separator: ", "))"
    case .createTwin(let twin): "create twin \(twin.id) (\(twin.model))"
    case .updateTwin(let id, let patch): "update twin \(id) \(patch.serialized())"
    case .createRelationship(let relationship):
      "create relationship \(relationship.source) -\(relationship.name)-> \(relationship.target)"
    case .deleteRelationship(let source, let id): "delete relationship \(source) \(id)"
    case .deleteTwin(let id): "delete twin \(id)"
    }
  }
}

/// Plans and applies the changes that make a backend's graph match a lab.
///
/// A stored twin belongs to the lab when its id is in the lab's graph, or when
/// the lab twin `contains` or `runs` it, it `simulates` the lab twin, or it
/// `uses` or `operates` a device the lab twin contains. Only twins that belong
/// to the lab, and only relationships named as in the graph that leave such
/// twins, are ever deleted; other twins are left alone.
public struct LabSync {
  public let backend: any TwinBackend
  /// The DTDL documents to upload when the lab's models are missing.
  public let models: [JSONValue]

  public init(backend: any TwinBackend, models: [JSONValue]) {
    self.backend = backend
    self.models = models
  }

  /// The actions in the order `apply` runs them: models, twins created or
  /// updated, relationships created, relationships deleted, twins deleted.
  public func plan(_ graph: LabGraph) throws(TwinBackendError) -> [SyncAction] {
    var actions: [SyncAction] = []
    let stored = Set(try backend.listModels().compactMap { $0["id"]?.stringValue })
    let missing = models.compactMap { $0["@id"]?.stringValue }.filter { !stored.contains($0) }
    if !missing.isEmpty { actions.append(.uploadModels(missing)) }

    var existing: [String: JSONObject] = [:]
    for twin in graph.twins {
      if let document = try fetchTwin(twin.id) { existing[twin.id] = document }
    }
    for twin in graph.twins {
      guard let document = existing[twin.id] else {
        actions.append(.createTwin(twin))
        continue
      }
      if case .object(let metadata)? = document["$metadata"],
        metadata["$model"]?.stringValue != twin.model
      {
        // A twin cannot change its model through a patch; it is created anew.
        actions.append(.createTwin(twin))
        continue
      }
      var operations: [JSONValue] = []
      for key in twin.scenarioKeys where document[key] != twin.properties[key] {
        operations.append(
          .object([
            "op": .string(document[key] == nil ? "add" : "replace"), "path": .string("/\(key)"),
            "value": twin.properties[key] ?? .null,
          ]))
      }
      if !operations.isEmpty { actions.append(.updateTwin(id: twin.id, patch: .array(operations))) }
    }

    let owned = try ownedTwins(graph)
    let wanted = Set(graph.relationships.map(\.id))
    var present: Set<String> = []
    var deletions: [SyncAction] = []
    let wantedTwins = Set(graph.twins.map(\.id))
    let removedTwins = owned.filter { !wantedTwins.contains($0) }.sorted()
    for source in owned.sorted() {
      for relationship in try backend.listRelationships(source: source, name: nil) {
        guard let id = relationship["$relationshipId"]?.stringValue,
          let name = relationship["$relationshipName"]?.stringValue,
          let target = relationship["$targetId"]?.stringValue
        else { continue }
        if wanted.contains(id), relationship["$sourceId"]?.stringValue == source {
          present.insert(id)
        } else if LabGraph.relationshipNames.contains(name) || removedTwins.contains(source)
          || removedTwins.contains(target)
        {
          deletions.append(.deleteRelationship(source: source, id: id))
        }
      }
    }
    for relationship in graph.relationships where !present.contains(relationship.id) {
      actions.append(.createRelationship(relationship))
    }
    actions += deletions
    actions += removedTwins.map(SyncAction.deleteTwin)
    return actions
  }

  /// Runs `actions`, stopping at the first failure.
  public func apply(_ actions: [SyncAction]) throws(TwinBackendError) {
    for action in actions {
      switch action {
      case .uploadModels(let ids):
        let documents = models.filter { ids.contains($0["@id"]?.stringValue ?? "") }
        _ = try backend.uploadModels(documents)
      case .createTwin(let twin):
        var body = twin.properties
        body["$metadata"] = .object(["$model": .string(twin.model)])
        _ = try backend.createOrReplaceTwin(twin.id, .object(body), ifNoneMatch: nil)
      case .updateTwin(let id, let patch):
        try backend.updateTwin(id, patch: patch, ifMatch: nil)
      case .createRelationship(let relationship):
        let body: JSONValue = .object([
          "$targetId": .string(relationship.target),
          "$relationshipName": .string(relationship.name),
        ])
        _ = try backend.createOrReplaceRelationship(
          source: relationship.source, id: relationship.id, body, ifNoneMatch: nil)
      case .deleteRelationship(let source, let id):
        try backend.deleteRelationship(source: source, id: id, ifMatch: nil)
      case .deleteTwin(let id):
        try backend.deleteTwin(id, ifMatch: nil)
      }
    }
  }

  private func fetchTwin(_ id: String) throws(TwinBackendError) -> JSONObject? {
    do {
      guard case .object(let document) = try backend.twin(id) else { return nil }
      return document
    } catch {
      if case .service(let failure) = error, failure.status == 404 { return nil }
      throw error
    }
  }

  /// The stored twins that belong to the lab: see the type's documentation.
  func ownedTwins(_ graph: LabGraph) throws(TwinBackendError) -> Set<String> {
    var owned: Set<String> = []
    for twin in graph.twins where try fetchTwin(twin.id) != nil { owned.insert(twin.id) }
    guard owned.contains(graph.labId) else { return owned }
    var devices: [String] = []
    for relationship in try backend.listRelationships(source: graph.labId, name: nil) {
      let name = relationship["$relationshipName"]?.stringValue
      guard let target = relationship["$targetId"]?.stringValue else { continue }
      if name == "contains" { devices.append(target) }
      if name == "contains" || name == "runs" { owned.insert(target) }
    }
    for incoming in try backend.listIncomingRelationships(target: graph.labId)
    where incoming["$relationshipName"]?.stringValue == "simulates" {
      if let source = incoming["$sourceId"]?.stringValue { owned.insert(source) }
    }
    for device in devices {
      for incoming in try backend.listIncomingRelationships(target: device) {
        let name = incoming["$relationshipName"]?.stringValue
        guard name == "uses" || name == "operates" || name == "contains",
          let source = incoming["$sourceId"]?.stringValue
        else { continue }
        if name != "contains" { owned.insert(source) }
      }
    }
    return owned
  }
}
