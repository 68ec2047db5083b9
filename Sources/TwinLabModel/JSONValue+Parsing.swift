/// A JSON text that is not valid RFC 8259 JSON, with the place of the first fault.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Line of the fault, counting from 1.
  public var line: Int
  /// Column of the fault in bytes of UTF-8, counting from 1.
  public var column: Int
  /// A description of the fault: the expected input and the input found.
  public var message: String

  public init(line: Int, column: Int, message: String) {
    self.line = line
    self.column = column
    self.message = message
  }

  public var description: String { "line \(line), column \(column): \(message)" }
}

extension JSONValue {
  /// The deepest nesting of arrays and objects the parser accepts; deeper input
  /// is an error, so that hostile input cannot overflow the stack.
  public static let maximumParsingDepth = 512

  /// Parses strict RFC 8259 JSON text: no comments, no trailing commas, no
  /// duplicate keys in one object, no lone surrogates in `\u` escapes.
  public init(parsing text: String) throws(JSONParseError) {
    self = try JSONValue(parsing: Array(text.utf8))
  }

  /// Parses strict RFC 8259 JSON from UTF-8 bytes; a leading byte-order mark is
  /// skipped, and invalid UTF-8 is an error.
  public init(parsing bytes: [UInt8]) throws(JSONParseError) {
    var parser = JSONTextParser(bytes: bytes)
    self = try parser.parseDocument()
  }
}
