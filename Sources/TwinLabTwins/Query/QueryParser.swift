import TwinLabModel

/// Parses query text into a `QueryStatement`, reporting the column of the first fault.
struct QueryParser {
  /// Maximum length of a query, in characters.
  static let maxQueryLength = 8000
  /// Maximum number of AND and OR operators in one query.
  static let maxLogicalOperators = 50
  /// Maximum number of literals in one IN or NIN list.
  // NOTE: the service's limits page says 50 and its operators page says 100; this
  // accepts the larger number.
  static let maxListItems = 100
  /// Maximum number of JOIN clauses in one query.
  static let maxJoins = 5

  private static let reserved: Set<String> = [
    "ALL", "AND", "AS", "ASC", "BY", "COUNT", "DESC", "FROM", "GROUP", "IN", "JOIN", "NIN", "NOT",
    "NULL", "OR", "ORDER", "RELATED", "SELECT", "TOP", "TRUE", "FALSE", "WHERE", "MATCH",
  ]

  private var tokens: [QueryToken]
  private var position = 0
  private var logicalOperators = 0

  static func parse(_ text: String) throws(TwinStoreError) -> QueryStatement {
    if text.count > maxQueryLength {
      throw .query(
        "the query is \(text.count) characters; the maximum is \(maxQueryLength)",
        column: maxQueryLength + 1)
    }
    var parser = QueryParser(tokens: try QueryLexer.tokens(of: text))
    return try parser.statement()
  }

  private init(tokens: [QueryToken]) {
    self.tokens = tokens
  }

  private var current: QueryToken { tokens[position] }

  private mutating func advance() -> QueryToken {
    let token = tokens[position]
    if position < tokens.count - 1 { position += 1 }
    return token
  }

  private func fault(_ message: String, at token: QueryToken? = nil) -> TwinStoreError {
    let token = token ?? current
    return .query("\(message), found \(token.text)", column: token.column)
  }

  private mutating func expectKeyword(_ word: String) throws(TwinStoreError) {
    guard current.isKeyword(word) else { throw fault("expected \(word)") }
    _ = advance()
  }

  private mutating func expectSymbol(_ symbol: String) throws(TwinStoreError) {
    guard current.isSymbol(symbol) else { throw fault("expected '\(symbol)'") }
    _ = advance()
  }

  private mutating func statement() throws(TwinStoreError) -> QueryStatement {
    guard current.isKeyword("SELECT") else { throw fault("missing SELECT") }
    _ = advance()

    var top: Int?
    if current.isKeyword("TOP") {
      _ = advance()
      try expectSymbol("(")
      guard case .number(let value) = current.kind, value >= 0, value <= 1_000_000,
        value == value.rounded()
      else { throw fault("TOP needs a whole number from 0 to 1000000") }
      top = Int(value)
      _ = advance()
      try expectSymbol(")")
    }

    let selection: QueryStatement.Selection
    if current.isSymbol("*") {
      _ = advance()
      selection = .all
    } else if current.isKeyword("COUNT") {
      _ = advance()
      try expectSymbol("(")
      try expectSymbol(")")
      selection = .count
    } else if top != nil && current.isKeyword("FROM") {
      selection = .all
    } else {
      var items: [ProjectionItem] = []
      repeat {
        if !items.isEmpty { _ = advance() }
        let path = try self.path(what: "a projection")
        var name: String?
        if current.isKeyword("AS") {
          _ = advance()
          name = try self.name(what: "a name after AS")
        }
        items.append(ProjectionItem(path: path, name: name))
      } while current.isSymbol(",")
      selection = .items(items)
    }

    try expectKeyword("FROM")
    let collection: QueryStatement.Collection
    if current.isKeyword("DIGITALTWINS") {
      collection = .twins
    } else if current.isKeyword("RELATIONSHIPS") {
      collection = .relationships
    } else if current.isKeyword("MATCH") {
      throw fault("MATCH is not supported; use JOIN ... RELATED")
    } else {
      throw fault("expected DIGITALTWINS or RELATIONSHIPS after FROM")
    }
    _ = advance()
    let alias = try optionalAlias()

    var joins: [JoinClause] = []
    while current.isKeyword("JOIN") {
      let joinToken = advance()
      if collection == .relationships {
        throw fault("JOIN cannot be combined with FROM RELATIONSHIPS", at: joinToken)
      }
      if joins.count == Self.maxJoins {
        throw fault("a query may have at most \(Self.maxJoins) JOIN clauses", at: joinToken)
      }
      let target = try name(what: "an alias after JOIN")
      try expectKeyword("RELATED")
      let source = try name(what: "an alias before the relationship name")
      try expectSymbol(".")
      let relationshipName = try name(what: "a relationship name")
      let relationshipAlias = try optionalAlias()
      joins.append(
        JoinClause(
          target: target, source: source, relationshipName: relationshipName,
          relationshipAlias: relationshipAlias, column: joinToken.column))
    }

    var condition: QueryCondition?
    if current.isKeyword("WHERE") {
      _ = advance()
      condition = try orCondition()
    }
    guard current.kind == .end else { throw fault("expected the end of the query") }
    return QueryStatement(
      selection: selection, top: top, collection: collection, alias: alias, joins: joins,
      condition: condition)
  }

