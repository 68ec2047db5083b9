import TwinLabModel

extension DTDLDocumentReader {
  static let xsdPrefixes = ["xsd:", "http://www.w3.org/2001/XMLSchema#"]

  /// Reads the value of one property; JSON-LD allows a single value or an array of values.
  mutating func readValues(
    _ value: JSONValue, path: String, spec: DTDLPropertySpec, scope: DTDLContextScope
  ) -> [DTDLValue] {
    if case .localizable(let maximumLength) = spec.kind {
      return readLocalizable(value, path: path, maximumLength: maximumLength)
    }
    let items: [(JSONValue, String)]
    if case .array(let elements) = value {
      items = elements.enumerated().map { ($1, JSONPath.index(path, $0)) }
    } else {
      items = [(value, path)]
    }
    if !spec.isPlural && items.count > 1 {
      report(
        path, "too-many-values", "property '\(spec.name)' takes one value, found \(items.count)")
      return []
    }
    if items.isEmpty && spec.isRequired {
      report(
        path, "missing-property", "property '\(spec.name)' needs a value, found an empty array")
      return []
    }
    var values: [DTDLValue] = []
    for (item, itemPath) in items {
      if let read = readValue(item, path: itemPath, spec: spec, scope: scope) {
        values.append(read)
      }
    }
    return values
  }

  mutating func readValue(
    _ item: JSONValue, path: String, spec: DTDLPropertySpec, scope: DTDLContextScope
  ) -> DTDLValue? {
    switch spec.kind {
    case .plainString(let maximumLength):
      guard let text = readString(item, path: path, property: spec.name) else { return nil }
      if text.count > maximumLength {
        report(path, "string-too-long", "'\(spec.name)' is longer than \(maximumLength) characters")
        return nil
      }
      return .literal(.string(text), path: path)
    case .localizable:
      return nil
    case .name:
      guard let text = readString(item, path: path, property: spec.name) else { return nil }
      let limit = scope.version == 2 ? 64 : 512
      guard Self.isValidName(text) else {
        report(
          path, "invalid-name",
          "name '\(text)' must start with a letter, contain only letters, digits and underscores, and not end with an underscore"
        )
        return nil
      }
      if text.count > limit {
        report(
          path, "name-too-long", "name '\(text.prefix(40))...' is longer than \(limit) characters")
        return nil
      }
      return .literal(.string(text), path: path)
    case .boolean:
      guard let value = unwrapLiteral(item, path: path, xsdType: "boolean"),
        case .bool = value
      else {
        report(
          path, "invalid-value", "'\(spec.name)' must be true or false, found \(describe(item))")
        return nil
      }
      return .literal(value, path: path)
    case .integer:
      guard let value = unwrapLiteral(item, path: path, xsdType: "integer"),
        case .number(let number) = value, number == number.rounded(), abs(number) < 1e15
      else {
        report(path, "invalid-value", "'\(spec.name)' must be an integer, found \(describe(item))")
        return nil
      }
      return .literal(value, path: path)
    case .enumValue:
      let value: JSONValue?
      if case .object(let object) = item, case .string = object["@value"] {
        value = unwrapLiteral(item, path: path, xsdType: "string")
      } else {
        value = unwrapLiteral(item, path: path, xsdType: "integer")
      }
      switch value {
      case .string?, .number?: return .literal(value!, path: path)
      default:
        report(
          path, "invalid-value",
          "'enumValue' must be an integer or a string, found \(describe(item))")
        return nil
      }
    case .dtmi:
      guard case .string(let text) = item else {
        report(
          path, "invalid-dtmi", "'\(spec.name)' must be a DTMI string, found \(describe(item))")
        return nil
      }
      guard DTMI.isValid(text), text.utf8.count <= DTMI.maximumUserLength else {
        report(
          path, "invalid-dtmi",
          "'\(text)' is not a valid DTMI of at most \(DTMI.maximumUserLength) characters")
        return nil
      }
      return .literal(item, path: path)
    case .commandType:
      guard case .string(let text) = item,
        let term = instanceTerm(
          text, category: "CommandType", among: ["synchronous", "asynchronous"],
          version: scope.version)
      else {
        report(
          path, "invalid-value",
          "'commandType' must be synchronous or asynchronous, found \(describe(item))")
        return nil
      }
      return .term(term, path: path)
    case .enumValueSchema:
      guard case .string(let text) = item,
        let term = instanceTerm(
          text, category: "Schema", among: ["integer", "string"], version: scope.version)
      else {
        report(
          path, "invalid-enum-schema",
          "an enum's valueSchema must be integer or string, found \(describe(item))")
        return nil
      }
      return .term(term, path: path)
    case .unit:
      guard case .string(let text) = item, !text.contains(":"), !text.isEmpty else {
        report(
          path, "invalid-unit",
          "'unit' must be a unit term such as degreeCelsius, found \(describe(item))")
        return nil
      }
      return .term(text, path: path)
    case .elements(let classes):
      let versionLocked = [
        "enumValues", "mapKey", "mapValue", "fields", "schemas", "request", "response",
      ]
      return readElementValue(
        item, path: path, allowed: classes, scope: scope, requiresID: spec.name == "schemas",
        allowsVersionChange: !versionLocked.contains(spec.name))
    case .schema:
      if case .string(let text) = item, let term = schemaTerm(text, version: scope.version) {
        return .term(term, path: path)
      }
      return readElementValue(
        item, path: path, allowed: [.array, .enumeration, .map, .object], scope: scope,
        requiresID: false)
    case .interfaceSchema:
      return readElementValue(
        item, path: path, allowed: [.interface], scope: scope, requiresID: false)
    }
  }

