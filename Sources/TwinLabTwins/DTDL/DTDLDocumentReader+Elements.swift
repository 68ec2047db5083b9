import TwinLabModel

extension DTDLDocumentReader {
  /// JSON-LD keywords an element may carry.
  static let elementKeywords: Set<String> = ["@context", "@id", "@type"]

  /// Reads one element object whose class must be one of `allowed`; returns its index.
  mutating func readElement(
    _ object: JSONObject, path: String, allowed: [DTDLClass], scope inherited: DTDLContextScope,
    requiresID: Bool = false, isTopLevel: Bool = false, allowsVersionChange: Bool = true
  ) -> Int? {
    var scope = inherited
    if !isTopLevel, let context = object["@context"] {
      let contextPath = JSONPath.member(path, "@context")
      guard
        let nested = nestedScope(
          context, path: contextPath, inherited: inherited, allowsVersionChange: allowsVersionChange
        )
      else {
        return nil
      }
      scope = nested
    }
    guard
      let (kind, cotypes, undefinedCotype) = readType(
        object, path: path, allowed: allowed, scope: scope)
    else { return nil }

    var element = DTDLElement(
      kind: kind, file: file, modelID: modelID, path: path, version: scope.version)
    element.semanticTypes = cotypes
    element.isDependency = readsDependencies
    readID(object, path: path, kind: kind, required: requiresID, into: &element)

    let specs = DTDLMetamodel.properties(of: kind, version: scope.version)
    var written: [String: String] = [:]
    var pending: [(spec: DTDLPropertySpec, value: JSONValue, path: String)] = []
    for (key, value) in object.members {
      if Self.elementKeywords.contains(key) { continue }
      let keyPath = JSONPath.member(path, key)
      if key.hasPrefix("@") {
        report(
          keyPath, "invalid-keyword", "JSON-LD keyword '\(key)' is not allowed on a DTDL element")
        continue
      }
      guard let term = propertyTerm(key, version: scope.version) else {
        report(keyPath, "invalid-property-key", "'\(key)' is neither a DTDL term nor a valid DTMI")
        continue
      }
      let spec: DTDLPropertySpec
      if let known = specs[term] {
        spec = known
      } else if term == "unit", !cotypes.isEmpty {
        spec = DTDLPropertySpec(name: "unit", kind: .unit)
      } else {
        if !undefinedCotype {
          report(
            keyPath, "undefined-property",
            "\(kind.rawValue) has no property '\(key)'; allowed: \(specs.keys.sorted().joined(separator: ", "))"
          )
        }
        continue
      }
      if let earlier = written[term] {
        report(
          keyPath, "duplicate-property",
          "'\(key)' repeats property '\(earlier)' of the same element")
        continue
      }
      written[term] = key
      pending.append((spec, value, keyPath))
    }

    let index = elements.count
    let enclosingInterface = currentInterface
    if kind == .interface { currentInterface = index }
    defer { currentInterface = enclosingInterface }
    element.partition = currentInterface
    elements.append(element)
    for (spec, value, valuePath) in pending {
      let values = readValues(value, path: valuePath, spec: spec, scope: scope)
      if !values.isEmpty { elements[index].values[spec.name] = values }
    }
    for spec in specs.values.sorted(by: { $0.name < $1.name })
    where spec.isRequired && elements[index].values[spec.name] == nil && written[spec.name] == nil {
      report(path, "missing-property", "\(kind.rawValue) requires property '\(spec.name)'")
    }
    if !cotypes.isEmpty {
      checkSemanticType(index: index, path: path)
    }
    return index
  }

  /// Returns the term for a property key: the key itself, or the term of a `dtmi:dtdl:property:` DTMI.
  /// An undefined DTMI key maps to a term that no class has; an invalid key maps to nil.
  mutating func propertyTerm(_ key: String, version: Int) -> String? {
    if key.hasPrefix("dtmi:") {
      guard DTMI.isValid(key) else { return nil }
      let prefix = "dtmi:dtdl:property:"
      if key.hasPrefix(prefix), DTMI.majorVersion(of: key) == version,
        let semicolon = key.firstIndex(of: ";")
      {
        return String(key[key.index(key.startIndex, offsetBy: prefix.count)..<semicolon])
      }
      return "\u{0}" + key
    }
    if key.contains(":") { return nil }
    return key
  }

