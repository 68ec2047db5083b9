import TwinLabModel

/// One token of a query, with the 1-based column where it starts.
struct QueryToken: Equatable {
  enum Kind: Equatable {
    /// A name: a keyword, alias, property, function or `$` member such as `$dtId`.
    case identifier(String)
    /// A name written as `[[name]]`, which is never a keyword.
    case escapedIdentifier(String)
    case string(String)
    case number(Double)
    /// Punctuation and operators: `( ) [ ] , . * = != <> < > <= >=`, and `- : |`,
    /// which only MATCH patterns use, so the parser can name MATCH as unsupported.
    case symbol(String)
    case end
  }

  var kind: Kind
  var column: Int

  /// Returns whether the token is the keyword `word`, in any letter case.
  func isKeyword(_ word: String) -> Bool {
    if case .identifier(let name) = kind { return name.uppercased() == word }
    return false
  }

  func isSymbol(_ symbol: String) -> Bool {
    kind == .symbol(symbol)
  }

  var text: String {
    switch kind {
    case .identifier(let name): name
    case .escapedIdentifier(let name): "[[\(name)]]"
    case .string(let text): "'\(text)'"
    case .number(let value): JSONValue.format(number: value)
    case .symbol(let symbol): symbol
    case .end: "end of query"
    }
  }
}

/// Splits query text into tokens.
enum QueryLexer {
  static func tokens(of text: String) throws(TwinStoreError) -> [QueryToken] {
    let scalars = Array(text.unicodeScalars)
    var tokens: [QueryToken] = []
    var index = 0

    func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
      scalar == "$" || scalar == "_" || scalar.properties.isAlphabetic
    }
    func isNamePart(_ scalar: Unicode.Scalar) -> Bool {
      isNameStart(scalar) || ("0"..."9").contains(scalar)
    }

    while index < scalars.count {
      let scalar = scalars[index]
      let column = index + 1
      if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
        index += 1
        continue
      }
      if isNameStart(scalar) {
        var name = ""
        while index < scalars.count, isNamePart(scalars[index]) {
          name.unicodeScalars.append(scalars[index])
          index += 1
        }
        tokens.append(QueryToken(kind: .identifier(name), column: column))
        continue
      }
      if ("0"..."9").contains(scalar)
        || (scalar == "-" && index + 1 < scalars.count && ("0"..."9").contains(scalars[index + 1]))
      {
        var literal = String(scalar)
        index += 1
        while index < scalars.count,
          ("0"..."9").contains(scalars[index]) || ".eE+-".unicodeScalars.contains(scalars[index])
        {
          if "+-".unicodeScalars.contains(scalars[index]),
            !(literal.hasSuffix("e") || literal.hasSuffix("E"))
          {
            break
          }
          literal.unicodeScalars.append(scalars[index])
          index += 1
        }
        guard let value = Double(literal), value.isFinite else {
          throw .query("'\(literal)' is not a valid number", column: column)
        }
        tokens.append(QueryToken(kind: .number(value), column: column))
        continue
      }
      if scalar == "'" || scalar == "\"" {
        let quote = scalar
        var text = ""
        index += 1
        var closed = false
        while index < scalars.count {
          let next = scalars[index]
          if next == "\\", index + 1 < scalars.count {
            text.unicodeScalars.append(scalars[index + 1])
            index += 2
            continue
          }
          index += 1
          if next == quote {
            closed = true
            break
          }
          text.unicodeScalars.append(next)
        }
        guard closed else {
          throw .query("the string starting here has no closing \(quote)", column: column)
        }
        tokens.append(QueryToken(kind: .string(text), column: column))
        continue
      }
      if scalar == "[", index + 1 < scalars.count, scalars[index + 1] == "[" {
        var name = ""
        index += 2
        while index + 1 < scalars.count, !(scalars[index] == "]" && scalars[index + 1] == "]") {
          name.unicodeScalars.append(scalars[index])
          index += 1
        }
        guard index + 1 < scalars.count, !name.isEmpty else {
          throw .query("the escaped name starting here has no closing ]]", column: column)
        }
        index += 2
        tokens.append(QueryToken(kind: .escapedIdentifier(name), column: column))
        continue
      }
      let pair = index + 1 < scalars.count ? String(scalar) + String(scalars[index + 1]) : ""
      if ["!=", "<>", "<=", ">="].contains(pair) {
        tokens.append(QueryToken(kind: .symbol(pair == "<>" ? "!=" : pair), column: column))
        index += 2
        continue
      }
      if "()[],.*=<>-:|".unicodeScalars.contains(scalar) {
        tokens.append(QueryToken(kind: .symbol(String(scalar)), column: column))
        index += 1
        continue
      }
      throw .query("unexpected character '\(scalar)'", column: column)
    }
    tokens.append(QueryToken(kind: .end, column: scalars.count + 1))
    return tokens
  }
}
