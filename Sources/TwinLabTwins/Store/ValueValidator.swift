import TwinLabModel

/// Checks property values against DTDL schemas the way the service does before
/// it accepts a twin or relationship write.
enum ValueValidator {
  /// Maximum length of a string property value, in UTF-8 bytes.
  static let maxStringBytes = 4 * 1024

  /// Returns a description of the first problem with `value` at `path`, or `nil`
  /// when the value fits `schema`.
  static func problem(with value: JSONValue, schema: DTDLSchema, path: String) -> String? {
    switch schema {
    case .boolean:
      if case .bool = value { return nil }
      return mismatch(value, path: path, expected: "a boolean")
    case .integer, .long:
      guard case .number(let number) = value else {
        return mismatch(value, path: path, expected: "an integer")
      }
      let bound = schema == .integer ? 2_147_483_648.0 : 9_223_372_036_854_775_808.0
      guard number == number.rounded(), number >= -bound, number < bound else {
        let name = schema == .integer ? "a 32-bit integer" : "a 64-bit integer"
        return mismatch(value, path: path, expected: name)
      }
      return nil
    case .double, .float:
      if case .number = value { return nil }
      return mismatch(value, path: path, expected: "a number")
    case .string:
      guard case .string(let text) = value else {
        return mismatch(value, path: path, expected: "a string")
      }
      if text.utf8.count > maxStringBytes {
        return "the string at '\(path)' is \(text.utf8.count) bytes; the maximum is "
          + "\(maxStringBytes) bytes"
      }
      return nil
    case .date, .dateTime, .time, .duration:
      return temporalProblem(value, schema: schema, path: path)
    case .enumeration(let valueSchema, let values):
      if let problem = problem(with: value, schema: valueSchema, path: path) { return problem }
      if values.contains(where: { $0.value == value }) { return nil }
      let allowed = values.map { $0.value.serialized() }.joined(separator: ", ")
      return
        "the value \(value.serialized()) at '\(path)' is not one of the enum values: \(allowed)"
    case .object(let fields):
      guard case .object(let object) = value else {
        return mismatch(value, path: path, expected: "an object")
      }
      for (key, member) in object.members {
        guard let field = fields.first(where: { $0.name == key }) else {
          let names = fields.map(\.name).joined(separator: ", ")
          return "the object at '\(path)' has no field '\(key)'; its fields are: \(names)"
        }
        if let problem = problem(with: member, schema: field.schema, path: path + "/" + key) {
          return problem
        }
      }
      return nil
    case .map(_, let valueSchema):
      guard case .object(let object) = value else {
        return mismatch(value, path: path, expected: "a map (JSON object)")
      }
      for (key, member) in object.members {
        if key.isEmpty { return "the map at '\(path)' has an empty key" }
        if let problem = problem(with: member, schema: valueSchema, path: path + "/" + key) {
          return problem
        }
      }
      return nil
    case .array(let element):
      guard case .array(let elements) = value else {
        return mismatch(value, path: path, expected: "an array")
      }
      for (index, member) in elements.enumerated() {
        if let problem = problem(with: member, schema: element, path: path + "/\(index)") {
          return problem
        }
      }
      return nil
    }
  }

  private static func mismatch(_ value: JSONValue, path: String, expected: String) -> String {
    "the value \(abbreviated(value)) at '\(path)' is not \(expected)"
  }

  static func abbreviated(_ value: JSONValue) -> String {
    let text = value.serialized()
    return text.count > 60 ? String(text.prefix(57)) + "..." : text
  }

  private static func temporalProblem(
    _ value: JSONValue, schema: DTDLSchema, path: String
  ) -> String? {
    let (name, example): (String, String) =
      switch schema {
      case .date: ("a date", "2026-12-04")
      case .time: ("a time", "15:45:00")
      case .duration: ("a duration", "PT1H30M")
      default: ("a date-time", "2026-12-04T15:45:00Z")
      }
    guard case .string(let text) = value else {
      return mismatch(value, path: path, expected: "\(name) string such as \(example)")
    }
    let valid: Bool =
      switch schema {
      case .date: TemporalFormat.isDate(text)
      case .time: TemporalFormat.isTime(text)
      case .duration: TemporalFormat.isDuration(text)
      default: TemporalFormat.isDateTime(text)
      }
    return valid ? nil : mismatch(value, path: path, expected: "\(name) such as \(example)")
  }
}
