import TwinLabModel

extension Lexer {
  /// Scans a number and its suffix: `%`, a time unit, `/unit` for a rate, or
  /// `:MM` for a clock time.
  mutating func scanNumber() {
    let start = location
    var text = scanDigits()
    var isInteger = true
    if peek() == UInt8(ascii: "."), isDigit(peek(1)) {
      advance()
      text += "." + scanDigits()
      isInteger = false
    }
    guard let value = Double(text), value.isFinite else {
      error("number '\(text)' is too large", at: start, length: text.count)
      add(.number(0), from: start)
      return
    }

    if isInteger, peek() == UInt8(ascii: ":"), isDigit(peek(1)), isDigit(peek(2)),
      !isDigit(peek(3))
    {
      advance()
      let minutes = Double(scanDigits()) ?? 0
      if value > 24 || minutes > 59 || (value == 24 && minutes > 0) {
        error(
          "invalid clock time '\(text):\(Int(minutes))'; hours run 00-24 and minutes 00-59",
          at: start, length: column - start.column)
      }
      add(.clock(value * 3600 + minutes * 60), from: start)
      return
    }

    switch peek() {
    case UInt8(ascii: "%"):
      advance()
      add(.percent(value / 100), from: start)
    case let next? where isWordByte(next):
      let unitStart = location
      let unit = scanWord()
      if let seconds = durationUnits.first(where: { $0.name == unit })?.seconds {
        guard (value * seconds).isFinite else {
          error("duration '\(text)\(unit)' is too large", at: start, length: column - start.column)
          add(.duration(0), from: start)
          return
        }
        add(.duration(value * seconds), from: start)
      } else {
        let suggestion = unitSuggestion(for: unit)
        error(
          "unknown unit '\(unit)'"
            + (suggestion == nil ? "; units are ms, s, min, h, d and w" : ""),
          at: unitStart, length: unit.count, suggestion: suggestion)
        add(.number(value), from: start)
      }
    case UInt8(ascii: "/") where peek(1).map(isWordByte) ?? false:
      scanRate(value, from: start)
    default:
      add(.number(value), from: start)
    }
  }

  /// Scans `/unit` after a number; `60/h` is 60 events per hour.
  mutating func scanRate(_ value: Double, from start: SourceLocation) {
    let saved = (index, line, column)
    advance()
    let unit = scanWord()
    if let seconds = durationUnits.first(where: { $0.name == unit })?.seconds {
      add(.rate(value / seconds), from: start)
      return
    }
    // Not a unit: the slash is a division by a name, as in `60/n`.
    (index, line, column) = saved
    add(.number(value), from: start)
  }

  mutating func scanDigits() -> String {
    var text = ""
    while let next = peek(), isDigit(next) || next == UInt8(ascii: "_") {
      if next != UInt8(ascii: "_") { text.unicodeScalars.append(Unicode.Scalar(next)) }
      advance()
    }
    return text
  }

  /// Scans a string literal with escapes and `\(expr)` interpolation.
  mutating func scanString() {
    let start = location
    advance()
    var parts: [StringPart] = []
    var buffer: [UInt8] = []
    while true {
      guard let byte = peek() else {
        endsIncomplete = true
        error("unterminated string; add the closing '\"'", at: start)
        break
      }
      if byte == UInt8(ascii: "\"") {
        advance()
        break
      }
      if byte == 0x0A {
        error("unterminated string; add the closing '\"' before the end of the line", at: start)
        break
      }
      if byte == 0 {
        error("NUL byte in a string; remove it", at: location)
        advance()
        continue
      }
      if byte >= 0x80 {
        let begin = index
        if skipScalar() { buffer += bytes[begin..<index] }
        continue
      }
      if byte != UInt8(ascii: "\\") {
        buffer.append(byte)
        advance()
        continue
      }
      let escapeStart = location
      advance()
      guard let escaped = peek() else { continue }
      switch escaped {
      case UInt8(ascii: "n"): buffer.append(0x0A)
      case UInt8(ascii: "t"): buffer.append(0x09)
      case UInt8(ascii: "\""), UInt8(ascii: "\\"): buffer.append(escaped)
      case UInt8(ascii: "("):
        advance()
        if !buffer.isEmpty {
          parts.append(.text(String(decoding: buffer, as: UTF8.self)))
          buffer = []
        }
        if let code = scanInterpolation(from: escapeStart) { parts.append(code) }
        continue
      default:
        let text = String(decoding: [escaped], as: UTF8.self)
        error(
          "unknown escape '\\\(text)'; use \\\", \\\\, \\n, \\t or \\(expression)",
          at: escapeStart, length: 2)
      }
      if peek() == 0x0A { continue }
      advance()
    }
    if !buffer.isEmpty || parts.isEmpty {
      parts.append(.text(String(decoding: buffer, as: UTF8.self)))
    }
    add(.string(parts), from: start)
  }

  /// Scans the code of `\(...)` up to its closing parenthesis.
  mutating func scanInterpolation(from escapeStart: SourceLocation) -> StringPart? {
    let codeStart = location
    let begin = index
    var depth = 1
    var inString = false
    while let byte = peek() {
      if byte == 0x0A { break }
      if inString {
        if byte == UInt8(ascii: "\\") {
          advance()
          if peek() != nil && peek() != 0x0A { advance() }
          continue
        }
        if byte == UInt8(ascii: "\"") { inString = false }
      } else if byte == UInt8(ascii: "\"") {
        inString = true
      } else if byte == UInt8(ascii: "(") {
        depth += 1
      } else if byte == UInt8(ascii: ")") {
        depth -= 1
        if depth == 0 {
          let code = String(decoding: bytes[begin..<index], as: UTF8.self)
          advance()
          return .code(code, codeStart)
        }
      }
      if byte >= 0x80 {
        skipScalar()
      } else {
        advance()
      }
    }
    if peek() == nil { endsIncomplete = true }
    error("unterminated interpolation; add the closing ')'", at: escapeStart, length: 2)
    return nil
  }
}

/// Returns the unit a misspelt unit most likely means: `mins` is `min`, `hr` is `h`.
func unitSuggestion(for word: String) -> String? {
  let names = durationUnits.map(\.name)
  if word.hasSuffix("s"), names.contains(String(word.dropLast())) { return String(word.dropLast()) }
  let aliases = [
    "sec": "s", "secs": "s", "second": "s", "seconds": "s", "minute": "min", "minutes": "min",
    "hr": "h", "hrs": "h", "hour": "h", "hours": "h", "day": "d", "days": "d", "week": "w",
    "weeks": "w", "m": "min",
  ]
  if let alias = aliases[word] { return alias }
  return word.count >= 2 ? nearestName(to: word, among: names) : nil
}
