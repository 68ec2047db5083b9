import TwinLabModel

/// Checks the rules that span elements and documents: ids, references,
/// inheritance, components, name uniqueness and schema shape.
struct DTDLBatchChecker {
  static let maximumExtendsDepth = 10
  static let maximumAncestors = 1024
  static let maximumSchemaDepth = 5
  /// The depth `schemaDepth` returns for a schema that contains itself.
  static let recursiveSchemaDepth = Int.max / 2
  static let maximumHierarchyElements = 100_000
  static let maximumExtendsPerInterfaceV2 = 2
  static let maximumContentsV2 = 300

  var elements: [DTDLElement]
  var problems: [DTDLProblem] = []
  var idIndex: [String: Int] = [:]
  var schemaDepths: [Int: Int] = [:]
  /// Interfaces whose `extends` hierarchy is cyclic, too deep or too large; their
  /// contents are not checked further.
  var brokenHierarchies: Set<Int> = []

  init(elements: [DTDLElement]) {
    self.elements = elements
  }

  mutating func report(_ element: DTDLElement, _ path: String, _ rule: String, _ message: String) {
    guard !element.isDependency else { return }
    problems.append(
      DTDLProblem(
        file: element.file, modelID: element.modelID, path: path, rule: rule, message: message))
  }

  /// Returns the element a value denotes, inline or by a reference that resolves in the batch.
  func resolve(_ value: DTDLValue) -> Int? {
    switch value {
    case .element(let index): index
    case .reference(let id, _): idIndex[id]
    default: nil
    }
  }

  func children(_ index: Int, _ property: String) -> [Int] {
    (elements[index].values[property] ?? []).compactMap(resolve)
  }

  mutating func checkAll() {
    indexIDs()
    checkReferences()
    let parents = checkExtends()
    for index in elements.indices {
      let element = elements[index]
      switch element.kind {
      case .interface where !brokenHierarchies.contains(index):
        checkInterface(index, parents: parents)
      case .relationship: checkRelationship(index)
      case .enumeration: checkEnum(index)
      case .map: checkMap(index)
      case .object: checkUniqueNames(index, property: "fields", label: "field")
      case .component: checkComponent(index, parents: parents)
      case .property: checkPropertyVersion(index)
      default: break
      }
      if element.kind.isComplexSchema {
        var visiting: Set<Int> = []
        let depth = schemaDepth(index, visiting: &visiting)
        if depth >= Self.recursiveSchemaDepth {
          report(
            element, element.path, "recursive-schema",
            "schema '\(element.id ?? element.kind.rawValue)' contains itself")
        } else if depth > Self.maximumSchemaDepth {
          report(
            element, element.path, "schema-too-deep",
            "complex schemas nest \(depth) levels deep; at most \(Self.maximumSchemaDepth) are allowed"
          )
        }
      }
    }
  }

  mutating func indexIDs() {
    for (index, element) in elements.enumerated() {
      guard let id = element.id else { continue }
      if idIndex[id] != nil {
        report(
          element, element.path + ".@id", "duplicate-id", "DTMI '\(id)' is defined more than once")
      } else {
        idIndex[id] = index
      }
    }
  }

  mutating func checkReferences() {
    for element in elements {
      let specs = DTDLMetamodel.properties(of: element.kind, version: element.version)
      // Sorted, because dictionary order changes from run to run and output must not.
      for property in element.values.keys.sorted() {
        let values = element.values[property] ?? []
        let allowed: [DTDLClass]
        switch specs[property]?.kind {
        case .elements(let classes)?: allowed = classes
        case .schema?: allowed = [.array, .enumeration, .map, .object]
        case .interfaceSchema?: allowed = [.interface]
        default: continue
        }
        for case .reference(let id, let path) in values {
          guard let target = idIndex[id] else {
            report(
              element, path, "unresolved-reference",
              "'\(id)' is not defined in this batch; upload it together with this model")
            continue
          }
          let kind = elements[target].kind
          if kind != .interface && elements[target].partition != element.partition {
            report(
              element, path, "invalid-reference",
              "'\(id)' is defined in another interface; only interfaces can be referenced across interfaces"
            )
            continue
          }
          if !allowed.contains(kind) {
            report(
              element, path, "type-not-allowed",
              "'\(id)' is a \(kind.rawValue), but '\(property)' expects \(allowed.map(\.rawValue).joined(separator: " or "))"
            )
          } else if element.version == 2 && elements[target].version == 3 && kind == .interface {
            report(
              element, path, "version-mismatch",
              "a DTDL v2 interface cannot extend or contain the DTDL v3 interface '\(id)'")
          }
        }
      }
    }
  }

