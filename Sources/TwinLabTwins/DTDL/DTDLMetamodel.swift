/// The concrete element classes of DTDL v2 and v3.
enum DTDLClass: String, CaseIterable, Sendable {
  case interface = "Interface"
  case telemetry = "Telemetry"
  case property = "Property"
  case command = "Command"
  case commandRequest = "CommandRequest"
  case commandResponse = "CommandResponse"
  case commandPayload = "CommandPayload"
  case relationship = "Relationship"
  case component = "Component"
  case array = "Array"
  case enumeration = "Enum"
  case enumValue = "EnumValue"
  case map = "Map"
  case mapKey = "MapKey"
  case mapValue = "MapValue"
  case object = "Object"
  case field = "Field"

  /// Whether the class exists in DTDL `version`: v3 replaced CommandPayload with
  /// CommandRequest and CommandResponse.
  func exists(in version: Int) -> Bool {
    switch self {
    case .commandPayload: version == 2
    case .commandRequest, .commandResponse: version >= 3
    default: true
    }
  }

  var isComplexSchema: Bool {
    self == .array || self == .enumeration || self == .map || self == .object
  }

  /// Whether the class has a required `name`.
  var isNamed: Bool {
    switch self {
    case .interface, .array, .enumeration, .map, .object: false
    default: true
    }
  }

  /// Whether a semantic type may be a co-type of this class.
  var acceptsSemanticType: Bool {
    switch self {
    case .telemetry, .property, .commandRequest, .commandResponse, .commandPayload, .field,
      .mapValue:
      true
    default: false
    }
  }
}

/// The kind of value a DTDL property takes.
enum DTDLPropertyKind: Sendable {
  /// A plain string such as `comment`, at most this many characters.
  case plainString(maximumLength: Int)
  /// A string that may be given per language, such as `displayName`.
  case localizable(maximumLength: Int)
  /// An element name.
  case name
  case boolean
  case integer
  /// An enum value, whose type the enum's `valueSchema` decides.
  case enumValue
  /// A DTMI that is not resolved in the batch, such as a relationship `target`.
  case dtmi
  /// `synchronous` or `asynchronous`.
  case commandType
  /// `integer` or `string`.
  case enumValueSchema
  /// Nested elements of these classes, written inline or as a reference by DTMI.
  case elements([DTDLClass])
  /// A primitive schema term, or a complex schema inline or by reference.
  case schema
  /// An interface inline or by reference (a component's schema).
  case interfaceSchema
  /// A semantic unit term.
  case unit
}

/// One property of an element class.
struct DTDLPropertySpec: Sendable {
  var name: String
  var kind: DTDLPropertyKind
  var isRequired = false
  /// Whether the property takes a set of values rather than one.
  var isPlural = false
}

enum DTDLMetamodel {
  static let primitiveSchemas = [
    "boolean", "date", "dateTime", "double", "duration", "float", "integer", "long", "string",
    "time",
  ]
  static let geospatialSchemas = [
    "point", "multiPoint", "lineString", "multiLineString", "polygon", "multiPolygon",
  ]
  static let numericSchemas: Set<String> = ["double", "float", "integer", "long"]

  /// Context DTMIs of the extensions that this validator knows by name. Only
  /// `quantitativeTypes` has its terms implemented; the others are accepted
  /// without checks on their own terms.
  static let knownExtensions: Set<String> = [
    "dtmi:dtdl:extension:quantitativeTypes;1", "dtmi:dtdl:extension:historization;1",
    "dtmi:dtdl:extension:annotation;1", "dtmi:dtdl:extension:overriding;1",
    "dtmi:dtdl:extension:mqtt;1", "dtmi:dtdl:extension:historization;2",
    "dtmi:dtdl:extension:annotation;2", "dtmi:dtdl:extension:overriding;2",
    "dtmi:dtdl:extension:mqtt;2", "dtmi:dtdl:extension:mqtt;3",
  ]
  static let quantitativeTypes = "dtmi:dtdl:extension:quantitativeTypes;1"

