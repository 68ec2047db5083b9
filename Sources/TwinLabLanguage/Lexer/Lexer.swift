import TwinLabModel

/// Splits UTF-8 source bytes into tokens, reporting bad input as diagnostics.
///
/// Newlines end statements except while a `(` or `[` is open; inside `{` they
/// stay, and the parser skips them where a record allows it.
///
/// - Complexity: O(n) in the number of bytes.
public struct Lexer {
  let bytes: [UInt8]
  let file: String
  var index = 0
  var line = 1
  var column = 1
  var brackets: [UInt8] = []
  var tokens: [Token] = []
  var diagnostics: [Diagnostic] = []
  /// Whether input ended inside a string or with a bracket open.
  public internal(set) var endsIncomplete = false

  /// Creates a lexer over `bytes`, naming `file` in locations.
  public init(bytes: [UInt8], file: String) {
    self.bytes = bytes
    self.file = file
  }

  /// Creates a lexer over the UTF-8 of `source`.
  public init(source: String, file: String, line: Int = 1, column: Int = 1) {
    self.bytes = Array(source.utf8)
    self.file = file
    self.line = line
    self.column = column
  }

  /// Produces every token, ending with `.end`, and the diagnostics found on the way.
  public mutating func tokenize() -> (tokens: [Token], diagnostics: [Diagnostic]) {
    while index < bytes.count {
      scanToken()
    }
    if !brackets.isEmpty { endsIncomplete = true }
    tokens.append(Token(.end, SourceSpan(start: location)))
    return (tokens, diagnostics)
  }

  var location: SourceLocation {
    SourceLocation(file: file, line: line, column: column)
  }

  func peek(_ offset: Int = 0) -> UInt8? {
    let position = index + offset
    return position < bytes.count ? bytes[position] : nil
  }

  /// Moves past one byte, counting columns in Unicode scalars.
  mutating func advance() {
    let byte = bytes[index]
    index += 1
    if byte == 0x0A {
      line += 1
      column = 1
    } else if byte & 0xC0 != 0x80 {
      column += 1
    }
  }

  mutating func error(
    _ message: String, at start: SourceLocation, length: Int = 1,
    suggestion: String? = nil
  ) {
    diagnostics.append(
      Diagnostic(.error, at: start, length: length, message, suggestion: suggestion))
  }

  mutating func add(_ kind: TokenKind, from start: SourceLocation) {
    let length = start.line == line ? column - start.column : 1
    tokens.append(Token(kind, SourceSpan(start: start, length: length)))
  }

  mutating func scanToken() {
    let byte = bytes[index]
    let start = location
    switch byte {
    case 0x20, 0x09, 0x0D:
      advance()
    case 0x0A:
      advance()
      let top = brackets.last
      if top != UInt8(ascii: "(") && top != UInt8(ascii: "["),
        tokens.last.map({ $0.kind != .newline }) ?? false
      {
        tokens.append(Token(.newline, SourceSpan(start: start)))
      }
    case UInt8(ascii: "#"):
      while let next = peek(), next != 0x0A {
        if next == 0 { error("NUL byte in a comment; remove it", at: location) }
        if next >= 0x80 {
          skipScalar()
        } else {
          advance()
        }
      }
    case 0:
      error("NUL byte in source; remove it", at: start)
      advance()
    case UInt8(ascii: "0")...UInt8(ascii: "9"):
      scanNumber()
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "_"):
      let name = scanWord()
      add(.identifier(name), from: start)
    case UInt8(ascii: "\""):
      scanString()
    case 0x80...0xFF:
      let valid = skipScalar()
      if valid {
        error("unexpected character outside a string or comment", at: start)
      }
    default:
      scanSymbol()
    }
  }

  /// Skips one UTF-8 sequence, reporting invalid bytes; returns whether it was valid.
  @discardableResult
  mutating func skipScalar() -> Bool {
    let start = location
    let first = bytes[index]
    let length: Int
    switch first {
    case 0xC2...0xDF: length = 2
    case 0xE0...0xEF: length = 3
    case 0xF0...0xF4: length = 4
    default: length = 0
    }
    var valid = length > 0 && index + length <= bytes.count
    if valid {
      for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 {
        valid = false
      }
    }
    if !valid {
      let hex = String(first, radix: 16, uppercase: true)
      error("invalid UTF-8 byte 0x\(hex); the file must be UTF-8 text", at: start)
      index += 1
      column += 1
      return false
    }
    for _ in 0..<length { advance() }
    return true
  }

  mutating func scanWord() -> String {
    let begin = index
    while let next = peek(), isWordByte(next) { advance() }
    return String(decoding: bytes[begin..<index], as: UTF8.self)
  }

  func isWordByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
      true
    default: false
    }
  }

  func isDigit(_ byte: UInt8?) -> Bool {
    guard let byte else { return false }
    return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  mutating func scanSymbol() {
    let start = location
    let byte = bytes[index]
    let pairs = ["...", "??", "==", "!=", "<=", ">=", "&&", "||"]
    for symbol in pairs {
      let symbolBytes = Array(symbol.utf8)
      if index + symbolBytes.count <= bytes.count,
        Array(bytes[index..<index + symbolBytes.count]) == symbolBytes
      {
        for _ in symbolBytes { advance() }
        add(.symbol(symbol), from: start)
        return
      }
    }
    let singles = "+-*/%()[]{},:;.=<>!?"
    guard singles.utf8.contains(byte) else {
      advance()
      let text = String(decoding: [byte], as: UTF8.self)
      error("unexpected character '\(text)'", at: start)
      return
    }
    advance()
    let text = String(decoding: [byte], as: UTF8.self)
    switch byte {
    case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
      brackets.append(byte)
    case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
      if !brackets.isEmpty { brackets.removeLast() }
    default:
      break
    }
    add(.symbol(text), from: start)
  }
}