  /// Reads `@type`: the one material class, the semantic co-types, and whether an
  /// undefined co-type (allowed only under an undefined extension) is present.
  mutating func readType(
    _ object: JSONObject, path: String, allowed: [DTDLClass], scope: DTDLContextScope
  ) -> (DTDLClass, [String], Bool)? {
    let typePath = JSONPath.member(path, "@type")
    var names: [(String, String)] = []
    switch object["@type"] {
    case nil:
      if allowed.count >= 1, let implied = allowed.first(where: DTDLMetamodel.typeIsOptional) {
        return (implied, [], false)
      }
      report(path, "missing-type", "element needs \"@type\"; expected \(expected(allowed))")
      return nil
    case .string(let name)?:
      names = [(name, typePath)]
    case .array(let items)?:
      for (index, item) in items.enumerated() {
        guard case .string(let name) = item else {
          report(
            JSONPath.index(typePath, index), "invalid-type",
            "a type must be a string, found \(describe(item))")
          return nil
        }
        names.append((name, JSONPath.index(typePath, index)))
      }
    case let other?:
      report(
        typePath, "invalid-type",
        "\"@type\" must be a string or an array of strings, found \(describe(other))")
      return nil
    }

    var material: DTDLClass?
    var semantic: [String] = []
    var undefinedCotype = false
    var failed = false
    for (name, namePath) in names {
      if let kind = materialClass(name, version: scope.version) {
        if let material, material != kind {
          report(
            namePath, "invalid-type",
            "an element cannot be both \(material.rawValue) and \(kind.rawValue)")
          failed = true
        }
        material = kind
        continue
      }
      if name.hasPrefix("dtmi:") && !DTMI.isValid(name)
        || !name.hasPrefix("dtmi:") && name.contains(":")
      {
        report(namePath, "invalid-type", "type '\(name)' is neither a DTDL term nor a valid DTMI")
        failed = true
        continue
      }
      if DTDLMetamodel.semanticTypes.contains(name)
        && (scope.hasQuantitativeTypes || scope.version == 2)
      {
        semantic.append(name)
        continue
      }
      if scope.hasUndefinedExtension {
        undefinedCotype = true
        continue
      }
      report(
        namePath, "undefined-type",
        "type '\(name)' is not defined; expected \(expected(allowed))"
          + (DTDLMetamodel.semanticTypes.contains(name)
            ? " (semantic types need the context dtmi:dtdl:extension:quantitativeTypes;1)" : ""))
      failed = true
    }
    if failed { return nil }
    guard let kind = material else {
      report(
        typePath, "missing-type", "\"@type\" names no element class; expected \(expected(allowed))")
      return nil
    }
    guard allowed.contains(kind) else {
      report(
        typePath, "type-not-allowed",
        "\(kind.rawValue) is not allowed here; expected \(expected(allowed))")
      return nil
    }
    if !semantic.isEmpty && !kind.acceptsSemanticType {
      report(
        typePath, "invalid-cotype",
        "semantic type '\(semantic[0])' cannot apply to \(kind.rawValue)")
      return nil
    }
    return (kind, semantic, undefinedCotype)
  }

  func materialClass(_ name: String, version: Int) -> DTDLClass? {
    var term = name
    if name.hasPrefix("dtmi:dtdl:class:") {
      guard DTMI.majorVersion(of: name) == version, let semicolon = name.firstIndex(of: ";") else {
        return nil
      }
      term = String(name["dtmi:dtdl:class:".endIndex..<semicolon])
    }
    guard let kind = DTDLClass(rawValue: term), kind.exists(in: version) else { return nil }
    return kind
  }

  func expected(_ classes: [DTDLClass]) -> String {
    classes.map(\.rawValue).joined(separator: " or ")
  }

  mutating func readID(
    _ object: JSONObject, path: String, kind: DTDLClass, required: Bool,
    into element: inout DTDLElement
  ) {
    let idPath = JSONPath.member(path, "@id")
    guard let value = object["@id"] else {
      if kind == .interface || required {
        report(
          path, "missing-id",
          "\(kind.rawValue) \(kind == .interface ? "" : "in 'schemas' ")needs an \"@id\" DTMI")
      }
      return
    }
    guard case .string(let id) = value else {
      report(idPath, "invalid-id", "\"@id\" must be a DTMI string, found \(describe(value))")
      return
    }
    guard DTMI.isValid(id) else {
      report(
        idPath, "invalid-id", "'\(id)' is not a valid DTMI, such as dtmi:com:example:Thermostat;1")
      return
    }
    if DTMI.isReserved(id) {
      report(idPath, "reserved-id", "'\(id)' uses a reserved prefix (dtmi:dtdl: or dtmi:standard:)")
      return
    }
    let limit = kind == .interface ? DTMI.maximumInterfaceLength : DTMI.maximumUserLength
    if id.utf8.count > limit {
      report(
        idPath, "id-too-long", "\(kind.rawValue) DTMI '\(id)' is longer than \(limit) characters")
      return
    }
    if element.version == 2 && DTMI.majorVersion(of: id) == nil {
      report(idPath, "invalid-id", "DTDL v2 requires a version in '\(id)', such as ';1'")
      return
    }
    element.id = id
  }

  /// Checks that a semantic-typed element has a numeric schema and a unit of its unit type.
  mutating func checkSemanticType(index: Int, path: String) {
    let element = elements[index]
    if case .term(let term, let schemaPath)? = element.first("schema"),
      !DTDLMetamodel.numericSchemas.contains(term)
    {
      report(
        schemaPath, "semantic-type-schema",
        "semantic type '\(element.semanticTypes[0])' needs a numeric schema (double, float, integer or long), found '\(term)'"
      )
    }
    guard case .term(let unit, let unitPath)? = element.first("unit") else { return }
    for semanticType in element.semanticTypes {
      let units = DTDLSemanticUnits.units(for: semanticType) ?? []
      if !units.contains(unit) {
        report(
          unitPath, "invalid-unit",
          "unit '\(unit)' does not measure \(semanticType); allowed: \(units.sorted().joined(separator: ", "))"
        )
      }
    }
  }
}
