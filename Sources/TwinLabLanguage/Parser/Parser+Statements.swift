import TwinLabModel

extension Parser {
  mutating func parseStatement() throws(ParseError) -> Statement {
    let start = current.span
    let kind: StatementKind
    // `lab.devices` and `experiment(...)` are expressions, not declarations.
    let declares: Bool
    switch peek().kind {
    case .string, .identifier: declares = true
    default: declares = false
    }
    switch current.identifier {
    case "let":
      advance()
      let name = try expectName("a name after 'let'")
      try expectSymbol("=", "after the name in 'let'")
      kind = .letBinding(name: name.text, value: try parseExpression())
    case "fn":
      kind = try parseFunction()
    case "return":
      advance()
      kind = .returnValue(atStatementEnd ? nil : try parseExpression())
    case "if":
      kind = try parseIf()
    case "for":
      advance()
      let variable = try expectName("a loop variable after 'for'")
      try expectWord("in", "after the loop variable")
      let sequence = try parseExpression()
      kind = .forLoop(
        variable: variable.text, sequence: sequence, body: try parseStatementBlock("the loop"))
    case "assert":
      advance()
      let condition = try parseExpression()
      var message: Expression?
      if current.isSymbol(",") {
        advance()
        message = try parseExpression()
      }
      kind = .assertion(condition: condition, message: message)
    case "import":
      kind = try parseImport()
    case "lab" where declares:
      kind = .lab(try parseLab())
    case "whatif" where declares:
      kind = .whatIf(try parseWhatIf())
    case "experiment" where declares:
      kind = .experiment(try parseExperiment())
    default:
      let expression = try parseExpression()
      if current.isSymbol("=") {
        switch expression.kind {
        case .name, .member, .index: break
        default:
          throw failure("cannot assign to this expression; assign to a name", at: expression.span)
        }
        advance()
        kind = .assignment(target: expression, value: try parseExpression())
      } else {
        kind = .expression(expression)
      }
    }
    try expectStatementEnd()
    return Statement(kind, start)
  }

  mutating func parseStatementBlock(_ context: String) throws(ParseError) -> [Statement] {
    try parseBlock(context) { (parser: inout Parser) throws(ParseError) in
      try parser.parseStatement()
    }
  }

  mutating func parseFunction() throws(ParseError) -> StatementKind {
    advance()
    let name = try expectName("a function name after 'fn'")
    try expectSymbol("(", "after the function name")
    var parameters: [String] = []
    while !current.isSymbol(")") {
      let parameter = try expectName("a parameter name")
      if parameters.contains(parameter.text) {
        throw failure("duplicate parameter '\(parameter.text)'", at: parameter.span)
      }
      parameters.append(parameter.text)
      if current.isSymbol(",") {
        advance()
      } else if !current.isSymbol(")") {
        throw expected("',' or ')' in the parameter list")
      }
    }
    advance()
    let body = try parseStatementBlock("the function body")
    return .function(name: name.text, parameters: parameters, body: body)
  }

  mutating func parseIf() throws(ParseError) -> StatementKind {
    advance()
    let condition = try parseExpression()
    let then = try parseStatementBlock("the 'if' body")
    guard current.isWord("else") else {
      return .ifElse(condition: condition, then: then, otherwise: nil)
    }
    advance()
    if current.isWord("if") {
      let span = current.span
      let nestedIf = try nested { (parser: inout Parser) throws(ParseError) in
        try parser.parseIf()
      }
      return .ifElse(condition: condition, then: then, otherwise: [Statement(nestedIf, span)])
    }
    return .ifElse(
      condition: condition, then: then, otherwise: try parseStatementBlock("the 'else' body"))
  }

  mutating func parseImport() throws(ParseError) -> StatementKind {
    advance()
    guard case .string(let parts) = current.kind, parts.count == 1,
      case .text(let path) = parts[0]
    else {
      throw expected("a module name in quotes after 'import', such as \"platelet\"")
    }
    advance()
    var alias: String?
    if current.isWord("as") {
      advance()
      alias = try expectName("a module alias after 'as'").text
    }
    return .importModule(path: path, alias: alias)
  }

  /// Parses a string literal or bare name used as a declaration's title.
  mutating func parseTitle(_ what: String) throws(ParseError) -> Expression {
    if case .string = current.kind { return try parsePrimary() }
    if let name = current.identifier, !Self.reservedWords.contains(name) {
      let span = advance().span
      return Expression(.string([.text(name)]), span)
    }
    throw expected("a name in quotes after '\(what)'")
  }

  mutating func parseWhatIf() throws(ParseError) -> WhatIfDeclaration {
    advance()
    let name = try parseTitle("whatif")
    let assignments = try parseBlock("the whatif block") {
      (parser: inout Parser) throws(ParseError) -> PathAssignment in
      let path = try parser.parsePath()
      try parser.expectSymbol("=", "after the model path")
      let value = try parser.parseExpression()
      try parser.expectStatementEnd()
      return PathAssignment(path: path, value: value)
    }
    return WhatIfDeclaration(name: name, assignments: assignments)
  }

  /// Parses a dotted path such as `centrifuge.count`.
  mutating func parsePath() throws(ParseError) -> [Name] {
    var path = [try expectName("a model path such as 'centrifuge.count'")]
    while current.isSymbol(".") {
      advance()
      path.append(try expectName("a name after '.'"))
    }
    return path
  }

  mutating func parseExperiment() throws(ParseError) -> ExperimentDeclaration {
    advance()
    let name = try parseTitle("experiment")
    let items = try parseBlock("the experiment block") {
      (parser: inout Parser) throws(ParseError) -> ExperimentItem in
      let keyword = try parser.expectName(
        "an experiment setting (horizon, warmup, replications, variants, sweep, measure)")
      let item: ExperimentItem
      switch keyword.text {
      case "variants":
        item = .variants(try parser.parseNameList(allowStrings: true))
      case "measure", "measures":
        item = .measures(try parser.parseNameList(allowStrings: false))
      case "sweep":
        let path = try parser.parsePath()
        try parser.expectWord("in", "after the sweep path")
        item = .sweep(path: path, values: try parser.parseExpression())
      default:
        item = .setting(keyword, try parser.parseExpression())
      }
      try parser.expectStatementEnd()
      return item
    }
    return ExperimentDeclaration(name: name, settings: items)
  }

  /// Parses `a, "b c", d`: names, or strings where `allowStrings`.
  mutating func parseNameList(allowStrings: Bool) throws(ParseError) -> [Name] {
    var names: [Name] = []
    repeat {
      if !names.isEmpty { advance() }
      if allowStrings, case .string(let parts) = current.kind, parts.count == 1,
        case .text(let text) = parts[0]
      {
        names.append(Name(text: text, span: advance().span))
      } else {
        names.append(try expectName(allowStrings ? "a name or a quoted name" : "a name"))
      }
    } while current.isSymbol(",")
    return names
  }
}
