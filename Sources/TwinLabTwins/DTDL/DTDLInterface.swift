import TwinLabModel

/// A DTDL interface after parsing, with its own contents and, once a batch is
/// resolved, the contents it inherits through `extends`.
///
/// The twin store validates every twin and relationship write against this
/// form, so it carries only what validation and queries need.
public struct DTDLInterface: Sendable, Equatable {
  /// The DTMI, such as `dtmi:twinlab:Device;1`.
  public var id: String
  /// DTDL version from the context: 2 or 3.
  public var version: Int
  public var displayName: String?
  /// DTMIs of the interfaces this one extends directly.
  public var extends: [String]
  public var properties: [DTDLProperty]
  public var relationships: [DTDLRelationship]
  public var telemetries: [DTDLTelemetry]
  public var commands: [String]
  public var components: [DTDLComponent]
  /// Whether the service marks the model as decommissioned; no new twins may use it.
  public var isDecommissioned: Bool

  public init(
    id: String, version: Int = 3, displayName: String? = nil, extends: [String] = [],
    properties: [DTDLProperty] = [], relationships: [DTDLRelationship] = [],
    telemetries: [DTDLTelemetry] = [], commands: [String] = [], components: [DTDLComponent] = [],
    isDecommissioned: Bool = false
  ) {
    self.id = id
    self.version = version
    self.displayName = displayName
    self.extends = extends
    self.properties = properties
    self.relationships = relationships
    self.telemetries = telemetries
    self.commands = commands
    self.components = components
    self.isDecommissioned = isDecommissioned
  }

  /// The property named `name`, if the interface has one.
  public func property(named name: String) -> DTDLProperty? {
    properties.first { $0.name == name }
  }

  /// The relationship named `name`, if the interface has one.
  public func relationship(named name: String) -> DTDLRelationship? {
    relationships.first { $0.name == name }
  }

  /// The component named `name`, if the interface has one.
  public func component(named name: String) -> DTDLComponent? {
    components.first { $0.name == name }
  }
}

/// A property of an interface or a relationship.
public struct DTDLProperty: Sendable, Equatable {
  public var name: String
  public var schema: DTDLSchema
  public var isWritable: Bool

  public init(name: String, schema: DTDLSchema, isWritable: Bool = false) {
    self.name = name
    self.schema = schema
    self.isWritable = isWritable
  }
}

/// A relationship of an interface.
public struct DTDLRelationship: Sendable, Equatable {
  public var name: String
  /// DTMI of the interface targets must have (or extend); `nil` allows any twin.
  public var target: String?
  public var minMultiplicity: Int?
  public var maxMultiplicity: Int?
  public var properties: [DTDLProperty]

  public init(
    name: String, target: String? = nil, minMultiplicity: Int? = nil,
    maxMultiplicity: Int? = nil, properties: [DTDLProperty] = []
  ) {
    self.name = name
    self.target = target
    self.minMultiplicity = minMultiplicity
    self.maxMultiplicity = maxMultiplicity
    self.properties = properties
  }
}

/// A telemetry of an interface.
public struct DTDLTelemetry: Sendable, Equatable {
  public var name: String
  public var schema: DTDLSchema

  public init(name: String, schema: DTDLSchema) {
    self.name = name
    self.schema = schema
  }
}

/// A component: a named part of a twin whose contents follow another interface.
public struct DTDLComponent: Sendable, Equatable {
  public var name: String
  /// DTMI of the component's interface.
  public var schema: String

  public init(name: String, schema: String) {
    self.name = name
    self.schema = schema
  }
}

/// The schema of a property, telemetry, field, map value or array element.
public indirect enum DTDLSchema: Sendable, Equatable {
  case boolean
  case date
  case dateTime
  case double
  case duration
  case float
  case integer
  case long
  case string
  case time
  /// Enum with an integer or string value schema; values are name and enum value.
  case enumeration(valueSchema: DTDLSchema, values: [DTDLEnumValue])
  case object(fields: [DTDLField])
  case map(keyName: String, value: DTDLSchema)
  case array(element: DTDLSchema)
}

/// One named value of an enum schema.
public struct DTDLEnumValue: Sendable, Equatable {
  public var name: String
  public var value: JSONValue

  public init(name: String, value: JSONValue) {
    self.name = name
    self.value = value
  }
}

/// One field of an object schema.
public struct DTDLField: Sendable, Equatable {
  public var name: String
  public var schema: DTDLSchema

  public init(name: String, schema: DTDLSchema) {
    self.name = name
    self.schema = schema
  }
}
