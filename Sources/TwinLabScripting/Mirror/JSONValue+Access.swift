import TwinLabModel

extension JSONValue {
  /// The member `key` of an object; `nil` for a missing key or another kind of value.
  subscript(key: String) -> JSONValue? {
    guard case .object(let object) = self else { return nil }
    return object[key]
  }

  /// The text of a string; `nil` for other values.
  var stringValue: String? {
    guard case .string(let text) = self else { return nil }
    return text
  }
}
