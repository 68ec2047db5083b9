import TwinLabModel

extension Evaluator {
  func unary(_ op: String, _ operand: Value, at span: SourceSpan) throws(RuntimeError) -> Value {
    switch (op, operand) {
    case ("-", .number(let value)): return .number(-value)
    case ("-", .duration(let value)): return .duration(-value)
    case ("-", .percent(let value)): return .percent(-value)
    case ("-", .rate(let value)): return .rate(-value)
    case ("not", .bool(let value)): return .bool(!value)
    default:
      throw fail("operator '\(op)' cannot take a \(operand.typeName)", at: span)
    }
  }

  func binary(
    _ op: String, _ leftExpression: Expression, _ rightExpression: Expression,
    at span: SourceSpan, in environment: Environment
  ) throws(RuntimeError) -> Value {
    let left = try evaluate(leftExpression, in: environment)
    switch op {
    case "??":
      if case .none = left { return try evaluate(rightExpression, in: environment) }
      return left
    case "and", "or":
      guard case .bool(let flag) = left else {
        throw fail("'\(op)' needs bool operands, found \(left.typeName)", at: leftExpression.span)
      }
      if flag == (op == "or") { return .bool(flag) }
      let right = try evaluate(rightExpression, in: environment)
      guard case .bool(let second) = right else {
        throw fail("'\(op)' needs bool operands, found \(right.typeName)", at: rightExpression.span)
      }
      return .bool(second)
    default:
      let right = try evaluate(rightExpression, in: environment)
      return try arithmetic(op, left, right, at: span)
    }
  }

  /// Applies a binary operator, following units: a mismatch names both types.
  func arithmetic(_ op: String, _ left: Value, _ right: Value, at span: SourceSpan)
    throws(RuntimeError) -> Value
  {
    switch op {
    case "==": return .bool(left == right)
    case "!=": return .bool(left != right)
    case "<", "<=", ">", ">=": return try compare(op, left, right, at: span)
    default: break
    }
    if let result = combine(op, left, right) {
      switch result {
      case .number(let value), .duration(let value), .rate(let value), .percent(let value),
        .clock(let value):
        guard value.isFinite else {
          throw fail("'\(op)' gives no finite result (division by zero or overflow)", at: span)
        }
      default:
        break
      }
      return result
    }
    throw fail(
      "cannot apply '\(op)' to \(left.typeName) and \(right.typeName)", at: span)
  }

  /// Computes `left op right` for compatible units; returns nil for a unit mismatch.
  func combine(_ op: String, _ left: Value, _ right: Value) -> Value? {
    switch (left, right) {
    case (.number(let a), .number(let b)): return numeric(op, a, b).map(Value.number)
    case (.percent(let a), .percent(let b)):
      if op == "+" || op == "-" { return numeric(op, a, b).map(Value.percent) }
      return numeric(op, a, b).map(Value.number)
    case (.percent(let a), .number(let b)), (.number(let a), .percent(let b)):
      guard case .percent(let p) = left else { return numeric(op, a, b).map(Value.number) }
      return numeric(op, p, b).map(Value.number)
    case (.duration(let a), .duration(let b)):
      switch op {
      case "+", "-", "%": return numeric(op, a, b).map(Value.duration)
      case "/": return numeric(op, a, b).map(Value.number)
      default: return nil
      }
    case (.duration(let a), .number(let b)), (.duration(let a), .percent(let b)):
      return op == "*" || op == "/" ? numeric(op, a, b).map(Value.duration) : nil
    case (.number(let a), .duration(let b)), (.percent(let a), .duration(let b)):
      if op == "*" { return .duration(a * b) }
      // 6 / 1h is a rate of 6 per hour.
      if op == "/" { return numeric(op, a, b).map(Value.rate) }
      return nil
    case (.number(let a), .rate(let b)):
      if op == "*" { return .rate(a * b) }
      // 1 / 60/h is one minute: a count divided by a rate is a duration.
      if op == "/" { return numeric(op, a, b).map(Value.duration) }
      return nil
    case (.rate(let a), .number(let b)), (.rate(let a), .percent(let b)):
      return op == "*" || op == "/" ? numeric(op, a, b).map(Value.rate) : nil
    case (.rate(let a), .rate(let b)):
      switch op {
      case "+", "-": return numeric(op, a, b).map(Value.rate)
      case "/": return numeric(op, a, b).map(Value.number)
      default: return nil
      }
    case (.rate(let a), .duration(let b)), (.duration(let b), .rate(let a)):
      return op == "*" ? .number(a * b) : nil
    case (.clock(let a), .duration(let b)):
      guard op == "+" || op == "-" else { return nil }
      let sum = op == "+" ? a + b : a - b
      let day = 86_400.0
      return .clock(
        (sum.truncatingRemainder(dividingBy: day) + day).truncatingRemainder(dividingBy: day))
    case (.duration(let a), .clock(let b)):
      return op == "+" ? combine("+", .clock(b), .duration(a)) : nil
    case (.clock(let a), .clock(let b)):
      return op == "-" ? .duration(a - b) : nil
    case (.string(let a), .string(let b)):
      return op == "+" ? .string(a + b) : nil
    case (.list(let a), .list(let b)):
      return op == "+" ? .list(a + b) : nil
    default:
      return nil
    }
  }

  func numeric(_ op: String, _ a: Double, _ b: Double) -> Double? {
    switch op {
    case "+": a + b
    case "-": a - b
    case "*": a * b
    case "/": a / b
    case "%": b == 0 ? .nan : a.truncatingRemainder(dividingBy: b)
    default: nil
    }
  }

  func compare(_ op: String, _ left: Value, _ right: Value, at span: SourceSpan)
    throws(RuntimeError) -> Value
  {
    let pair: (Double, Double)?
    switch (left, right) {
    case (.number(let a), .number(let b)), (.duration(let a), .duration(let b)),
      (.clock(let a), .clock(let b)), (.rate(let a), .rate(let b)),
      (.percent(let a), .percent(let b)), (.percent(let a), .number(let b)),
      (.number(let a), .percent(let b)):
      pair = (a, b)
    case (.string(let a), .string(let b)):
      return .bool(ordered(op, a < b, a == b))
    default:
      pair = nil
    }
    guard let (a, b) = pair else {
      throw fail("cannot compare \(left.typeName) and \(right.typeName) with '\(op)'", at: span)
    }
    return .bool(ordered(op, a < b, a == b))
  }

  func ordered(_ op: String, _ less: Bool, _ equal: Bool) -> Bool {
    switch op {
    case "<": less
    case "<=": less || equal
    case ">": !less && !equal
    default: !less
    }
  }
}