  mutating func readElementValue(
    _ item: JSONValue, path: String, allowed: [DTDLClass], scope: DTDLContextScope,
    requiresID: Bool,
    allowsVersionChange: Bool = true
  ) -> DTDLValue? {
    switch item {
    case .object(let object):
      guard
        let index = readElement(
          object, path: path, allowed: allowed, scope: scope, requiresID: requiresID,
          allowsVersionChange: allowsVersionChange)
      else { return nil }
      return .element(index)
    case .string(let text) where DTMI.isValid(text):
      return .reference(text, path: path)
    default:
      report(
        path, "invalid-value",
        "expected \(expected(allowed)) as an object or a DTMI reference, found \(describe(item))")
      return nil
    }
  }

  /// Returns the primitive or geospatial schema term for its term or DTMI form.
  func schemaTerm(_ text: String, version: Int) -> String? {
    if DTDLMetamodel.primitiveSchemas.contains(text) { return text }
    if DTDLMetamodel.geospatialSchemas.contains(text) { return text }
    if let term = instanceTerm(
      text, category: "Schema", among: DTDLMetamodel.primitiveSchemas, version: version)
    {
      return term
    }
    let geospatial = "dtmi:standard:schema:geospatial:"
    if text.hasPrefix(geospatial), DTMI.majorVersion(of: text) == version,
      let semicolon = text.firstIndex(of: ";")
    {
      let term = String(text[geospatial.endIndex..<semicolon])
      if DTDLMetamodel.geospatialSchemas.contains(term) { return term }
    }
    return nil
  }

  /// Returns the term from `among` that `text` names, as the term or as
  /// `dtmi:dtdl:instance:CATEGORY:TERM;VERSION`.
  func instanceTerm(_ text: String, category: String, among terms: [String], version: Int)
    -> String?
  {
    if terms.contains(text) { return text }
    let prefix = "dtmi:dtdl:instance:\(category):"
    guard text.hasPrefix(prefix), DTMI.majorVersion(of: text) == version,
      let semicolon = text.firstIndex(of: ";")
    else { return nil }
    let term = String(text[prefix.endIndex..<semicolon])
    return terms.contains(term) ? term : nil
  }

  static func isValidName(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else {
      return false
    }
    func isLetter(_ scalar: Unicode.Scalar) -> Bool {
      ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
    func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
    return isLetter(first) && last != "_"
      && text.unicodeScalars.allSatisfy { isLetter($0) || isDigit($0) || $0 == "_" }
  }

  /// Reads a string literal, plain or as `{"@value": ..., "@type": "xsd:string"}`.
  mutating func readString(_ item: JSONValue, path: String, property: String) -> String? {
    guard let value = unwrapLiteral(item, path: path, xsdType: "string") else {
      report(path, "invalid-value", "'\(property)' must be a string, found \(describe(item))")
      return nil
    }
    guard case .string(let text) = value else {
      report(path, "invalid-value", "'\(property)' must be a string, found \(describe(value))")
      return nil
    }
    return text
  }

  /// Returns the literal inside a JSON-LD value object, or the item itself. A malformed
  /// value object, with extra keys or an `@type` other than the expected XML Schema type,
  /// gives nil.
  func unwrapLiteral(_ item: JSONValue, path: String, xsdType: String) -> JSONValue? {
    switch item {
    case .null, .array: return nil
    case .object(let object):
      guard let value = object["@value"] else { return nil }
      guard object.keys.allSatisfy({ $0 == "@value" || $0 == "@type" }) else { return nil }
      if let type = object["@type"] {
        var name: String?
        if case .string(let text) = type { name = text }
        if case .array(let names) = type, names.count == 1, case .string(let text) = names[0] {
          name = text
        }
        guard let name, Self.xsdPrefixes.contains(where: { name == $0 + xsdType }) else {
          return nil
        }
      }
      switch value {
      case .null, .array, .object: return nil
      default: return value
      }
    default:
      return item
    }
  }
}
