import TwinLabModel

extension DTDLBatchChecker {
  /// Collects the contents of an interface and of everything it extends, each element once.
  func allContents(_ index: Int, parents: [Int: [Int]]) -> [Int] {
    var seen: Set<Int> = []
    var result: [Int] = []
    for interface in ancestors(of: index, parents: parents) {
      for content in children(interface, "contents") where seen.insert(content).inserted {
        result.append(content)
      }
    }
    return result
  }

  mutating func checkInterface(_ index: Int, parents: [Int: [Int]]) {
    let element = elements[index]
    let contents = allContents(index, parents: parents)
    let own = Set(children(index, "contents"))
    var names: [String: Int] = [:]
    for content in contents {
      guard let name = elements[content].text("name") else { continue }
      guard let earlier = names[name] else {
        names[name] = content
        continue
      }
      // Report on the interface being checked, so an inherited clash names the derived model.
      let clash = own.contains(content) ? content : own.contains(earlier) ? earlier : nil
      let path = clash.map { elements[$0].path + ".name" } ?? element.path + ".extends"
      report(
        element, path, "duplicate-name",
        "name '\(name)' is used twice in '\(element.id ?? "the interface")'"
          + (own.contains(content) && own.contains(earlier) ? "" : " (counting inherited contents)")
      )
    }
    if element.version == 2 && (element.values["contents"]?.count ?? 0) > Self.maximumContentsV2 {
      report(
        element, element.path + ".contents", "too-many-contents",
        "a DTDL v2 interface has at most \(Self.maximumContentsV2) contents")
    }
    var count = 0
    var visited: Set<Int> = []
    for interface in ancestors(of: index, parents: parents) {
      count += countElements(interface, visited: &visited)
    }
    if count > Self.maximumHierarchyElements {
      report(
        element, element.path, "too-many-elements",
        "the interface hierarchy has \(count) elements; at most \(Self.maximumHierarchyElements) are allowed"
      )
    }
  }

  /// Counts the elements below `index`, following inline elements and references once.
  func countElements(_ index: Int, visited: inout Set<Int>) -> Int {
    var count = 0
    var pending = [index]
    while let next = pending.popLast() {
      guard visited.insert(next).inserted else { continue }
      count += 1
      for (property, values) in elements[next].values where property != "extends" {
        pending += values.compactMap(resolve)
      }
    }
    return count
  }

  mutating func checkUniqueNames(_ index: Int, property: String, label: String) {
    var seen: Set<String> = []
    for child in children(index, property) {
      guard let name = elements[child].text("name") else { continue }
      if !seen.insert(name).inserted {
        report(
          elements[child], elements[child].path + ".name", "duplicate-name",
          "\(label) name '\(name)' appears more than once")
      }
    }
  }

  func integer(_ index: Int, _ property: String) -> (Int, String)? {
    guard case .literal(.number(let number), let path)? = elements[index].first(property),
      let value = Int(exactly: number)
    else { return nil }
    return (value, path)
  }

  mutating func checkRelationship(_ index: Int) {
    let element = elements[index]
    if let (minimum, path) = integer(index, "minMultiplicity"), minimum != 0 {
      report(element, path, "invalid-multiplicity", "minMultiplicity must be 0, found \(minimum)")
    }
    if let (maximum, path) = integer(index, "maxMultiplicity"), maximum < 1 {
      report(
        element, path, "invalid-multiplicity",
        "maxMultiplicity must be at least 1, found \(maximum)")
    }
    checkUniqueNames(index, property: "properties", label: "relationship property")
  }