  private mutating func optionalAlias() throws(TwinStoreError) -> String? {
    switch current.kind {
    case .identifier(let name) where !Self.reserved.contains(name.uppercased()):
      _ = advance()
      return name
    case .escapedIdentifier(let name):
      _ = advance()
      return name
    default:
      return nil
    }
  }

  private mutating func name(what: String) throws(TwinStoreError) -> String {
    switch current.kind {
    case .identifier(let name) where !Self.reserved.contains(name.uppercased()):
      _ = advance()
      return name
    case .escapedIdentifier(let name):
      _ = advance()
      return name
    default:
      throw fault("expected \(what)")
    }
  }

  private mutating func path(what: String) throws(TwinStoreError) -> QueryPath {
    let column = current.column
    var segments = [try name(what: what)]
    while current.isSymbol(".") {
      _ = advance()
      segments.append(try name(what: "a property name after '.'"))
    }
    return QueryPath(segments: segments, column: column)
  }

  // MARK: - Conditions

  private mutating func countLogical() throws(TwinStoreError) {
    logicalOperators += 1
    if logicalOperators > Self.maxLogicalOperators {
      throw fault("a query may have at most \(Self.maxLogicalOperators) AND and OR operators")
    }
  }

  private mutating func orCondition() throws(TwinStoreError) -> QueryCondition {
    var condition = try andCondition()
    while current.isKeyword("OR") {
      try countLogical()
      _ = advance()
      condition = .or(condition, try andCondition())
    }
    return condition
  }

  private mutating func andCondition() throws(TwinStoreError) -> QueryCondition {
    var condition = try unaryCondition()
    while current.isKeyword("AND") {
      try countLogical()
      _ = advance()
      condition = .and(condition, try unaryCondition())
    }
    return condition
  }

  private mutating func unaryCondition() throws(TwinStoreError) -> QueryCondition {
    if current.isKeyword("NOT") {
      _ = advance()
      return .not(try unaryCondition())
    }
    if current.isSymbol("(") {
      _ = advance()
      let inner = try orCondition()
      try expectSymbol(")")
      return inner
    }
    if case .identifier(let word) = current.kind, tokens[position + 1].isSymbol("(") {
      return try function(named: word.uppercased())
    }
    return try predicate()
  }

