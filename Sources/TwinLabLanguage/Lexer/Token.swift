import TwinLabModel

/// A span of source text: where it starts and how many columns it covers on that line.
public struct SourceSpan: Sendable, Equatable {
  public var start: SourceLocation
  /// Columns covered on the start line, at least 1.
  public var length: Int

  public init(start: SourceLocation, length: Int = 1) {
    self.start = start
    self.length = max(1, length)
  }
}

/// One piece of an interpolated string literal.
public enum StringPart: Sendable, Equatable {
  case text(String)
  /// The source text between `\(` and `)`, and where it starts.
  case code(String, SourceLocation)
}

/// The kinds of token the lexer produces.
public enum TokenKind: Sendable, Equatable {
  case identifier(String)
  case number(Double)
  /// `45%`, stored as the fraction 0.45.
  case percent(Double)
  /// A duration in seconds, such as `90s`.
  case duration(Double)
  /// A time of day in seconds since midnight, such as `07:00`.
  case clock(Double)
  /// Events per second, written as `60/h`.
  case rate(Double)
  case string([StringPart])
  /// A punctuation or operator symbol, such as `(`, `...` or `??`.
  case symbol(String)
  case newline
  case end
}

/// A token with its place in the source.
public struct Token: Sendable, Equatable {
  public var kind: TokenKind
  public var span: SourceSpan

  public init(_ kind: TokenKind, _ span: SourceSpan) {
    self.kind = kind
    self.span = span
  }

  /// The identifier's name, when the token is one.
  var identifier: String? {
    if case .identifier(let name) = kind { return name }
    return nil
  }

  /// Returns whether the token is the symbol `text`.
  func isSymbol(_ text: String) -> Bool {
    if case .symbol(let symbol) = kind { return symbol == text }
    return false
  }

  /// Whether the token is the identifier `word`.
  func isWord(_ word: String) -> Bool {
    identifier == word
  }

  /// A short description for error messages, such as `'}'` or `end of input`.
  var describedForError: String {
    switch kind {
    case .identifier(let name): "'\(name)'"
    case .number, .percent, .duration, .clock, .rate: "a number"
    case .string: "a string"
    case .symbol(let text): "'\(text)'"
    case .newline: "end of line"
    case .end: "end of input"
    }
  }
}

/// Time units a number may carry, with their length in seconds.
let durationUnits: [(name: String, seconds: Double)] = [
  ("ms", 0.001), ("s", 1), ("min", 60), ("h", 3600), ("d", 86_400), ("w", 604_800),
]
