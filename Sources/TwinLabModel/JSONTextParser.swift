/// A recursive-descent parser over UTF-8 bytes.
struct JSONTextParser {
  let bytes: [UInt8]
  var index = 0
  var line = 1
  var lineStart = 0

  init(bytes: [UInt8]) {
    self.bytes = bytes
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      index = 3
      lineStart = 3
    }
  }

  mutating func parseDocument() throws(JSONParseError) -> JSONValue {
    skipWhitespace()
    let value = try parseValue(depth: 0)
    skipWhitespace()
    if index < bytes.count {
      throw error("unexpected \(describe(bytes[index])) after the end of the JSON value")
    }
    return value
  }

  func error(_ message: String, at position: Int? = nil) -> JSONParseError {
    let position = position ?? index
    return JSONParseError(line: line, column: position - lineStart + 1, message: message)
  }

  func describe(_ byte: UInt8) -> String {
    if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
    return "byte 0x" + String(byte, radix: 16, uppercase: true)
  }

  mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0D:
        index += 1
      case 0x0A:
        index += 1
        line += 1
        lineStart = index
      default:
        return
      }
    }
  }

  mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
    guard index < bytes.count else { throw error("unexpected end of input; expected a value") }
    switch bytes[index] {
    case UInt8(ascii: "{"):
      return try parseObject(depth: depth + 1)
    case UInt8(ascii: "["):
      return try parseArray(depth: depth + 1)
    case UInt8(ascii: "\""):
      return .string(try parseString())
    case UInt8(ascii: "t"):
      try expectLiteral("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try expectLiteral("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try expectLiteral("null")
      return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return .number(try parseNumber())
    default:
      throw error("unexpected \(describe(bytes[index])); expected a value")
    }
  }

  mutating func expectLiteral(_ literal: String) throws(JSONParseError) {
    let start = index
    for byte in literal.utf8 {
      guard index < bytes.count, bytes[index] == byte else {
        throw error("invalid literal; expected '\(literal)'", at: start)
      }
      index += 1
    }
  }

  mutating func enter(depth: Int) throws(JSONParseError) {
    if depth > JSONValue.maximumParsingDepth {
      throw error("nesting deeper than \(JSONValue.maximumParsingDepth) arrays and objects")
    }
  }

  mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
    try enter(depth: depth)
    index += 1
    var object = JSONObject()
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object(object)
    }
    while true {
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
        throw error(
          index < bytes.count
            ? "unexpected \(describe(bytes[index])); expected a member name in quotes"
            : "unexpected end of input; expected a member name")
      }
      let keyStart = index
      let key = try parseString()
      if object[key] != nil {
        throw error("duplicate member name \"\(key)\" in one object", at: keyStart)
      }
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
        throw error("expected ':' after the member name \"\(key)\"")
      }
      index += 1
      skipWhitespace()
      object[key] = try parseValue(depth: depth)
      skipWhitespace()
      guard index < bytes.count else { throw error("unexpected end of input; expected ',' or '}'") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      if bytes[index] == UInt8(ascii: "}") {
        index += 1
        return .object(object)
      }
      throw error("unexpected \(describe(bytes[index])); expected ',' or '}'")
    }
  }

  mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
    try enter(depth: depth)
    index += 1
    var elements: [JSONValue] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      elements.append(try parseValue(depth: depth))
      skipWhitespace()
      guard index < bytes.count else { throw error("unexpected end of input; expected ',' or ']'") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      if bytes[index] == UInt8(ascii: "]") {
        index += 1
        return .array(elements)
      }
      throw error("unexpected \(describe(bytes[index])); expected ',' or ']'")
    }
  }

  mutating func parseNumber() throws(JSONParseError) -> Double {
    let start = index
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard index < bytes.count, isDigit(bytes[index]) else {
      throw error("invalid number; expected a digit after '-'")
    }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
      if index < bytes.count, isDigit(bytes[index]) {
        throw error("invalid number; a leading zero cannot be followed by digits", at: start)
      }
    } else {
      skipDigits()
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard index < bytes.count, isDigit(bytes[index]) else {
        throw error("invalid number; expected a digit after '.'")
      }
      skipDigits()
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")
      {
        index += 1
      }
      guard index < bytes.count, isDigit(bytes[index]) else {
        throw error("invalid number; expected a digit in the exponent")
      }
      skipDigits()
    }
    let text = String(decoding: bytes[start..<index], as: UTF8.self)
    guard let value = Double(text), value.isFinite else {
      throw error("number \(text) is out of range for a double", at: start)
    }
    return value
  }

  func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  mutating func skipDigits() {
    while index < bytes.count, isDigit(bytes[index]) { index += 1 }
  }

  mutating func parseString() throws(JSONParseError) -> String {
    let start = index
    index += 1
    var scalars = String.UnicodeScalarView()
    while true {
      guard index < bytes.count else { throw error("unterminated string", at: start) }
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "\""):
        index += 1
        return String(scalars)
      case UInt8(ascii: "\\"):
        scalars.append(try parseEscape())
      case 0x00..<0x20:
        throw error("control character 0x\(String(byte, radix: 16)) must be escaped in a string")
      case 0x00..<0x80:
        scalars.append(Unicode.Scalar(byte))
        index += 1
      default:
        scalars.append(try parseMultibyte())
      }
    }
  }

  mutating func parseEscape() throws(JSONParseError) -> Unicode.Scalar {
    let start = index
    index += 1
    guard index < bytes.count else { throw error("unterminated escape", at: start) }
    let letter = bytes[index]
    index += 1
    switch letter {
    case UInt8(ascii: "\""): return "\""
    case UInt8(ascii: "\\"): return "\\"
    case UInt8(ascii: "/"): return "/"
    case UInt8(ascii: "b"): return "\u{08}"
    case UInt8(ascii: "f"): return "\u{0C}"
    case UInt8(ascii: "n"): return "\n"
    case UInt8(ascii: "r"): return "\r"
    case UInt8(ascii: "t"): return "\t"
    case UInt8(ascii: "u"): break
    default: throw error("invalid escape '\\\(Character(Unicode.Scalar(letter)))'", at: start)
    }
    let first = try parseHex4(escapeStart: start)
    if (0xDC00...0xDFFF).contains(first) {
      throw error("lone low surrogate \\u\(hex(first)) in a string", at: start)
    }
    if (0xD800...0xDBFF).contains(first) {
      guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
        bytes[index + 1] == UInt8(ascii: "u")
      else {
        throw error("lone high surrogate \\u\(hex(first)) in a string", at: start)
      }
      index += 2
      let second = try parseHex4(escapeStart: start)
      guard (0xDC00...0xDFFF).contains(second) else {
        throw error("high surrogate \\u\(hex(first)) is not followed by a low surrogate", at: start)
      }
      let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
      guard let scalar = Unicode.Scalar(combined) else {
        throw error("invalid surrogate pair in a string", at: start)
      }
      return scalar
    }
    guard let scalar = Unicode.Scalar(first) else {
      throw error("invalid escape \\u\(hex(first))", at: start)
    }
    return scalar
  }

  func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }

  mutating func parseHex4(escapeStart: Int) throws(JSONParseError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard index < bytes.count, let digit = hexDigit(bytes[index]) else {
        throw error("invalid \\u escape; expected four hexadecimal digits", at: escapeStart)
      }
      value = value << 4 | digit
      index += 1
    }
    return value
  }

  func hexDigit(_ byte: UInt8) -> UInt32? {
    switch byte {
    case 0x30...0x39: return UInt32(byte - 0x30)
    case 0x41...0x46: return UInt32(byte - 0x41 + 10)
    case 0x61...0x66: return UInt32(byte - 0x61 + 10)
    default: return nil
    }
  }

  /// Decodes one multi-byte UTF-8 sequence, rejecting overlong forms,
  /// surrogates and values above U+10FFFF.
  mutating func parseMultibyte() throws(JSONParseError) -> Unicode.Scalar {
    let start = index
    let lead = bytes[index]
    let length: Int
    var value: UInt32
    let minimum: UInt32
    switch lead {
    case 0xC2...0xDF:
      length = 2
      value = UInt32(lead & 0x1F)
      minimum = 0x80
    case 0xE0...0xEF:
      length = 3
      value = UInt32(lead & 0x0F)
      minimum = 0x800
    case 0xF0...0xF4:
      length = 4
      value = UInt32(lead & 0x07)
      minimum = 0x10000
    default:
      throw error("invalid UTF-8 byte 0x\(String(lead, radix: 16, uppercase: true))")
    }
    guard index + length <= bytes.count else { throw error("truncated UTF-8 sequence") }
    for offset in 1..<length {
      let byte = bytes[index + offset]
      guard byte & 0xC0 == 0x80 else { throw error("invalid UTF-8 sequence", at: start) }
      value = value << 6 | UInt32(byte & 0x3F)
    }
    guard value >= minimum, let scalar = Unicode.Scalar(value) else {
      throw error("invalid UTF-8 sequence", at: start)
    }
    index += length
    return scalar
  }
}
