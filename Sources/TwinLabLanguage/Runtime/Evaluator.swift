import Foundation
import TwinLabModel

/// A runtime failure; `diagnostic` is `nil` when an earlier error already
/// explains it, such as a use of a name whose `let` failed.
struct RuntimeError: Error {
  var diagnostic: Diagnostic?
}

/// Whether a block ran to its end or returned a value.
enum Flow {
  case normal
  case returned(Value)
}

/// Runs statements in lexical environments and builds the lab model.
final class Evaluator {
  /// The deepest chain of function calls allowed.
  static let maximumCallDepth = 200

  let host: InterpreterHost
  let modules: ModuleResolver
  /// Built-in names; every module's scope sits directly inside this one.
  let builtins = Environment()
  /// The main file's scope.
  let globals: Environment
  /// Whether `let` may rebind a name at the top level, as at the REPL.
  var allowsRedefinition = false
  var diagnostics: [Diagnostic] = []
  var callStack: [(name: String, location: SourceLocation)] = []
  var sources: [String: String] = [:]
  /// Names whose `let` failed; using them fails silently to avoid a cascade of errors.
  var poisoned: Set<String> = []
  /// Checked before every loop iteration and function call; returning true stops the
  /// evaluation with an "interrupted" error, as Ctrl-C does at the REPL.
  var shouldStop: (@Sendable () -> Bool)?

  /// The lab built so far, and the declarations that refer to it.
  var scenario: Scenario?
  var labSpan: SourceSpan?
  var whatIfs: [WhatIfDeclaration] = []
  var experiments: [ExperimentDeclaration] = []

  init(host: InterpreterHost, modules: ModuleResolver) {
    self.host = host
    self.modules = modules
    globals = Environment(parent: builtins)
    for name in Builtins.names { builtins.define(name, .builtin(name)) }
    builtins.define("twins", .builtin("twins"))
    // A host operation named `space.name` makes `space` a module, as the REPL's `repl.run`.
    for operation in host.operations {
      guard let dot = operation.firstIndex(of: ".") else { continue }
      let space = String(operation[..<dot])
      if builtins.lookup(space) == nil { builtins.define(space, .builtin(space)) }
    }
  }

  func fail(_ message: String, at span: SourceSpan, suggestion: String? = nil) -> RuntimeError {
    // Deep recursion repeats one call site many times, so a run of identical
    // frames shows once with a count of the rest.
    var notes: [String] = []
    var repeats = 0
    var repeatedName = ""
    for frame in callStack.reversed() {
      let note =
        "in '\(frame.name)' called at \(frame.location.file):\(frame.location.line):"
        + "\(frame.location.column)"
      if note == notes.last {
        repeats += 1
        repeatedName = frame.name
        continue
      }
      if repeats > 0 { notes.append(Self.repeatedCallsNote(repeats, name: repeatedName)) }
      repeats = 0
      notes.append(note)
    }
    if repeats > 0 { notes.append(Self.repeatedCallsNote(repeats, name: repeatedName)) }
    return RuntimeError(
      diagnostic: Diagnostic(
        .error, at: span.start, length: span.length, message, suggestion: suggestion,
        notes: notes))
  }

  static func repeatedCallsNote(_ count: Int, name: String) -> String {
    "... \(count) more call\(count == 1 ? "" : "s") to '\(name)' from the same place"
  }

  func record(_ error: RuntimeError) {
    if let diagnostic = error.diagnostic { diagnostics.append(diagnostic) }
  }

  /// Runs top-level statements, reporting each failing statement and going on.
  func run(_ statements: [Statement], in environment: Environment) -> [Value] {
    var values: [Value] = []
    for statement in statements {
      do throws(RuntimeError) {
        if case .expression(let expression) = statement.kind {
          values.append(try evaluate(expression, in: environment))
          continue
        }
        if case .returned = try execute(statement, in: environment) {
          diagnostics.append(
            Diagnostic(
              .error, at: statement.span.start, "'return' outside a function"))
        }
      } catch {
        record(error)
        // A failed `let` of a new name binds it silently, so later uses add no errors.
        if case .letBinding(let name, _) = statement.kind, !environment.definesLocally(name) {
          poisoned.insert(name)
          environment.define(name, .none)
        }
      }
    }
    return values
  }

  func execute(_ statements: [Statement], in environment: Environment) throws(RuntimeError)
    -> Flow
  {
    for statement in statements {
      if case .returned(let value) = try execute(statement, in: environment) {
        return .returned(value)
      }
    }
    return .normal
  }

