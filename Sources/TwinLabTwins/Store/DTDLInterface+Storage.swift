import TwinLabModel

/// The store file keeps resolved interfaces in this compact JSON form, so a
/// store loads without parsing DTDL again.
extension DTDLInterface {
  var storageJSON: JSONValue {
    var object: JSONObject = ["id": .string(id), "version": .number(Double(version))]
    if let displayName { object["displayName"] = .string(displayName) }
    object["extends"] = .array(extends.map { .string($0) })
    object["properties"] = .array(properties.map(\.storageJSON))
    object["relationships"] = .array(
      relationships.map { relationship in
        var entry: JSONObject = ["name": .string(relationship.name)]
        if let target = relationship.target { entry["target"] = .string(target) }
        if let minimum = relationship.minMultiplicity {
          entry["minMultiplicity"] = .number(Double(minimum))
        }
        if let maximum = relationship.maxMultiplicity {
          entry["maxMultiplicity"] = .number(Double(maximum))
        }
        entry["properties"] = .array(relationship.properties.map(\.storageJSON))
        return .object(entry)
      })
    object["telemetries"] = .array(
      telemetries.map { .object(["name": .string($0.name), "schema": $0.schema.storageJSON]) })
    object["commands"] = .array(commands.map { .string($0) })
    object["components"] = .array(
      components.map { .object(["name": .string($0.name), "schema": .string($0.schema)]) })
    return .object(object)
  }

  init(storageJSON value: JSONValue) throws {
    let object = try StorageDecodingError.object(value, "interface")
    let id = try StorageDecodingError.string(object["id"], "interface id")
    self.init(id: id)
    if case .number(let number)? = object["version"] { version = Int(number) }
    if case .string(let name)? = object["displayName"] { displayName = name }
    extends = try StorageDecodingError.each(object["extends"], "extends") {
      try StorageDecodingError.string($0, "extends entry")
    }
    properties = try StorageDecodingError.each(object["properties"], "properties") {
      try DTDLProperty(storageJSON: $0)
    }
    relationships = try StorageDecodingError.each(object["relationships"], "relationships") {
      entry in
      let fields = try StorageDecodingError.object(entry, "relationship")
      var relationship = DTDLRelationship(
        name: try StorageDecodingError.string(fields["name"], "relationship name"))
      if case .string(let target)? = fields["target"] { relationship.target = target }
      if case .number(let minimum)? = fields["minMultiplicity"] {
        relationship.minMultiplicity = Int(minimum)
      }
      if case .number(let maximum)? = fields["maxMultiplicity"] {
        relationship.maxMultiplicity = Int(maximum)
      }
      relationship.properties = try StorageDecodingError.each(
        fields["properties"], "relationship properties"
      ) { try DTDLProperty(storageJSON: $0) }
      return relationship
    }
    telemetries = try StorageDecodingError.each(object["telemetries"], "telemetries") {
      let fields = try StorageDecodingError.object($0, "telemetry")
      return DTDLTelemetry(
        name: try StorageDecodingError.string(fields["name"], "telemetry name"),
        schema: try DTDLSchema(storageJSON: fields["schema"] ?? .null))
    }
    commands = try StorageDecodingError.each(object["commands"], "commands") {
      try StorageDecodingError.string($0, "command")
    }
    components = try StorageDecodingError.each(object["components"], "components") {
      let fields = try StorageDecodingError.object($0, "component")
      return DTDLComponent(
        name: try StorageDecodingError.string(fields["name"], "component name"),
        schema: try StorageDecodingError.string(fields["schema"], "component schema"))
    }
  }
}

extension DTDLProperty {
  var storageJSON: JSONValue {
    .object([
      "name": .string(name), "schema": schema.storageJSON, "writable": .bool(isWritable),
    ])
  }

