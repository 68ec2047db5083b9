import TwinLabModel

/// One element read from a document, before references across the batch are resolved.
struct DTDLElement: Sendable {
  var kind: DTDLClass
  /// The explicit `@id`, when it is a valid DTMI.
  var id: String?
  var file: String
  /// The DTMI of the top-level interface that contains the element.
  var modelID: String?
  var path: String
  var version: Int
  /// Property values keyed by term, in the order written.
  var values: [String: [DTDLValue]] = [:]
  /// Semantic types among the co-types, such as `Temperature`.
  var semanticTypes: [String] = []
  var isTopLevel = false
  /// Whether the element comes from an already accepted dependency document, whose
  /// own problems are not reported again.
  var isDependency = false
  /// Index of the nearest interface that encloses the element (itself for an interface);
  /// elements other than interfaces can be referenced only within it.
  var partition: Int?

  func first(_ property: String) -> DTDLValue? { values[property]?.first }

  /// Returns the text of a plain or localizable string property, preferring the default language.
  func text(_ property: String) -> String? {
    for value in values[property] ?? [] {
      if case .literal(.string(let text), _) = value { return text }
    }
    return nil
  }
}

/// One value of an element property.
enum DTDLValue: Sendable {
  /// A literal (string, number or boolean), unwrapped from any `@value` object.
  case literal(JSONValue, path: String)
  /// An element written inline, by index into the batch's element list.
  case element(Int)
  /// An element named by DTMI, resolved once the whole batch is read.
  case reference(String, path: String)
  /// A term of the language, such as the schema `double` or the command type `synchronous`.
  case term(String, path: String)

  var path: String? {
    switch self {
    case .literal(_, let path), .reference(_, let path), .term(_, let path): path
    case .element: nil
    }
  }
}

/// The JSON-LD context that applies to an element.
struct DTDLContextScope: Sendable {
  var version: Int
  var hasQuantitativeTypes = false
  /// Whether an extension context that the validator does not define is in scope.
  var hasUndefinedExtension = false
}

/// JSON path helpers: `$`, `$.contents[2]`, `$['dtmi:dtdl:property:name;3']`.
enum JSONPath {
  static func member(_ path: String, _ key: String) -> String {
    let isIdentifier =
      !key.isEmpty
      && key.unicodeScalars.allSatisfy {
        $0.isASCII && (Character($0).isLetter || Character($0).isNumber || $0 == "_" || $0 == "@")
      }
    if isIdentifier { return "\(path).\(key)" }
    var escaped = ""
    for character in key {
      if character == "'" || character == "\\" { escaped.append("\\") }
      escaped.append(character)
    }
    return "\(path)['\(escaped)']"
  }

  static func index(_ path: String, _ index: Int) -> String { "\(path)[\(index)]" }
}
