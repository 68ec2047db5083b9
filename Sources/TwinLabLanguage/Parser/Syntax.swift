/// An expression with its place in the source.
public struct Expression: Sendable, Equatable {
  public var kind: ExpressionKind
  public var span: SourceSpan

  public init(_ kind: ExpressionKind, _ span: SourceSpan) {
    self.kind = kind
    self.span = span
  }
}

/// The expression forms of the language.
public indirect enum ExpressionKind: Sendable, Equatable {
  case number(Double)
  case percent(Double)
  case duration(Double)
  case clock(Double)
  case rate(Double)
  case string([InterpolatedPart])
  case bool(Bool)
  case none
  /// The arrival time of the entity, inside an `attribute` rule.
  case now
  case name(String)
  case list([Expression])
  case record([RecordField])
  case range(Expression, Expression)
  case unary(String, Expression)
  case binary(String, Expression, Expression)
  case member(Expression, String)
  case index(Expression, Expression)
  case call(Expression, [Argument])
  /// The value of a `let` whose expression failed to parse. The parse error is
  /// already reported, so evaluating it fails silently and the name is poisoned.
  case invalid
}

/// A part of an interpolated string: literal text or an embedded expression.
public enum InterpolatedPart: Sendable, Equatable {
  case text(String)
  case expression(Expression)
}

/// A `key: value` entry of a record literal.
public struct RecordField: Sendable, Equatable {
  public var key: String
  public var value: Expression
}

/// A call argument, positional or labelled (`mean: 6min`).
public struct Argument: Sendable, Equatable {
  public var label: String?
  public var value: Expression
  public var span: SourceSpan
}

/// A statement with its place in the source.
public struct Statement: Sendable, Equatable {
  public var kind: StatementKind
  public var span: SourceSpan

  public init(_ kind: StatementKind, _ span: SourceSpan) {
    self.kind = kind
    self.span = span
  }
}

/// The statement forms of the language.
public indirect enum StatementKind: Sendable, Equatable {
  case letBinding(name: String, value: Expression)
  case assignment(target: Expression, value: Expression)
  case function(name: String, parameters: [String], body: [Statement])
  case returnValue(Expression?)
  case ifElse(condition: Expression, then: [Statement], otherwise: [Statement]?)
  case forLoop(variable: String, sequence: Expression, body: [Statement])
  case assertion(condition: Expression, message: Expression?)
  case importModule(path: String, alias: String?)
  case expression(Expression)
  case lab(LabDeclaration)
  case whatIf(WhatIfDeclaration)
  case experiment(ExperimentDeclaration)
}

/// A name written in a declaration, with its place.
public struct Name: Sendable, Equatable {
  public var text: String
  public var span: SourceSpan
}

/// A `lab "name" { ... }` block.
public struct LabDeclaration: Sendable, Equatable {
  public var name: Expression
  public var items: [LabItem]
}

/// One entry of a lab block.
public indirect enum LabItem: Sendable, Equatable {
  /// `start`, `seed`, `horizon` or `warmup` with its value.
  case setting(Name, Expression)
  case shift(Name, from: Expression, to: Expression)
  case staff(Name, [Setting])
  case device(Name, [Setting])
  case buffer(Name, [Setting])
  case process(Name, [ProcessItem])
  /// A `let` or other statement evaluated in the lab's scope.
  case statement(Statement)
}

/// A keyword followed by values and modifiers, such as `time 5min with tech` or
/// `failure every X repair Y busy`: the keyword, its first value, and each
/// modifier word with its optional value.
public struct Setting: Sendable, Equatable {
  public var keyword: Name
  /// The name right after the keyword, for `step NAME ...`.
  public var name: Name?
  public var value: Expression?
  public var modifiers: [Modifier]
}

/// A word that qualifies a setting (`with tech`, `fill 20min`, `busy`).
public struct Modifier: Sendable, Equatable {
  public var word: Name
  public var value: Expression?
  /// The name after the word when the word takes a name (`with tech`, `on press`).
  public var name: Name?
}

/// One entry of a process block.
public indirect enum ProcessItem: Sendable, Equatable {
  case arrivals([Setting])
  case attribute(Name, Expression)
  /// `step`, `hold`, `pool`, `route` or `expire`, parsed as a setting.
  case stage(Setting)
  case route(Name, [RouteEntry])
}

/// A `p%: action` or `else: action` line of a route.
public struct RouteEntry: Sendable, Equatable {
  /// `nil` for `else`.
  public var probability: Expression?
  public var action: Name
  /// The scrap reason or goto target.
  public var argument: Expression?
  public var target: Name?
  public var span: SourceSpan
}

/// A `whatif "name" { path = value ... }` block.
public struct WhatIfDeclaration: Sendable, Equatable {
  public var name: Expression
  public var assignments: [PathAssignment]
}

/// A dotted model path and the value given to it.
public struct PathAssignment: Sendable, Equatable {
  public var path: [Name]
  public var value: Expression
}

/// An `experiment "name" { ... }` block.
public struct ExperimentDeclaration: Sendable, Equatable {
  public var name: Expression
  public var settings: [ExperimentItem]
}

/// One entry of an experiment block.
public enum ExperimentItem: Sendable, Equatable {
  case setting(Name, Expression)
  case variants([Name])
  case sweep(path: [Name], values: Expression)
  case measures([Name])
}
