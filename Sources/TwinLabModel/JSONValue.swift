/// A JSON document as a value, with object keys kept in insertion order so that
/// output is byte-identical from run to run.
public enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object(JSONObject)
}

/// A JSON object whose keys keep the order in which they were first set.
public struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
  public private(set) var keys: [String] = []
  private var storage: [String: JSONValue] = [:]

  public init() {}

  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    for (key, value) in elements { self[key] = value }
  }

  public var count: Int { keys.count }
  public var isEmpty: Bool { keys.isEmpty }

  /// The value for `key`; setting `nil` removes the key.
  ///
  /// - Complexity: O(1) to read or update, O(n) to remove.
  public subscript(key: String) -> JSONValue? {
    get { storage[key] }
    set {
      if let newValue {
        if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
      } else if storage.removeValue(forKey: key) != nil {
        keys.removeAll { $0 == key }
      }
    }
  }

  /// The members in key order.
  public var members: [(key: String, value: JSONValue)] {
    keys.map { ($0, storage[$0]!) }
  }

  /// Objects are equal when they hold the same members, whatever the key order.
  public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
    lhs.storage == rhs.storage
  }
}

extension JSONValue {
  /// The document as compact JSON text, or indented by two spaces per level.
  public func serialized(pretty: Bool = false) -> String {
    var output = ""
    write(to: &output, pretty: pretty, depth: 0)
    return output
  }

  private func write(to output: inout String, pretty: Bool, depth: Int) {
    switch self {
    case .null:
      output += "null"
    case .bool(let value):
      output += value ? "true" : "false"
    case .number(let value):
      output += Self.format(number: value)
    case .string(let value):
      Self.writeQuoted(value, to: &output)
    case .array(let elements):
      if elements.isEmpty {
        output += "[]"
        return
      }
      output += "["
      for (index, element) in elements.enumerated() {
        if index > 0 { output += "," }
        if pretty { Self.newline(&output, depth: depth + 1) }
        element.write(to: &output, pretty: pretty, depth: depth + 1)
      }
      if pretty { Self.newline(&output, depth: depth) }
      output += "]"
    case .object(let object):
      if object.isEmpty {
        output += "{}"
        return
      }
      output += "{"
      for (index, member) in object.members.enumerated() {
        if index > 0 { output += "," }
        if pretty { Self.newline(&output, depth: depth + 1) }
        Self.writeQuoted(member.key, to: &output)
        output += pretty ? ": " : ":"
        member.value.write(to: &output, pretty: pretty, depth: depth + 1)
      }
      if pretty { Self.newline(&output, depth: depth) }
      output += "}"
    }
  }

  private static func newline(_ output: inout String, depth: Int) {
    output += "\n"
    output += String(repeating: "  ", count: depth)
  }

  /// Integral values print without a fraction; others in Swift's shortest
  /// round-trip form. JSON has no NaN or infinity, so those print as `null`.
  public static func format(number value: Double) -> String {
    guard value.isFinite else { return "null" }
    if value == value.rounded(), abs(value) < 1e15 {
      return String(Int64(value))
    }
    return "\(value)"
  }

  private static func writeQuoted(_ text: String, to output: inout String) {
    output += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case let control where control.value < 0x20:
        let hex = String(control.value, radix: 16)
        output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default:
        output.unicodeScalars.append(scalar)
      }
    }
    output += "\""
  }
}
