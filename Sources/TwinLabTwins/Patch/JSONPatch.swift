import TwinLabModel

/// One operation of a JSON Patch document (RFC 6902) limited to what the service
/// accepts: `add`, `replace` and `remove`.
public struct JSONPatchOperation: Sendable, Equatable {
  /// The operations the service accepts.
  public enum Kind: String, Sendable {
    case add, replace, remove
  }

  public var kind: Kind
  /// The JSON Pointer (RFC 6901) as written, such as `/thermostat/setPoint`.
  public var path: String
  /// The pointer's reference tokens, unescaped.
  public var tokens: [String]
  /// The value for `add` and `replace`.
  public var value: JSONValue?

  public init(kind: Kind, path: String, value: JSONValue? = nil) throws(TwinStoreError) {
    self.kind = kind
    self.path = path
    self.tokens = try JSONPatch.tokens(of: path)
    self.value = value
  }
}

/// Parses and applies JSON Patch documents.
public enum JSONPatch {
  /// Parses a patch document: a JSON array of operation objects.
  ///
  /// - Throws: `JsonPatchInvalid` for a document that is not an array, an unknown or
  ///   unsupported `op` (`move`, `copy`, `test`), a missing or malformed `path`, or a
  ///   missing `value`.
  public static func parse(_ document: JSONValue) throws(TwinStoreError) -> [JSONPatchOperation] {
    guard case .array(let elements) = document else {
      throw .patchInvalid(
        "The patch document must be a JSON array of operations, not "
          + "\(ValueValidator.abbreviated(document)).")
    }
    var operations: [JSONPatchOperation] = []
    for (index, element) in elements.enumerated() {
      guard case .object(let object) = element else {
        throw .patchInvalid("Patch operation \(index) must be a JSON object.")
      }
      guard case .string(let opName)? = object["op"] else {
        throw .patchInvalid("Patch operation \(index) has no 'op' string.")
      }
      guard let kind = JSONPatchOperation.Kind(rawValue: opName) else {
        throw .patchInvalid(
          "Unsupported operation type \(opName). Please provide a valid patch document; "
            + "the allowed operations are add, replace and remove.")
      }
      guard case .string(let path)? = object["path"] else {
        throw .patchInvalid("Patch operation \(index) (\(opName)) has no 'path' string.")
      }
      let value = object["value"]
      if kind != .remove && value == nil {
        throw .patchInvalid("Patch operation \(index) (\(opName) \(path)) has no 'value'.")
      }
      operations.append(try JSONPatchOperation(kind: kind, path: path, value: value))
    }
    return operations
  }

  /// Splits a JSON Pointer into unescaped reference tokens. The whole-document
  /// pointer `""` is rejected because the service patches members, not whole twins.
  static func tokens(of path: String) throws(TwinStoreError) -> [String] {
    guard path.hasPrefix("/") else {
      throw .patchInvalid("The path '\(path)' is not a JSON Pointer; it must start with '/'.")
    }
    return path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
      $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }
  }

  /// Applies one operation to `object`.
  ///
  /// - Throws: `JsonPatchInvalid` when `replace` or `remove` names a member that does
  ///   not exist, or when a parent on the path does not exist.
  public static func apply(
    _ operation: JSONPatchOperation, to object: inout JSONObject
  ) throws(TwinStoreError) {
    var root = JSONValue.object(object)
    object = JSONObject()
    defer {
      if case .object(let result) = root { object = result }
    }
    try apply(operation, tokens: operation.tokens[...], to: &root)
  }

  private static func apply(
    _ operation: JSONPatchOperation, tokens: ArraySlice<String>, to target: inout JSONValue
  ) throws(TwinStoreError) {
    guard let token = tokens.first else { return }
    let rest = tokens.dropFirst()
    switch target {
    case .object(var object):
      target = .null
      defer { target = .object(object) }
      if rest.isEmpty {
        try applyLast(operation, key: token, to: &object)
        return
      }
      guard var child = object[token] else {
        throw .patchInvalid(
          "\(operation.kind.rawValue) at '\(operation.path)' failed: '\(token)' does not exist.")
      }
      object[token] = .null
      defer { object[token] = child }
      try apply(operation, tokens: rest, to: &child)
    case .array(var elements):
      target = .null
      defer { target = .array(elements) }
      let count = elements.count
      let index: Int
      if token == "-" && rest.isEmpty && operation.kind == .add {
        index = count
      } else if let parsed = Int(token), parsed >= 0, String(parsed) == token {
        index = parsed
      } else {
        throw .patchInvalid("The path '\(operation.path)' has '\(token)' where an index belongs.")
      }
      let limit = rest.isEmpty && operation.kind == .add ? count : count - 1
      guard index <= limit else {
        throw .patchInvalid(
          "\(operation.kind.rawValue) at '\(operation.path)' failed: index \(index) is out of "
            + "range for an array of \(count) elements.")
      }
      if rest.isEmpty {
        switch operation.kind {
        case .add: elements.insert(operation.value ?? .null, at: index)
        case .replace: elements[index] = operation.value ?? .null
        case .remove: elements.remove(at: index)
        }
        return
      }
      try apply(operation, tokens: rest, to: &elements[index])
    default:
      throw .patchInvalid(
        "\(operation.kind.rawValue) at '\(operation.path)' failed: '\(token)' is inside a "
          + "value that is neither an object nor an array.")
    }
  }

  private static func applyLast(
    _ operation: JSONPatchOperation, key: String, to object: inout JSONObject
  ) throws(TwinStoreError) {
    switch operation.kind {
    case .add:
      object[key] = operation.value ?? .null
    case .replace:
      guard object[key] != nil else {
        throw .patchInvalid(
          "replace at '\(operation.path)' failed: '\(key)' does not exist on component; use "
            + "add to set a property that has no value.")
      }
      object[key] = operation.value ?? .null
    case .remove:
      guard object[key] != nil else {
        throw .patchInvalid("remove at '\(operation.path)' failed: '\(key)' does not exist.")
      }
      object[key] = nil
    }
  }
}
