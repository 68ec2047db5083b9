import TwinLabModel

extension Parser {
  /// Binary operators by precedence, lowest first.
  static let binaryPrecedence: [String: Int] = [
    "??": 1, "or": 2, "||": 2, "and": 3, "&&": 3,
    "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4,
    "...": 5, "+": 6, "-": 6, "*": 7, "/": 7, "%": 7,
  ]

  /// The binary operator at the current token, spelled the canonical way.
  var binaryOperator: String? {
    switch current.kind {
    case .symbol(let text) where Self.binaryPrecedence[text] != nil:
      switch text {
      case "||": "or"
      case "&&": "and"
      default: text
      }
    case .identifier(let word) where word == "and" || word == "or": word
    default: nil
    }
  }

  mutating func parseExpression() throws(ParseError) -> Expression {
    try nested { (parser: inout Parser) throws(ParseError) in
      try parser.parseBinary(minimum: 1)
    }
  }

  /// Precedence climbing: one frame per operator level actually used.
  mutating func parseBinary(minimum: Int) throws(ParseError) -> Expression {
    var left = try parseUnary()
    while let op = binaryOperator, let precedence = Self.binaryPrecedence[op],
      precedence >= minimum
    {
      let opSpan = advance().span
      // `??` groups to the right; the others to the left.
      let next = op == "??" ? precedence : precedence + 1
      let right = try nested { (parser: inout Parser) throws(ParseError) in
        try parser.parseBinary(minimum: next)
      }
      if op == "..." {
        if case .range = left.kind {
          throw failure("ranges cannot be chained", at: opSpan)
        }
        left = Expression(.range(left, right), left.span)
      } else {
        left = Expression(.binary(op, left, right), left.span)
      }
    }
    return left
  }

  mutating func parseUnary() throws(ParseError) -> Expression {
    let start = current.span
    if current.isSymbol("-") || current.isSymbol("!") || current.isWord("not") {
      let op = current.isSymbol("-") ? "-" : "not"
      advance()
      let operand = try nested { (parser: inout Parser) throws(ParseError) in
        try parser.parseUnary()
      }
      return Expression(.unary(op, operand), start)
    }
    return try parsePostfix()
  }

  mutating func parsePostfix() throws(ParseError) -> Expression {
    var expression = try parsePrimary()
    while true {
      if current.isSymbol("(") {
        advance()
        let arguments = try parseArguments()
        expression = Expression(.call(expression, arguments), expression.span)
      } else if current.isSymbol(".") {
        advance()
        guard let name = current.identifier else { throw expected("a field name after '.'") }
        let span = advance().span
        expression = Expression(.member(expression, name), span)
      } else if current.isSymbol("[") {
        let span = advance().span
        let index = try parseExpression()
        try expectSymbol("]", "to close the index")
        expression = Expression(.index(expression, index), span)
      } else {
        return expression
      }
    }
  }

  mutating func parseArguments() throws(ParseError) -> [Argument] {
    var arguments: [Argument] = []
    while !current.isSymbol(")") {
      let span = current.span
      var label: String?
      if peek().isSymbol(":") {
        switch current.kind {
        case .identifier(let name):
          label = name
        case .string(let parts) where parts.count == 1:
          if case .text(let text) = parts[0] { label = text }
        default:
          break
        }
        if label != nil {
          advance()
          advance()
        }
      }
      arguments.append(Argument(label: label, value: try parseExpression(), span: span))
      if current.isSymbol(",") {
        advance()
      } else if !current.isSymbol(")") {
        throw expected("',' or ')' in the argument list")
      }
    }
    advance()
    return arguments
  }