  init(storageJSON value: JSONValue) throws {
    let fields = try StorageDecodingError.object(value, "property")
    var writable = false
    if case .bool(let flag)? = fields["writable"] { writable = flag }
    self.init(
      name: try StorageDecodingError.string(fields["name"], "property name"),
      schema: try DTDLSchema(storageJSON: fields["schema"] ?? .null), isWritable: writable)
  }
}

extension DTDLSchema {
  private static let primitives: [(String, DTDLSchema)] = [
    ("boolean", .boolean), ("date", .date), ("dateTime", .dateTime), ("double", .double),
    ("duration", .duration), ("float", .float), ("integer", .integer), ("long", .long),
    ("string", .string), ("time", .time),
  ]

  var storageJSON: JSONValue {
    switch self {
    case .enumeration(let valueSchema, let values):
      return .object([
        "enum": valueSchema.storageJSON,
        "values": .array(values.map { .object(["name": .string($0.name), "value": $0.value]) }),
      ])
    case .object(let fields):
      return .object([
        "object": .array(
          fields.map { .object(["name": .string($0.name), "schema": $0.schema.storageJSON]) })
      ])
    case .map(let keyName, let value):
      return .object(["map": .object(["keyName": .string(keyName), "value": value.storageJSON])])
    case .array(let element):
      return .object(["array": element.storageJSON])
    default:
      let name = Self.primitives.first { $0.1 == self }?.0 ?? "string"
      return .string(name)
    }
  }

  init(storageJSON value: JSONValue) throws {
    if case .string(let name) = value {
      guard let primitive = Self.primitives.first(where: { $0.0 == name })?.1 else {
        throw StorageDecodingError(message: "unknown schema '\(name)'")
      }
      self = primitive
      return
    }
    let object = try StorageDecodingError.object(value, "schema")
    if let valueSchema = object["enum"] {
      let values = try StorageDecodingError.each(object["values"], "enum values") {
        let fields = try StorageDecodingError.object($0, "enum value")
        return DTDLEnumValue(
          name: try StorageDecodingError.string(fields["name"], "enum value name"),
          value: fields["value"] ?? .null)
      }
      self = .enumeration(valueSchema: try DTDLSchema(storageJSON: valueSchema), values: values)
    } else if let fields = object["object"] {
      self = .object(
        fields: try StorageDecodingError.each(fields, "object fields") {
          let field = try StorageDecodingError.object($0, "field")
          return DTDLField(
            name: try StorageDecodingError.string(field["name"], "field name"),
            schema: try DTDLSchema(storageJSON: field["schema"] ?? .null))
        })
    } else if let map = object["map"] {
      let fields = try StorageDecodingError.object(map, "map")
      self = .map(
        keyName: try StorageDecodingError.string(fields["keyName"], "map key name"),
        value: try DTDLSchema(storageJSON: fields["value"] ?? .null))
    } else if let element = object["array"] {
      self = .array(element: try DTDLSchema(storageJSON: element))
    } else {
      throw StorageDecodingError(message: "unknown schema \(value.serialized())")
    }
  }
}

/// A store file member that does not have the expected shape.
public struct StorageDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String

  public var description: String { message }

  static func object(_ value: JSONValue?, _ what: String) throws -> JSONObject {
    guard case .object(let object)? = value else {
      throw StorageDecodingError(message: "\(what) is not a JSON object")
    }
    return object
  }

  static func array(_ value: JSONValue?, _ what: String) throws -> [JSONValue] {
    guard case .array(let array)? = value else {
      throw StorageDecodingError(message: "\(what) is not a JSON array")
    }
    return array
  }

  static func each<T>(
    _ value: JSONValue?, _ what: String,
    _ transform: (JSONValue) throws -> T
  ) throws -> [T] {
    var results: [T] = []
    for element in try array(value, what) { results.append(try transform(element)) }
    return results
  }

  static func string(_ value: JSONValue?, _ what: String) throws -> String {
    guard case .string(let text)? = value else {
      throw StorageDecodingError(message: "\(what) is not a string")
    }
    return text
  }
}
