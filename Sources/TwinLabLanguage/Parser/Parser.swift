import TwinLabModel

/// The outcome of parsing one source text.
public struct ParseResult: Sendable {
  public var statements: [Statement]
  public var diagnostics: [Diagnostic]
  /// Whether the input ended inside an open bracket, block or string, so that a
  /// REPL should read another line instead of reporting the errors.
  public var isIncomplete: Bool
}

/// A parse failure that unwinds to the nearest statement boundary.
struct ParseError: Error {
  var diagnostic: Diagnostic
}

/// A recursive-descent parser that recovers at statement boundaries, so one
/// pass reports every independent error.
public struct Parser {
  /// The deepest nesting of expressions and blocks the parser accepts.
  public static let maximumDepth = 256

  var tokens: [Token]
  var position = 0
  var depth = 0
  var diagnostics: [Diagnostic] = []
  let file: String

  init(tokens: [Token], file: String, depth: Int = 0) {
    self.tokens = tokens
    self.file = file
    self.depth = depth
  }

  /// Lexes and parses `bytes` as the file `file`.
  public static func parse(bytes: [UInt8], file: String) -> ParseResult {
    var lexer = Lexer(bytes: bytes, file: file)
    let (tokens, lexDiagnostics) = lexer.tokenize()
    var parser = Parser(tokens: tokens, file: file)
    let statements = parser.parseProgram()
    return ParseResult(
      statements: statements, diagnostics: lexDiagnostics + parser.diagnostics,
      isIncomplete: lexer.endsIncomplete)
  }

  /// Lexes and parses `source` as the file `file`.
  public static func parse(_ source: String, file: String = "<input>") -> ParseResult {
    parse(bytes: Array(source.utf8), file: file)
  }

  var current: Token { tokens[position] }

  func peek(_ offset: Int = 1) -> Token {
    tokens[min(position + offset, tokens.count - 1)]
  }

  var atEnd: Bool { current.kind == .end }

  @discardableResult
  mutating func advance() -> Token {
    let token = current
    if position < tokens.count - 1 { position += 1 }
    return token
  }

  func failure(_ message: String, at span: SourceSpan? = nil, suggestion: String? = nil)
    -> ParseError
  {
    let span = span ?? current.span
    return ParseError(
      diagnostic: Diagnostic(
        .error, at: span.start, length: span.length, message, suggestion: suggestion))
  }

  /// Makes an error saying what was expected and what token was found instead.
  func expected(_ what: String) -> ParseError {
    failure("expected \(what), found \(current.describedForError)")
  }

  mutating func expectSymbol(_ symbol: String, _ context: String = "") throws(ParseError) {
    guard current.isSymbol(symbol) else {
      throw expected("'\(symbol)'" + (context.isEmpty ? "" : " \(context)"))
    }
    advance()
  }

  mutating func expectName(_ what: String) throws(ParseError) -> Name {
    guard let text = current.identifier, !Self.reservedWords.contains(text) else {
      throw expected(what)
    }
    return Name(text: text, span: advance().span)
  }

  mutating func expectWord(_ word: String, _ context: String = "") throws(ParseError) {
    guard current.isWord(word) else {
      throw expected("'\(word)'" + (context.isEmpty ? "" : " \(context)"))
    }
    advance()
  }

  /// Words that cannot name a variable.
  static let reservedWords: Set<String> = [
    "let", "fn", "return", "if", "else", "for", "in", "import", "as", "assert", "true",
    "false", "none", "and", "or", "not", "now",
  ]

  /// Runs `body` one nesting level deeper, failing past `maximumDepth`.
  mutating func nested<T>(_ body: (inout Parser) throws(ParseError) -> T) throws(ParseError)
    -> T
  {
    depth += 1
    defer { depth -= 1 }
    guard depth <= Self.maximumDepth else {
      throw failure("nesting deeper than \(Self.maximumDepth) levels; split the expression")
    }
    return try body(&self)
  }

  mutating func skipNewlines() {
    while current.kind == .newline || current.isSymbol(";") { advance() }
  }

  /// Whether the current token ends a statement.
  var atStatementEnd: Bool {
    current.kind == .newline || current.kind == .end || current.isSymbol(";")
      || current.isSymbol("}")
  }

  mutating func expectStatementEnd() throws(ParseError) {
    guard atStatementEnd else { throw expected("end of statement (a new line or ';')") }
    if current.kind == .newline || current.isSymbol(";") { advance() }
  }

  /// Skips to the next statement boundary at the current bracket level after an error.
  mutating func synchronize() {
    var level = 0
    while !atEnd {
      if level == 0 && (current.kind == .newline || current.isSymbol(";")) {
        advance()
        return
      }
      if current.isSymbol("}") {
        // A `}` at this level closes the enclosing block, which its parser consumes.
        if level == 0 { return }
        level -= 1
      } else if current.isSymbol(")") || current.isSymbol("]") {
        level = max(0, level - 1)
      } else if current.isSymbol("{") || current.isSymbol("(") || current.isSymbol("[") {
        level += 1
      }
      advance()
    }
  }

  mutating func parseProgram() -> [Statement] {
    var statements: [Statement] = []
    while true {
      skipNewlines()
      if atEnd { break }
      if current.isSymbol("}") {
        diagnostics.append(failure("unexpected '}' with no open block").diagnostic)
        advance()
        continue
      }
      let before = position
      do {
        statements.append(try parseStatement())
      } catch {
        diagnostics.append(error.diagnostic)
        // A `let NAME = ...` that fails to parse still binds NAME, so that its
        // uses further on add no "undefined name" errors.
        if tokens[before].identifier == "let", before + 1 < tokens.count,
          let name = tokens[before + 1].identifier
        {
          let span = tokens[before].span
          statements.append(
            Statement(.letBinding(name: name, value: Expression(.invalid, span)), span))
        }
        synchronize()
        if position == before { advance() }
      }
    }
    return statements
  }

  /// Parses `{ items }`, calling `item` for each and recovering inside the block.
  mutating func parseBlock<T>(
    _ context: String, _ item: (inout Parser) throws(ParseError) -> T
  ) throws(ParseError) -> [T] {
    try expectSymbol("{", "to open \(context)")
    return try nested { (parser: inout Parser) throws(ParseError) -> [T] in
      var items: [T] = []
      while true {
        parser.skipNewlines()
        if parser.current.isSymbol("}") {
          parser.advance()
          return items
        }
        if parser.atEnd {
          throw parser.failure("expected '}' to close \(context), found end of input")
        }
        let before = parser.position
        do throws(ParseError) {
          items.append(try item(&parser))
        } catch {
          parser.diagnostics.append(error.diagnostic)
          parser.synchronize()
          if parser.position == before, !parser.current.isSymbol("}") { parser.advance() }
        }
      }
    }
  }
}
