import TwinLabModel

extension Evaluator {
  /// The most values a range may hold, so that loops over ranges end in reasonable time.
  static let maximumRangeLength = 10_000_000

  func evaluate(_ expression: Expression, in environment: Environment) throws(RuntimeError)
    -> Value
  {
    let span = expression.span
    switch expression.kind {
    case .number(let value): return .number(value)
    case .percent(let value): return .percent(value)
    case .duration(let value): return .duration(value)
    case .clock(let value): return .clock(value)
    case .rate(let value): return .rate(value)
    case .bool(let value): return .bool(value)
    case .none: return .none
    case .invalid: throw RuntimeError(diagnostic: nil)
    case .now:
      throw fail("'now' is only available in an attribute rule of a process", at: span)
    case .string(let parts):
      var text = ""
      for part in parts {
        switch part {
        case .text(let literal): text += literal
        case .expression(let inner): text += try evaluate(inner, in: environment).plainText
        }
      }
      return .string(text)
    case .name(let name):
      return try lookup(name, at: span, in: environment)
    case .list(let elements):
      var values: [Value] = []
      values.reserveCapacity(elements.count)
      for element in elements { values.append(try evaluate(element, in: environment)) }
      return .list(values)
    case .record(let fields):
      var record = Record()
      for field in fields { record[field.key] = try evaluate(field.value, in: environment) }
      return .record(record)
    case .range(let lowExpression, let highExpression):
      let low = try integer(try evaluate(lowExpression, in: environment), at: lowExpression.span)
      let high = try integer(
        try evaluate(highExpression, in: environment), at: highExpression.span)
      guard high - low < Self.maximumRangeLength else {
        throw fail(
          "range \(low)...\(high) is too long; a range holds at most "
            + "\(Self.maximumRangeLength) values", at: span)
      }
      return .range(low, high)
    case .unary(let op, let operandExpression):
      return try unary(op, try evaluate(operandExpression, in: environment), at: span)
    case .binary(let op, let leftExpression, let rightExpression):
      return try binary(op, leftExpression, rightExpression, at: span, in: environment)
    case .member(let baseExpression, let field):
      return try member(try evaluate(baseExpression, in: environment), field, at: span)
    case .index(let baseExpression, let indexExpression):
      let base = try evaluate(baseExpression, in: environment)
      let index = try evaluate(indexExpression, in: environment)
      return try subscripted(base, index, at: indexExpression.span)
    case .call(let calleeExpression, let argumentExpressions):
      let callee = try evaluate(calleeExpression, in: environment)
      var arguments: [HostArgument] = []
      for argument in argumentExpressions {
        arguments.append(
          HostArgument(
            label: argument.label, value: try evaluate(argument.value, in: environment)))
      }
      return try call(callee, arguments, argumentExpressions, at: calleeExpression.span)
    }
  }

  func lookup(_ name: String, at span: SourceSpan, in environment: Environment)
    throws(RuntimeError) -> Value
  {
    if let value = environment.lookup(name) {
      if poisoned.contains(name), case .none = value { throw RuntimeError(diagnostic: nil) }
      return value
    }
    throw fail(
      "undefined name '\(name)'", at: span,
      suggestion: nearestName(to: name, among: environment.allNames))
  }

  func integer(_ value: Value, at span: SourceSpan) throws(RuntimeError) -> Int {
    guard case .number(let number) = value, number == number.rounded(),
      abs(number) < 1e15
    else {
      throw fail("expected a whole number, found \(value.typeName) \(value)", at: span)
    }
    return Int(number)
  }

  func member(_ base: Value, _ field: String, at span: SourceSpan) throws(RuntimeError) -> Value {
    switch base {
    case .record(let record), .element(_, _, let record):
      if let value = record[field] { return value }
      throw fail(
        "\(base.typeName) has no field '\(field)'", at: span,
        suggestion: nearestName(to: field, among: record.keys))
    case .builtin("twins"):
      guard InterpreterHost.twinsMethods.contains(field) else {
        throw fail(
          "the twins module has no operation '\(field)'", at: span,
          suggestion: nearestName(to: field, among: InterpreterHost.twinsMethods))
      }
      return .builtin("twins.\(field)")
    case .builtin(let space) where host.operations.contains { $0.hasPrefix(space + ".") }:
      let methods = host.operations.filter { $0.hasPrefix(space + ".") }
        .map { String($0.dropFirst(space.count + 1)) }.sorted()
      guard methods.contains(field) else {
        throw fail(
          "the \(space) module has no operation '\(field)'", at: span,
          suggestion: nearestName(to: field, among: methods))
      }
      return .builtin("\(space).\(field)")
    case .list(let values) where field == "count":
      return .number(Double(values.count))
    default:
      throw fail("\(base.typeName) has no field '\(field)'", at: span)
    }
  }

  func subscripted(_ base: Value, _ index: Value, at span: SourceSpan) throws(RuntimeError)
    -> Value
  {
    switch (base, index) {
    case (.list(let values), .number(let number)):
      return values[try listIndex(number, count: values.count, at: span)]
    case (.string(let text), .number(let number)):
      let characters = Array(text)
      return .string(String(characters[try listIndex(number, count: characters.count, at: span)]))
    case (.record(let record), .string(let key)):
      return record[key] ?? .none
    default:
      throw fail("cannot index a \(base.typeName) with a \(index.typeName)", at: span)
    }
  }

  func call(
    _ callee: Value, _ arguments: [HostArgument], _ expressions: [Argument], at span: SourceSpan
  ) throws(RuntimeError) -> Value {
    switch callee {
    case .function(let function):
      return try callFunction(function, arguments, expressions, at: span)
    case .builtin(let name):
      return try callBuiltin(name, arguments, expressions, at: span)
    default:
      throw fail("cannot call a \(callee.typeName); only functions can be called", at: span)
    }
  }

  func callFunction(
    _ function: FunctionValue, _ arguments: [HostArgument], _ expressions: [Argument],
    at span: SourceSpan
  ) throws(RuntimeError) -> Value {
    guard arguments.count == function.parameters.count else {
      throw fail(
        "'\(function.name)' takes \(function.parameters.count) argument(s), "
          + "found \(arguments.count)", at: span)
    }
    try checkInterrupt(at: span)
    guard callStack.count < Self.maximumCallDepth else {
      throw fail(
        "recursion deeper than \(Self.maximumCallDepth) calls in '\(function.name)'", at: span)
    }
    let scope = Environment(parent: function.closure)
    for (index, argument) in arguments.enumerated() {
      if let label = argument.label, label != function.parameters[index] {
        throw fail(
          "'\(function.name)' has no parameter '\(label)' at this position",
          at: expressions[index].span,
          suggestion: nearestName(to: label, among: function.parameters))
      }
      scope.define(function.parameters[index], argument.value)
    }
    callStack.append((function.name, span.start))
    defer { callStack.removeLast() }
    if case .returned(let value) = try execute(function.body, in: scope) { return value }
    return .none
  }
}
