import Testing
import TwinLabModel

@Suite struct JSONParsingTests {
  @Test(arguments: [
    ("null", JSONValue.null),
    ("true", .bool(true)),
    (" false ", .bool(false)),
    ("-0.5e2", .number(-50)),
    ("0", .number(0)),
    ("\"a\\u00e9\\n\"", .string("a\u{e9}\n")),
    ("\"\\ud83d\\ude00\"", .string("\u{1F600}")),
    ("[1, [2], {}]", .array([.number(1), .array([.number(2)]), .object([:])])),
    ("{\"b\": 1, \"a\": [true]}", .object(["b": .number(1), "a": .array([.bool(true)])])),
  ])
  func validTextParses(text: String, expected: JSONValue) throws {
    #expect(try JSONValue(parsing: text) == expected)
  }

  @Test(arguments: [
    ("[1, 2,]", 1, 7),
    ("{\"a\": 1,}", 1, 9),
    ("// comment\n1", 1, 1),
    ("{\"a\": 1, \"a\": 2}", 1, 10),
    ("\"\\ud800\"", 1, 2),
    ("\"\\udc00\"", 1, 2),
    ("01", 1, 1),
    ("[1]\n  x", 2, 3),
    ("\"tab\there\"", 1, 5),
    ("{\"a\" 1}", 1, 6),
    ("1e999", 1, 1),
    ("", 1, 1),
    ("[", 1, 2),
    ("nul", 1, 1),
    ("'a'", 1, 1),
  ])
  func invalidTextFailsWithPlace(text: String, line: Int, column: Int) {
    #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    do {
      _ = try JSONValue(parsing: text)
    } catch {
      #expect(error.line == line, "\(error)")
      #expect(error.column == column, "\(error)")
    }
  }

  @Test func keyOrderIsKept() throws {
    let value = try JSONValue(parsing: "{\"z\": 1, \"a\": 2, \"m\": 3}")
    guard case .object(let object) = value else {
      Issue.record("expected an object, got \(value)")
      return
    }
    #expect(object.keys == ["z", "a", "m"])
  }

  @Test func deepNestingFailsWithoutCrash() {
    let depth = JSONValue.maximumParsingDepth + 1
    let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    let allowed = JSONValue.maximumParsingDepth
    let shallow = String(repeating: "[", count: allowed) + String(repeating: "]", count: allowed)
    #expect(throws: Never.self) { try JSONValue(parsing: shallow) }
  }

  @Test func invalidUTF8BytesFail() {
    #expect(throws: JSONParseError.self) { try JSONValue(parsing: [0x22, 0xC0, 0xAF, 0x22]) }
    #expect(throws: JSONParseError.self) { try JSONValue(parsing: [0x22, 0xED, 0xA0, 0x80, 0x22]) }
  }

  @Test func byteOrderMarkIsSkipped() throws {
    #expect(try JSONValue(parsing: [0xEF, 0xBB, 0xBF, 0x31]) == .number(1))
  }
}
