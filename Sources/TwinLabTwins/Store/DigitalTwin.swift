import TwinLabModel

/// A digital twin as stored: its id, etag and contents in the service's layout.
///
/// The fields live in one shared, copy-on-write box, so copying a twin (as every
/// query row does) costs one reference count instead of one per field.
public struct DigitalTwin: Sendable, Equatable {
  private final class Box: @unchecked Sendable {
    var id: String
    var etag: String
    var modelId: String
    var contents: JSONObject

    init(id: String, etag: String, modelId: String, contents: JSONObject) {
      self.id = id
      self.etag = etag
      self.modelId = modelId
      self.contents = contents
    }
  }

  private var box: Box

  public init(id: String, etag: String, modelId: String, contents: JSONObject) {
    box = Box(id: id, etag: etag, modelId: modelId, contents: contents)
  }

  private mutating func uniqueBox() -> Box {
    if !isKnownUniquelyReferenced(&box) {
      box = Box(id: box.id, etag: box.etag, modelId: box.modelId, contents: box.contents)
    }
    return box
  }

  public var id: String {
    get { box.id }
    set { uniqueBox().id = newValue }
  }

  /// Weak etag, `W/"..."`, renewed on every write.
  public var etag: String {
    get { box.etag }
    set { uniqueBox().etag = newValue }
  }

  /// DTMI of the twin's model, the same as `$metadata.$model`.
  public var modelId: String {
    get { box.modelId }
    set { uniqueBox().modelId = newValue }
  }

  /// Properties, components and `$metadata` (with `$model`, `$lastUpdateTime` and
  /// one entry per set property).
  public var contents: JSONObject {
    get { box.contents }
    set { uniqueBox().contents = newValue }
  }

  public static func == (lhs: DigitalTwin, rhs: DigitalTwin) -> Bool {
    lhs.box === rhs.box
      || (lhs.id == rhs.id && lhs.etag == rhs.etag && lhs.modelId == rhs.modelId
        && lhs.contents == rhs.contents)
  }

  /// The twin as the service returns it: `$dtId`, `$etag`, the properties and
  /// components, then `$metadata`.
  public var json: JSONValue {
    var object: JSONObject = ["$dtId": .string(id), "$etag": .string(etag)]
    for (key, value) in contents.members where key != "$metadata" {
      object[key] = value
    }
    object["$metadata"] = contents["$metadata"] ?? .object(["$model": .string(modelId)])
    return .object(object)
  }
}

/// A relationship as stored, in the service's JSON layout.
public struct Relationship: Sendable, Equatable {
  public var id: String
  public var etag: String
  public var sourceId: String
  public var targetId: String
  public var name: String
  /// Relationship properties, without the `$` members.
  public var properties: JSONObject

  public init(
    id: String, etag: String, sourceId: String, targetId: String, name: String,
    properties: JSONObject = JSONObject()
  ) {
    self.id = id
    self.etag = etag
    self.sourceId = sourceId
    self.targetId = targetId
    self.name = name
    self.properties = properties
  }

  /// The relationship as the service returns it.
  public var json: JSONValue {
    var object: JSONObject = [
      "$relationshipId": .string(id), "$etag": .string(etag), "$sourceId": .string(sourceId),
      "$targetId": .string(targetId), "$relationshipName": .string(name),
    ]
    for (key, value) in properties.members { object[key] = value }
    return .object(object)
  }

  /// The entry the service lists for this relationship among a target's incoming ones.
  public var incomingJSON: JSONValue {
    .object([
      "$relationshipId": .string(id), "$sourceId": .string(sourceId),
      "$relationshipName": .string(name),
      "$relationshipLink": .string("/digitaltwins/\(sourceId)/relationships/\(id)"),
    ])
  }
}

/// A model as stored, with what the service reports about it.
public struct StoredModel: Sendable, Equatable {
  /// The resolved interface, including inherited contents.
  public var interface: DTDLInterface
  /// The DTDL document as uploaded.
  public var definition: JSONValue
  public var uploadTime: String
  public var isDecommissioned: Bool

  public init(
    interface: DTDLInterface, definition: JSONValue, uploadTime: String,
    isDecommissioned: Bool = false
  ) {
    self.interface = interface
    self.definition = definition
    self.uploadTime = uploadTime
    self.isDecommissioned = isDecommissioned
  }

  public var id: String { interface.id }

  /// The model data the service returns, with the definition when asked for.
  public func json(includeDefinition: Bool = false) -> JSONValue {
    var object: JSONObject = ["id": .string(id)]
    if let name = interface.displayName {
      object["displayName"] = .object(["en": .string(name)])
    } else {
      object["displayName"] = .object(JSONObject())
    }
    object["description"] = .object(JSONObject())
    object["uploadTime"] = .string(uploadTime)
    object["decommissioned"] = .bool(isDecommissioned)
    if includeDefinition { object["model"] = definition }
    return .object(object)
  }
}
