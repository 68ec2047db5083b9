import TwinLabModel

/// Reads DTDL documents into elements, checking everything that needs no
/// other document: contexts, types, ids, property names and literal values.
struct DTDLDocumentReader {
  let allowUndefinedExtensions: Bool
  var elements: [DTDLElement] = []
  var problems: [DTDLProblem] = []
  var file = ""
  var modelID: String?
  /// Index of the interface being read, for the partition of nested elements.
  var currentInterface: Int?
  /// Whether the documents being read are dependencies that were validated before.
  var readsDependencies = false

  init(allowUndefinedExtensions: Bool) {
    self.allowUndefinedExtensions = allowUndefinedExtensions
  }

  mutating func report(_ path: String, _ rule: String, _ message: String) {
    problems.append(
      DTDLProblem(file: file, modelID: modelID, path: path, rule: rule, message: message))
  }

  /// Reads one file's JSON: a model or an array of models.
  mutating func read(file: String, json: JSONValue) {
    self.file = file
    switch json {
    case .object(let object):
      readTopLevel(object, path: "$")
    case .array(let items):
      for (index, item) in items.enumerated() {
        let path = JSONPath.index("$", index)
        guard case .object(let object) = item else {
          modelID = nil
          report(path, "invalid-document", "a model must be a JSON object, found \(describe(item))")
          continue
        }
        readTopLevel(object, path: path)
      }
    default:
      modelID = nil
      report(
        "$", "invalid-document",
        "a DTDL file must hold a model object or an array of models, found \(describe(json))")
    }
  }

  /// Maximum size of one interface's JSON text, excluding the interfaces it refers to.
  static let maximumInterfaceBytes = 1 << 20

  mutating func readTopLevel(_ object: JSONObject, path: String) {
    modelID = nil
    if case .string(let id) = object["@id"], DTMI.isValid(id) { modelID = id }
    // NOTE: the size is that of compact JSON without escapes, not the file's own
    // bytes, so whitespace and escape sequences in the file do not count.
    let size = Self.compactSize(.object(object))
    if size > Self.maximumInterfaceBytes {
      report(
        path, "model-too-large",
        "the model's JSON is \(size) bytes; at most \(Self.maximumInterfaceBytes) (1 MiB) are allowed"
      )
      return
    }
    guard let context = object["@context"] else {
      report(
        path, "missing-context",
        "a top-level model needs \"@context\": \"dtmi:dtdl:context;3\" (or ;2 for DTDL v2)")
      return
    }
    guard let scope = topLevelScope(context, path: JSONPath.member(path, "@context")) else {
      return
    }
    guard
      let index = readElement(
        object, path: path, allowed: [.interface], scope: scope, isTopLevel: true)
    else {
      return
    }
    elements[index].isTopLevel = true
  }

  /// Builds the scope of a top-level `@context`, which lists DTDL contexts first, then extensions.
  mutating func topLevelScope(_ context: JSONValue, path: String) -> DTDLContextScope? {
    let entries: [(JSONValue, String)]
    switch context {
    case .string: entries = [(context, path)]
    case .array(let items): entries = items.enumerated().map { ($1, JSONPath.index(path, $0)) }
    default:
      report(path, "invalid-context", "\"@context\" must be a string or an array of strings")
      return nil
    }
    var version: Int?
    var scope = DTDLContextScope(version: 3)
    for (entry, entryPath) in entries {
      guard case .string(let text) = entry else {
        report(entryPath, "invalid-context", "a context must be a string, found \(describe(entry))")
        return nil
      }
      if let dtdlVersion = Self.dtdlContextVersion(text) {
        if version == nil && entryPath != entries[0].1 {
          report(
            entryPath, "invalid-context",
            "the DTDL context '\(text)' must come before every extension context")
          return nil
        }
        if !(dtdlVersion == 2 || dtdlVersion == 3) {
          report(
            entryPath, "unsupported-version",
            "'\(text)' is not a supported DTDL context; use dtmi:dtdl:context;3 or ;2")
          return nil
        }
        version = dtdlVersion
        scope.version = dtdlVersion
        continue
      }
      guard version != nil else {
        report(
          entryPath, "invalid-context",
          "the first context must be dtmi:dtdl:context;3 (or ;2), found '\(text)'")
        return nil
      }
      guard addExtension(text, to: &scope, path: entryPath) else { return nil }
    }
    guard version != nil else {
      report(path, "invalid-context", "\"@context\" must name dtmi:dtdl:context;3 (or ;2)")
      return nil
    }
    return scope
  }