  /// Semantic types of the v3 quantitative-types extension.
  // NOTE: DTDL v2 models are checked against this v3 table too; v2 defines a
  // slightly smaller set of semantic types and units.
  static var semanticTypes: Dictionary<String, String>.Keys { DTDLSemanticUnits.unitTypes.keys }

  /// Whether an element of this class may omit `@type` where the position implies it.
  static func typeIsOptional(_ kind: DTDLClass) -> Bool {
    switch kind {
    case .commandRequest, .commandResponse, .commandPayload, .enumValue, .mapKey, .mapValue,
      .field:
      true
    default: false
    }
  }

  /// The properties of `kind` in DTDL `version`, keyed by term.
  static func properties(of kind: DTDLClass, version: Int) -> [String: DTDLPropertySpec] {
    var specs: [DTDLPropertySpec] = [
      DTDLPropertySpec(name: "comment", kind: .plainString(maximumLength: 512)),
      DTDLPropertySpec(name: "description", kind: .localizable(maximumLength: 512)),
      DTDLPropertySpec(
        name: "displayName", kind: .localizable(maximumLength: version == 2 ? 64 : 512)),
    ]
    if kind.isNamed {
      specs.append(DTDLPropertySpec(name: "name", kind: .name, isRequired: true))
    }
    let payload: [DTDLClass] = version == 2 ? [.commandPayload] : []
    switch kind {
    case .interface:
      specs += [
        DTDLPropertySpec(
          name: "contents",
          kind: .elements([.telemetry, .property, .command, .relationship, .component]),
          isPlural: true),
        DTDLPropertySpec(name: "extends", kind: .elements([.interface]), isPlural: true),
        DTDLPropertySpec(
          name: "schemas", kind: .elements([.array, .enumeration, .map, .object]), isPlural: true),
      ]
    case .telemetry, .commandRequest, .commandResponse, .commandPayload, .field, .mapKey,
      .mapValue:
      specs.append(DTDLPropertySpec(name: "schema", kind: .schema, isRequired: true))
    case .property:
      specs += [
        DTDLPropertySpec(name: "schema", kind: .schema, isRequired: true),
        DTDLPropertySpec(name: "writable", kind: .boolean),
      ]
    case .command:
      specs += [
        DTDLPropertySpec(name: "commandType", kind: .commandType),
        DTDLPropertySpec(
          name: "request", kind: .elements(payload.isEmpty ? [.commandRequest] : payload)),
        DTDLPropertySpec(
          name: "response", kind: .elements(payload.isEmpty ? [.commandResponse] : payload)),
      ]
    case .relationship:
      specs += [
        DTDLPropertySpec(name: "maxMultiplicity", kind: .integer),
        DTDLPropertySpec(name: "minMultiplicity", kind: .integer),
        DTDLPropertySpec(name: "properties", kind: .elements([.property]), isPlural: true),
        DTDLPropertySpec(name: "target", kind: .dtmi),
        DTDLPropertySpec(name: "writable", kind: .boolean),
      ]
    case .component:
      specs.append(DTDLPropertySpec(name: "schema", kind: .interfaceSchema, isRequired: true))
    case .array:
      specs.append(DTDLPropertySpec(name: "elementSchema", kind: .schema, isRequired: true))
    case .enumeration:
      specs += [
        DTDLPropertySpec(name: "valueSchema", kind: .enumValueSchema, isRequired: true),
        DTDLPropertySpec(
          name: "enumValues", kind: .elements([.enumValue]), isRequired: version == 2,
          isPlural: true),
      ]
    case .enumValue:
      specs.append(DTDLPropertySpec(name: "enumValue", kind: .enumValue, isRequired: true))
    case .map:
      specs += [
        DTDLPropertySpec(name: "mapKey", kind: .elements([.mapKey]), isRequired: true),
        DTDLPropertySpec(name: "mapValue", kind: .elements([.mapValue]), isRequired: true),
      ]
    case .object:
      specs.append(
        DTDLPropertySpec(
          name: "fields", kind: .elements([.field]), isRequired: version == 2, isPlural: true))
    }
    return Dictionary(uniqueKeysWithValues: specs.map { ($0.name, $0) })
  }
}
