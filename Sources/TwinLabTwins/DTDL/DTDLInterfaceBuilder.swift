import TwinLabModel

/// Turns checked elements into the resolved `DTDLInterface` form.
struct DTDLInterfaceBuilder {
  /// Deeper schemas than this are cut off; the checker has already reported them.
  static let schemaDepthGuard = 16

  let checker: DTDLBatchChecker
  var elements: [DTDLElement] { checker.elements }

  func buildAll() -> [String: DTDLInterface] {
    var parents: [Int: [Int]] = [:]
    for index in elements.indices where elements[index].kind == .interface {
      parents[index] = checker.children(index, "extends").filter {
        elements[$0].kind == .interface
      }
    }
    var result: [String: DTDLInterface] = [:]
    for (index, element) in elements.enumerated()
    where element.kind == .interface && !element.isDependency {
      guard let id = element.id, result[id] == nil else { continue }
      var interface = DTDLInterface(
        id: id, version: element.version, displayName: element.text("displayName"),
        extends: (parents[index] ?? []).compactMap { elements[$0].id })
      // An interface with a cyclic or oversized hierarchy keeps only its own contents.
      let contents =
        checker.brokenHierarchies.contains(index)
        ? checker.children(index, "contents") : checker.allContents(index, parents: parents)
      for content in contents {
        add(content, to: &interface)
      }
      result[id] = interface
    }
    return result
  }

  func add(_ index: Int, to interface: inout DTDLInterface) {
    let element = elements[index]
    guard let name = element.text("name") else { return }
    switch element.kind {
    case .property:
      if let property = property(index) { interface.properties.append(property) }
    case .telemetry:
      if let schema = schema(of: index, depth: 0) {
        interface.telemetries.append(DTDLTelemetry(name: name, schema: schema))
      }
    case .command:
      interface.commands.append(name)
    case .component:
      if let value = element.first("schema"), let target = checker.resolve(value),
        let id = elements[target].id
      {
        interface.components.append(DTDLComponent(name: name, schema: id))
      }
    case .relationship:
      var relationship = DTDLRelationship(name: name)
      if case .literal(.string(let target), _)? = element.first("target") {
        relationship.target = target
      }
      relationship.minMultiplicity = checker.integer(index, "minMultiplicity")?.0
      relationship.maxMultiplicity = checker.integer(index, "maxMultiplicity")?.0
      relationship.properties = checker.children(index, "properties").compactMap(property)
      interface.relationships.append(relationship)
    default:
      break
    }
  }

  func property(_ index: Int) -> DTDLProperty? {
    let element = elements[index]
    guard let name = element.text("name"), let schema = schema(of: index, depth: 0) else {
      return nil
    }
    var writable = false
    if case .literal(.bool(let flag), _)? = element.first("writable") { writable = flag }
    return DTDLProperty(name: name, schema: schema, isWritable: writable)
  }

  /// Converts the `schema` (or `elementSchema`) property of an element.
  func schema(of index: Int, property: String = "schema", depth: Int) -> DTDLSchema? {
    guard depth < Self.schemaDepthGuard, let value = elements[index].first(property) else {
      return nil
    }
    if case .term(let term, _) = value { return primitive(term) }
    guard let target = checker.resolve(value) else { return nil }
    return complexSchema(target, depth: depth + 1)
  }

  func complexSchema(_ index: Int, depth: Int) -> DTDLSchema? {
    let element = elements[index]
    switch element.kind {
    case .array:
      return schema(of: index, property: "elementSchema", depth: depth).map {
        .array(element: $0)
      }
    case .enumeration:
      guard case .term(let valueSchema, _)? = element.first("valueSchema") else { return nil }
      let values = checker.children(index, "enumValues").compactMap { child -> DTDLEnumValue? in
        guard let name = elements[child].text("name"),
          case .literal(let value, _)? = elements[child].first("enumValue")
        else { return nil }
        return DTDLEnumValue(name: name, value: value)
      }
      return .enumeration(
        valueSchema: valueSchema == "integer" ? .integer : .string, values: values)
    case .map:
      guard let key = checker.children(index, "mapKey").first,
        let value = checker.children(index, "mapValue").first,
        let valueSchema = schema(of: value, depth: depth)
      else { return nil }
      return .map(keyName: elements[key].text("name") ?? "key", value: valueSchema)
    case .object:
      let fields = checker.children(index, "fields").compactMap { child -> DTDLField? in
        guard let name = elements[child].text("name"),
          let fieldSchema = schema(of: child, depth: depth)
        else { return nil }
        return DTDLField(name: name, schema: fieldSchema)
      }
      return .object(fields: fields)
    default:
      return nil
    }
  }

  func primitive(_ term: String) -> DTDLSchema? {
    switch term {
    case "boolean": return .boolean
    case "date": return .date
    case "dateTime": return .dateTime
    case "double": return .double
    case "duration": return .duration
    case "float": return .float
    case "integer": return .integer
    case "long": return .long
    case "string": return .string
    case "time": return .time
    default: return geospatial(term)
    }
  }

  /// GeoJSON shapes as objects: `type` is a string and `coordinates` nests arrays of
  /// doubles, one level for a point up to four for a multi-polygon.
  func geospatial(_ term: String) -> DTDLSchema? {
    let levels: Int
    switch term {
    case "point": levels = 1
    case "multiPoint", "lineString": levels = 2
    case "multiLineString", "polygon": levels = 3
    case "multiPolygon": levels = 4
    default: return nil
    }
    var coordinates = DTDLSchema.double
    for _ in 0..<levels { coordinates = .array(element: coordinates) }
    return .object(fields: [
      DTDLField(name: "type", schema: .string), DTDLField(name: "coordinates", schema: coordinates),
    ])
  }
}
