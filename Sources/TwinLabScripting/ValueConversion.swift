import TwinLabLanguage
import TwinLabModel

/// Conversions between the language's values and JSON documents, used by every
/// `twins` operation.
enum ValueConversion {
  /// The JSON form of a value: numbers, durations (seconds), clock times
  /// (seconds since midnight), rates (per second) and percents (fractions)
  /// become numbers, `none` becomes `null`, lists arrays, records and lab
  /// elements objects, ranges arrays of their integers.
  ///
  /// - Throws: `HostError` naming `what` for functions and distributions,
  ///   which have no JSON form.
  static func json(_ value: Value, what: String) throws(HostError) -> JSONValue {
    switch value {
    case .number(let number), .duration(let number), .clock(let number), .rate(let number),
      .percent(let number):
      guard number.isFinite else {
        throw HostError("\(what) contains the number \(number), which JSON cannot hold")
      }
      return .number(number)
    case .string(let text): return .string(text)
    case .bool(let flag): return .bool(flag)
    case .none: return .null
    case .list(let items):
      var array: [JSONValue] = []
      for (index, item) in items.enumerated() {
        array.append(try json(item, what: "\(what)[\(index)]"))
      }
      return .array(array)
    case .record(let record), .element(_, _, let record):
      var object = JSONObject()
      for (key, field) in record.fields { object[key] = try json(field, what: "\(what).\(key)") }
      return .object(object)
    case .range(let low, let high):
      guard low <= high, high - low < 1_000_000 else {
        throw HostError("\(what) is the range \(low)...\(high), too large for a JSON array")
      }
      return .array((low...high).map { .number(Double($0)) })
    case .distribution, .function, .builtin, .arrivalOffset:
      throw HostError("\(what) is a \(value.typeName), which has no JSON form")
    }
  }

  /// The language value of a JSON document: objects become records, arrays
  /// lists, `null` becomes `none`.
  static func value(_ json: JSONValue) -> Value {
    switch json {
    case .null: .none
    case .bool(let flag): .bool(flag)
    case .number(let number): .number(number)
    case .string(let text): .string(text)
    case .array(let items): .list(items.map(value))
    case .object(let object): .record(Record(object.members.map { ($0.key, value($0.value)) }))
    }
  }
}