  private mutating func predicate() throws(TwinStoreError) -> QueryCondition {
    let start = current
    let left = try operand()
    if case .path(let path) = left {
      var negated = false
      if current.isKeyword("NIN") {
        negated = true
      } else if current.isKeyword("NOT"), tokens[position + 1].isKeyword("IN") {
        negated = true
        _ = advance()
      }
      if negated || current.isKeyword("IN") {
        _ = advance()
        return .membership(path, try literalList(), negated: negated)
      }
    }
    guard case .symbol(let symbol) = current.kind, let op = ComparisonOperator(rawValue: symbol)
    else {
      if case .literal(.bool(let value)) = left { return .constant(value) }
      throw fault("expected a comparison operator (=, !=, <, <=, >, >=), IN or NIN")
    }
    _ = advance()
    let right = try operand()
    if case .literal = left, case .literal = right {
      throw fault("a comparison needs a property on one side", at: start)
    }
    return .comparison(left, op, right, column: start.column)
  }

  private mutating func operand() throws(TwinStoreError) -> QueryOperand {
    if let literal = try optionalLiteral() { return .literal(literal) }
    return .path(try path(what: "a property or a literal"))
  }

  private mutating func optionalLiteral() throws(TwinStoreError) -> JSONValue? {
    switch current.kind {
    case .string(let text):
      _ = advance()
      return .string(text)
    case .number(let value):
      _ = advance()
      return .number(value)
    case .identifier(let word) where ["TRUE", "FALSE", "NULL"].contains(word.uppercased()):
      _ = advance()
      switch word.uppercased() {
      case "TRUE": return .bool(true)
      case "FALSE": return .bool(false)
      default: return .null
      }
    default:
      return nil
    }
  }

  private mutating func literal(what: String) throws(TwinStoreError) -> JSONValue {
    guard let value = try optionalLiteral() else { throw fault("expected \(what)") }
    return value
  }

  private mutating func literalList() throws(TwinStoreError) -> [JSONValue] {
    try expectSymbol("[")
    var values: [JSONValue] = []
    if current.isSymbol("]") {
      _ = advance()
      return values
    }
    while true {
      values.append(try literal(what: "a literal in the list"))
      if values.count > Self.maxListItems {
        throw fault("an IN or NIN list may hold at most \(Self.maxListItems) items")
      }
      if current.isSymbol("]") {
        _ = advance()
        return values
      }
      try expectSymbol(",")
    }
  }

  private mutating func stringArgument(what: String) throws(TwinStoreError) -> String {
    guard case .string(let text) = current.kind else { throw fault("expected \(what)") }
    _ = advance()
    return text
  }

  private mutating func function(named word: String) throws(TwinStoreError) -> QueryCondition {
    let nameToken = advance()
    _ = advance()
    let condition: QueryCondition
    if word == "IS_OF_MODEL" {
      var alias: QueryPath?
      if case .string = current.kind {
      } else {
        alias = try path(what: "an alias or a model id")
        try expectSymbol(",")
      }
      let model = try stringArgument(what: "a model id string such as 'dtmi:example:Room;1'")
      var exact = false
      if current.isSymbol(",") {
        _ = advance()
        guard current.isKeyword("EXACT") else { throw fault("expected exact") }
        _ = advance()
        exact = true
      }
      condition = .isOfModel(alias: alias, model: model, exact: exact)
    } else if let check = TypeCheck(rawValue: word) {
      condition = .typeCheck(check, try path(what: "a property"))
    } else if let match = StringMatch(
      rawValue: word.replacingOccurrences(of: "_WITH", with: "WITH"))
    {
      let target = try path(what: "a property")
      try expectSymbol(",")
      condition = .stringMatch(match, target, try stringArgument(what: "a string literal"))
    } else if word == "ARRAY_CONTAINS" {
      let target = try path(what: "an array property")
      try expectSymbol(",")
      condition = .arrayContains(target, try literal(what: "a literal"))
    } else {
      let known =
        ["IS_OF_MODEL"] + TypeCheck.allCases.map(\.rawValue) + StringMatch.allCases.map(\.rawValue)
        + ["ARRAY_CONTAINS"]
      var message = "unknown function \(nameToken.text)"
      if let near = nearestName(to: word, among: known) { message += "; did you mean \(near)?" }
      throw TwinStoreError.query(message, column: nameToken.column)
    }
    try expectSymbol(")")
    return condition
  }
}