  /// The version of a DTDL language context such as `dtmi:dtdl:context;3`, or nil.
  static func dtdlContextVersion(_ text: String) -> Int? {
    guard text.hasPrefix("dtmi:dtdl:context;") else { return nil }
    guard DTMI.isValid(text) else { return -1 }
    return DTMI.majorVersion(of: text) ?? -1
  }

  /// Adds one extension context to `scope`; false after reporting a bad one.
  mutating func addExtension(_ text: String, to scope: inout DTDLContextScope, path: String)
    -> Bool
  {
    guard DTMI.isValid(text), DTMI.majorVersion(of: text) != nil else {
      report(
        path, "invalid-context",
        "context '\(text)' is not a DTMI with a version, such as dtmi:dtdl:extension:quantitativeTypes;1"
      )
      return false
    }
    if text == DTDLMetamodel.quantitativeTypes && scope.version >= 3 {
      scope.hasQuantitativeTypes = true
    } else if DTDLMetamodel.knownExtensions.contains(text) && scope.version >= 3 {
      scope.hasUndefinedExtension = true
    } else if allowUndefinedExtensions {
      scope.hasUndefinedExtension = true
    } else {
      report(
        path, "undefined-extension",
        "extension context '\(text)' is not defined; pass --allow-undefined-extensions to accept it"
      )
      return false
    }
    return true
  }

  /// Applies a nested `@context` to the inherited scope.
  ///
  /// A DTDL v3 model may hold DTDL v2 elements (never the reverse), except where an
  /// element is part of its parent's definition (enum values, map keys and values,
  /// fields, interface schemas, command requests and responses).
  mutating func nestedScope(
    _ context: JSONValue, path: String, inherited: DTDLContextScope, allowsVersionChange: Bool
  ) -> DTDLContextScope? {
    var scope = inherited
    let entries: [(JSONValue, String)]
    switch context {
    case .string: entries = [(context, path)]
    case .array(let items): entries = items.enumerated().map { ($1, JSONPath.index(path, $0)) }
    default:
      report(path, "invalid-context", "\"@context\" must be a string or an array of strings")
      return nil
    }
    for (entry, entryPath) in entries {
      guard case .string(let text) = entry else {
        report(entryPath, "invalid-context", "a context must be a string, found \(describe(entry))")
        return nil
      }
      if let version = Self.dtdlContextVersion(text) {
        guard
          version == inherited.version
            || (allowsVersionChange && version == 2 && inherited.version == 3)
        else {
          report(
            entryPath, "invalid-context",
            "this element cannot change the DTDL version to '\(text)'")
          return nil
        }
        scope.version = version
        continue
      }
      guard addExtension(text, to: &scope, path: entryPath) else { return nil }
    }
    return scope
  }

  /// Computes the length in bytes of `value` as compact JSON, counting strings without escapes.
  static func compactSize(_ value: JSONValue) -> Int {
    switch value {
    case .null: 4
    case .bool(let flag): flag ? 4 : 5
    case .number(let number): JSONValue.format(number: number).utf8.count
    case .string(let text): text.utf8.count + 2
    case .array(let items): items.reduce(1 + max(items.count, 1)) { $0 + compactSize($1) }
    case .object(let object):
      object.members.reduce(1 + max(object.count, 1)) {
        $0 + $1.key.utf8.count + 3 + compactSize($1.value)
      }
    }
  }

  func describe(_ value: JSONValue) -> String {
    switch value {
    case .null: "null"
    case .bool(let flag): "\(flag)"
    case .number(let number): JSONValue.format(number: number)
    case .string(let text): "'\(text)'"
    case .array: "an array"
    case .object: "an object"
    }
  }
}
