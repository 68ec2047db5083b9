import TwinLabModel

/// Comparison and type rules for query values. Values of different types never
/// compare equal or ordered; a missing property makes every comparison false.
enum QueryValues {
  static func equal(_ left: JSONValue, _ right: JSONValue) -> Bool {
    left == right
  }

  static func compare(_ left: JSONValue, _ op: ComparisonOperator, _ right: JSONValue) -> Bool {
    switch (left, right) {
    case (.number(let a), .number(let b)):
      return order(a, op, b)
    case (.string(let a), .string(let b)):
      return order(a, op, b)
    case (.bool(let a), .bool(let b)):
      return equality(a == b, op)
    case (.null, .null):
      return equality(true, op)
    case (.object, .object), (.array, .array):
      return equality(left == right, op)
    default:
      return false
    }
  }

  private static func equality(_ same: Bool, _ op: ComparisonOperator) -> Bool {
    switch op {
    case .equal: same
    case .notEqual: !same
    default: false
    }
  }

  private static func order<T: Comparable>(_ a: T, _ op: ComparisonOperator, _ b: T) -> Bool {
    switch op {
    case .equal: a == b
    case .notEqual: a != b
    case .less: a < b
    case .lessOrEqual: a <= b
    case .greater: a > b
    case .greaterOrEqual: a >= b
    }
  }

  static func check(_ check: TypeCheck, _ value: JSONValue?) -> Bool {
    guard let value else { return false }
    switch (check, value) {
    case (.defined, _): return true
    case (.null, .null): return true
    case (.bool, .bool): return true
    case (.number, .number): return true
    case (.string, .string): return true
    case (.primitive, .null), (.primitive, .bool), (.primitive, .number),
      (.primitive, .string):
      return true
    case (.object, .object): return true
    default: return false
    }
  }
}