  /// Checks `extends` for cycles, depth and size; returns each interface's direct parents.
  mutating func checkExtends() -> [Int: [Int]] {
    var parents: [Int: [Int]] = [:]
    for index in elements.indices where elements[index].kind == .interface {
      parents[index] = children(index, "extends").filter { elements[$0].kind == .interface }
      let count = elements[index].values["extends"]?.count ?? 0
      if elements[index].version == 2 && count > Self.maximumExtendsPerInterfaceV2 {
        report(
          elements[index], elements[index].path + ".extends", "too-many-extends",
          "a DTDL v2 interface extends at most \(Self.maximumExtendsPerInterfaceV2) interfaces, found \(count)"
        )
      }
    }
    let depths = extendsDepths(parents)
    for index in parents.keys.sorted() {
      guard let chain = depths[index] else {
        brokenHierarchies.insert(index)
        continue
      }
      if chain > Self.maximumExtendsDepth {
        brokenHierarchies.insert(index)
        report(
          elements[index], elements[index].path, "extends-too-deep",
          "the extends chain is \(chain) levels deep; at most \(Self.maximumExtendsDepth) are allowed"
        )
        continue
      }
      let count = ancestors(of: index, parents: parents).count - 1
      if count > Self.maximumAncestors {
        brokenHierarchies.insert(index)
        report(
          elements[index], elements[index].path, "too-many-ancestors",
          "the interface inherits from \(count) interfaces; at most \(Self.maximumAncestors) are allowed"
        )
      }
    }
    return parents
  }

  /// Computes the longest `extends` chain above each interface with an explicit stack,
  /// so long chains cannot overflow the call stack. An interface on a cycle gets no
  /// depth, and the cycle is reported where it closes.
  mutating func extendsDepths(_ parents: [Int: [Int]]) -> [Int: Int] {
    var depths: [Int: Int] = [:]
    var cyclic: Set<Int> = []
    var onStack: Set<Int> = []
    for root in parents.keys.sorted() where depths[root] == nil && !cyclic.contains(root) {
      var stack: [(index: Int, nextParent: Int)] = [(root, 0)]
      onStack.insert(root)
      while let (index, nextParent) = stack.last {
        let direct = parents[index] ?? []
        if nextParent < direct.count {
          stack[stack.count - 1].nextParent += 1
          let parent = direct[nextParent]
          if onStack.contains(parent) {
            cyclic.insert(index)
            report(
              elements[index], elements[index].path + ".extends", "extends-cycle",
              "'\(elements[index].id ?? "interface")' extends itself through '\(elements[parent].id ?? "?")'"
            )
          } else if depths[parent] == nil && !cyclic.contains(parent) {
            stack.append((parent, 0))
            onStack.insert(parent)
          }
          continue
        }
        stack.removeLast()
        onStack.remove(index)
        if direct.contains(where: { cyclic.contains($0) }) { cyclic.insert(index) }
        if !cyclic.contains(index) {
          depths[index] = direct.compactMap { depths[$0].map { $0 + 1 } }.max() ?? 0
        }
      }
    }
    return depths
  }

  /// `index` and every interface it extends, in breadth-first order without repeats.
  func ancestors(of index: Int, parents: [Int: [Int]]) -> [Int] {
    var seen: Set<Int> = [index]
    var order = [index]
    var next = 0
    while next < order.count {
      for parent in parents[order[next]] ?? [] where seen.insert(parent).inserted {
        order.append(parent)
      }
      next += 1
    }
    return order
  }
}