  func execute(_ statement: Statement, in environment: Environment) throws(RuntimeError) -> Flow {
    switch statement.kind {
    case .letBinding(let name, let expression):
      if environment.definesLocally(name), !(allowsRedefinition && environment === globals) {
        throw fail(
          "'\(name)' is already defined in this scope; assign with '\(name) = ...'",
          at: statement.span)
      }
      let value = try evaluate(expression, in: environment)
      environment.define(name, value)
      poisoned.remove(name)
    case .assignment(let target, let expression):
      let value = try evaluate(expression, in: environment)
      try assign(value, to: target, in: environment)
    case .function(let name, let parameters, let body):
      if environment.definesLocally(name), !(allowsRedefinition && environment === globals) {
        throw fail("'\(name)' is already defined in this scope", at: statement.span)
      }
      let function = FunctionValue(
        name: name, parameters: parameters, body: body, closure: environment)
      environment.define(name, .function(function))
    case .returnValue(let expression):
      guard !callStack.isEmpty else {
        throw fail("'return' outside a function", at: statement.span)
      }
      return .returned(
        try expression.map { (e) throws(RuntimeError) in try evaluate(e, in: environment) } ?? .none
      )
    case .ifElse(let condition, let then, let otherwise):
      let test = try evaluate(condition, in: environment)
      guard case .bool(let flag) = test else {
        throw fail("condition must be a bool, found \(test.typeName)", at: condition.span)
      }
      if flag { return try execute(then, in: Environment(parent: environment)) }
      if let otherwise { return try execute(otherwise, in: Environment(parent: environment)) }
    case .forLoop(let variable, let sequence, let body):
      return try runLoop(variable, over: sequence, body: body, in: environment)
    case .assertion(let condition, let message):
      let test = try evaluate(condition, in: environment)
      guard case .bool(let flag) = test else {
        throw fail("assert needs a bool condition, found \(test.typeName)", at: condition.span)
      }
      if !flag {
        let text = try message.map { (e) throws(RuntimeError) in
          try evaluate(e, in: environment).plainText
        }
        throw fail("assertion failed" + (text.map { ": \($0)" } ?? ""), at: statement.span)
      }
    case .importModule(let path, let alias):
      try importModule(path, alias: alias, at: statement.span, into: environment)
    case .expression(let expression):
      _ = try evaluate(expression, in: environment)
    case .lab(let declaration):
      try buildLab(declaration, at: statement.span, in: environment)
    case .whatIf(let declaration):
      whatIfs.append(declaration)
    case .experiment(let declaration):
      experiments.append(declaration)
    }
    return .normal
  }

  func runLoop(
    _ variable: String, over sequence: Expression, body: [Statement], in environment: Environment
  ) throws(RuntimeError) -> Flow {
    let values: [Value]
    switch try evaluate(sequence, in: environment) {
    case .list(let elements):
      values = elements
    case .range(let low, let high):
      // A range is walked without building its list of up to ten million values.
      if low > high { return .normal }
      for number in low...high {
        let flow = try runIteration(variable, .number(Double(number)), body, environment, sequence)
        if case .returned = flow { return flow }
      }
      return .normal
    case .record(let record):
      values = record.keys.map { .string($0) }
    case let other:
      throw fail("'for' needs a list, range or record, found \(other.typeName)", at: sequence.span)
    }
    for value in values {
      let flow = try runIteration(variable, value, body, environment, sequence)
      if case .returned = flow { return flow }
    }
    return .normal
  }

  private func runIteration(
    _ variable: String, _ value: Value, _ body: [Statement], _ environment: Environment,
    _ sequence: Expression
  ) throws(RuntimeError) -> Flow {
    try checkInterrupt(at: sequence.span)
    let scope = Environment(parent: environment)
    scope.define(variable, value)
    return try execute(body, in: scope)
  }

  /// Throws "interrupted" when `shouldStop` says so.
  func checkInterrupt(at span: SourceSpan) throws(RuntimeError) {
    if let shouldStop, shouldStop() {
      throw fail("interrupted", at: span)
    }
  }

  /// Stores `value` into a name, or into a field or element of a name's value.
  func assign(_ value: Value, to target: Expression, in environment: Environment)
    throws(RuntimeError)
  {
    switch target.kind {
    case .name(let name):
      guard environment.assign(name, value) else {
        throw fail(
          "undefined name '\(name)'; declare it with 'let \(name) = ...'", at: target.span,
          suggestion: nearestName(to: name, among: environment.allNames))
      }
      poisoned.remove(name)
    case .member(let base, let field):
      guard case .record(var record) = try evaluate(base, in: environment) else {
        throw fail("only record fields can be assigned", at: target.span)
      }
      record[field] = value
      try assign(.record(record), to: base, in: environment)
    case .index(let base, let indexExpression):
      let container = try evaluate(base, in: environment)
      let index = try evaluate(indexExpression, in: environment)
      switch (container, index) {
      case (.list(var list), .number(let number)):
        let position = try listIndex(number, count: list.count, at: indexExpression.span)
        list[position] = value
        try assign(.list(list), to: base, in: environment)
      case (.record(var record), .string(let key)):
        record[key] = value
        try assign(.record(record), to: base, in: environment)
      default:
        throw fail(
          "cannot assign into \(container.typeName) with a \(index.typeName) index",
          at: target.span)
      }
    default:
      throw fail("cannot assign to this expression", at: target.span)
    }
  }

  func listIndex(_ number: Double, count: Int, at span: SourceSpan) throws(RuntimeError) -> Int {
    guard number == number.rounded(), number >= 0, number < Double(count) else {
      throw fail(
        "index \(Value.format(number)) is out of range for a list of \(count) elements",
        at: span)
    }
    return Int(number)
  }
}