  mutating func parsePrimary() throws(ParseError) -> Expression {
    let token = current
    let span = token.span
    switch token.kind {
    case .number(let value):
      advance()
      try rejectSpacedUnit(after: token)
      return Expression(.number(value), span)
    case .percent(let value):
      advance()
      return Expression(.percent(value), span)
    case .duration(let value):
      advance()
      return Expression(.duration(value), span)
    case .clock(let value):
      advance()
      return Expression(.clock(value), span)
    case .rate(let value):
      advance()
      return Expression(.rate(value), span)
    case .string(let parts):
      advance()
      return Expression(.string(try parseInterpolation(parts)), span)
    case .identifier(let name):
      return try parseWordPrimary(name, span)
    case .symbol("("):
      advance()
      let inner = try parseExpression()
      try expectSymbol(")", "to close the parenthesis")
      return inner
    case .symbol("["):
      advance()
      var elements: [Expression] = []
      while !current.isSymbol("]") {
        elements.append(try parseExpression())
        if current.isSymbol(",") {
          advance()
        } else if !current.isSymbol("]") {
          throw expected("',' or ']' in the list")
        }
      }
      advance()
      return Expression(.list(elements), span)
    case .symbol("{"):
      return try parseRecord()
    default:
      throw expected("an expression")
    }
  }

  mutating func parseWordPrimary(_ name: String, _ span: SourceSpan) throws(ParseError)
    -> Expression
  {
    let kind: ExpressionKind
    switch name {
    case "true": kind = .bool(true)
    case "false": kind = .bool(false)
    case "none": kind = .none
    case "now": kind = .now
    default:
      guard !Self.reservedWords.contains(name) else { throw expected("an expression") }
      kind = .name(name)
    }
    advance()
    return Expression(kind, span)
  }

  mutating func parseRecord() throws(ParseError) -> Expression {
    let span = advance().span
    var fields: [RecordField] = []
    while true {
      while current.kind == .newline { advance() }
      if current.isSymbol("}") { break }
      let key: String
      switch current.kind {
      case .identifier(let name):
        key = name
      case .string(let parts) where parts.count == 1:
        guard case .text(let text) = parts[0] else { throw expected("a record key") }
        key = text
      default:
        throw expected("a record key or '}'")
      }
      let keySpan = advance().span
      if fields.contains(where: { $0.key == key }) {
        throw failure("duplicate record key '\(key)'", at: keySpan)
      }
      try expectSymbol(":", "after the record key")
      fields.append(RecordField(key: key, value: try parseExpression()))
      while current.kind == .newline { advance() }
      if current.isSymbol(",") || current.isSymbol(";") {
        advance()
      } else if !current.isSymbol("}") {
        throw expected("',' or '}' in the record")
      }
    }
    advance()
    return Expression(.record(fields), span)
  }

  /// Parses the code parts of a string literal as expressions.
  mutating func parseInterpolation(_ parts: [StringPart]) throws(ParseError)
    -> [InterpolatedPart]
  {
    var result: [InterpolatedPart] = []
    for part in parts {
      switch part {
      case .text(let text):
        result.append(.text(text))
      case .code(let code, let location):
        var lexer = Lexer(source: code, file: file, line: location.line, column: location.column)
        let (tokens, lexDiagnostics) = lexer.tokenize()
        diagnostics += lexDiagnostics
        var inner = Parser(tokens: tokens, file: file, depth: depth + 1)
        let expression = try inner.parseExpression()
        diagnostics += inner.diagnostics
        guard inner.atEnd else {
          throw inner.failure("expected ')' to end the interpolation")
        }
        result.append(.expression(expression))
      }
    }
    return result
  }
}

extension Parser {
  /// Words that follow a number in the grammar and must not read as units.
  static let wordsAfterNumbers: Set<String> = [
    "as", "at", "by", "on", "in", "to", "or", "and", "fill", "with", "from", "queue", "time",
    "batch", "after", "every", "repair", "busy",
  ]

  /// Rejects `5 min` and `5 mins`: a unit must follow its number without a space.
  func rejectSpacedUnit(after number: Token) throws(ParseError) {
    guard let word = current.identifier, current.span.start.line == number.span.start.line,
      !Self.wordsAfterNumbers.contains(word)
    else { return }
    if durationUnits.contains(where: { $0.name == word }) {
      throw failure("a unit follows its number without a space, as in 5\(word)")
    }
    if let unit = unitSuggestion(for: word) {
      throw failure("unknown unit '\(word)'", suggestion: unit)
    }
  }
}