  mutating func checkEnum(_ index: Int) {
    let element = elements[index]
    checkUniqueNames(index, property: "enumValues", label: "enum value")
    guard case .term(let valueSchema, _)? = element.first("valueSchema") else { return }
    var seen: [JSONValue] = []
    for child in children(index, "enumValues") {
      guard case .literal(let value, let path)? = elements[child].first("enumValue") else {
        continue
      }
      switch (valueSchema, value) {
      case ("integer", .number(let number)):
        guard let integer = Int32(exactly: number) else {
          report(
            elements[child], path, "invalid-enum-value",
            "enumValue \(JSONValue.format(number: number)) is not a 4-byte integer")
          continue
        }
        _ = integer
      case ("string", .string):
        break
      default:
        report(
          elements[child], path, "invalid-enum-value",
          "enumValue must be \(valueSchema == "integer" ? "an integer" : "a string") because the enum's valueSchema is \(valueSchema)"
        )
        continue
      }
      if seen.contains(value) {
        report(
          elements[child], path, "duplicate-enum-value",
          "enumValue \(value.serialized()) appears more than once")
      }
      seen.append(value)
    }
  }

  mutating func checkMap(_ index: Int) {
    for key in children(index, "mapKey") {
      guard let schema = elements[key].first("schema") else { continue }
      if case .term("string", _) = schema { continue }
      report(
        elements[key], schema.path ?? elements[key].path, "invalid-map-key",
        "a map key's schema must be string")
    }
  }

  mutating func checkComponent(_ index: Int, parents: [Int: [Int]]) {
    let element = elements[index]
    guard let schema = element.first("schema"), let target = resolve(schema),
      elements[target].kind == .interface
    else { return }
    let schemaPath = schema.path ?? element.path + ".schema"
    if element.version >= 3
      && allContents(target, parents: parents).contains(where: { elements[$0].kind == .component })
    {
      report(
        element, schemaPath, "nested-component",
        "the interface of a component cannot itself contain components in DTDL v3")
      return
    }
    // DTDL v2 allows nested components but not a chain that leads back to the owner.
    guard let owner = element.partition else { return }
    var pending = [target]
    var seen: Set<Int> = [target]
    while let next = pending.popLast() {
      if next == owner {
        report(
          element, schemaPath, "component-cycle",
          "component '\(element.text("name") ?? "")' contains its own interface")
        return
      }
      for content in allContents(next, parents: parents) where elements[content].kind == .component
      {
        if let value = elements[content].first("schema"), let inner = resolve(value),
          seen.insert(inner).inserted
        {
          pending.append(inner)
        }
      }
    }
  }

  mutating func checkPropertyVersion(_ index: Int) {
    let element = elements[index]
    guard element.version == 2, let schema = element.first("schema"), let target = resolve(schema),
      elements[target].kind == .array
    else { return }
    report(
      element, element.path + ".schema", "array-in-property",
      "DTDL v2 does not allow an Array schema for a Property; use DTDL v3")
  }

  /// Computes the nesting depth of complex schemas from `index` down, or `recursiveSchemaDepth`
  /// for a schema that contains itself. Results are memoized, so shared schemas cost
  /// one visit each.
  mutating func schemaDepth(_ index: Int, visiting: inout Set<Int>) -> Int {
    if let known = schemaDepths[index] { return known }
    // A chain this long is too deep whatever lies below, so stop before the call
    // stack grows with it.
    if visiting.count > Self.maximumSchemaDepth * 4 { return visiting.count }
    guard visiting.insert(index).inserted else { return Self.recursiveSchemaDepth }
    defer { visiting.remove(index) }
    var deepest = 0
    for child in schemaChildren(index) {
      deepest = max(deepest, schemaDepth(child, visiting: &visiting))
    }
    let depth = deepest >= Self.recursiveSchemaDepth ? deepest : deepest + 1
    schemaDepths[index] = depth
    return depth
  }

  /// Returns the complex schemas directly inside a complex schema.
  func schemaChildren(_ index: Int) -> [Int] {
    let element = elements[index]
    var holders: [Int] = []
    switch element.kind {
    case .array:
      return (element.values["elementSchema"] ?? []).compactMap(resolve)
    case .map:
      holders = children(index, "mapValue") + children(index, "mapKey")
    case .object:
      holders = children(index, "fields")
    default:
      return []
    }
    return holders.flatMap { (elements[$0].values["schema"] ?? []).compactMap(resolve) }
  }
}
