import Testing
import TwinLabModel

@testable import TwinLabLanguage

@Suite struct LexerTests {
  static func kinds(_ source: String) -> [TokenKind] {
    var lexer = Lexer(source: source, file: "t")
    return lexer.tokenize().tokens.map(\.kind).filter { $0 != .end }
  }

  @Test(arguments: [
    ("12", TokenKind.number(12)),
    ("0.5", .number(0.5)),
    ("1_000", .number(1000)),
    ("45%", .percent(0.45)),
    ("90s", .duration(90)),
    ("250ms", .duration(0.25)),
    ("1.5h", .duration(5400)),
    ("5d", .duration(432_000)),
    ("2w", .duration(1_209_600)),
    ("3min", .duration(180)),
    ("07:00", .clock(25_200)),
    ("23:30", .clock(84_600)),
    ("60/h", .rate(60.0 / 3600)),
    ("10/min", .rate(10.0 / 60)),
    ("tech_2", .identifier("tech_2")),
    ("...", .symbol("...")),
    ("??", .symbol("??")),
  ])
  func literalLexesToToken(source: String, expected: TokenKind) {
    #expect(Self.kinds(source) == [expected])
  }

  @Test(arguments: [
    (#""a\"b""#, [StringPart.text("a\"b")]),
    (#""a\\b""#, [.text("a\\b")]),
    (#""x\ny\tz""#, [.text("x\ny\tz")]),
    (#""""#, [.text("")]),
    (
      #""id-\(i)!""#,
      [.text("id-"), .code("i", SourceLocation(file: "t", line: 1, column: 7)), .text("!")]
    ),
    (#""\(f("a)"))""#, [.code(#"f("a)")"#, SourceLocation(file: "t", line: 1, column: 4))]),
  ])
  func stringLexesEscapesAndInterpolation(source: String, expected: [StringPart]) {
    #expect(Self.kinds(source) == [.string(expected)])
  }

  @Test func commentsAndNewlinesSeparateStatements() {
    let kinds = Self.kinds("a # comment\n\n b; c")
    #expect(
      kinds == [.identifier("a"), .newline, .identifier("b"), .symbol(";"), .identifier("c")])
  }

  @Test func newlinesInsideBracketsAreContinuation() {
    let kinds = Self.kinds("f(1,\n 2)\n[3,\n4]")
    #expect(!kinds.dropLast(7).contains(.newline))
    #expect(kinds.filter { $0 == .newline }.count == 1)
  }

  @Test func rangeLexesAsNumbersAndDots() {
    #expect(Self.kinds("1...4") == [.number(1), .symbol("..."), .number(4)])
  }

  @Test(arguments: [
    ("5mins", "unknown unit 'mins'", "min"),
    ("3hours", "unknown unit 'hours'", "h"),
    ("2x", "unknown unit 'x'; units are ms, s, min, h, d and w", nil),
  ])
  func unknownUnitIsDiagnosed(source: String, message: String, suggestion: String?) {
    var lexer = Lexer(source: source, file: "t")
    let diagnostics = lexer.tokenize().diagnostics
    #expect(diagnostics.map(\.message) == [message])
    #expect(diagnostics.first?.suggestion == suggestion)
    #expect(diagnostics.first?.location?.column == 2)
  }

  @Test func invalidUTF8IsDiagnosed() {
    var lexer = Lexer(bytes: Array("let a = ".utf8) + [0xFF, 0xC3] + Array(" 1".utf8), file: "t")
    let diagnostics = lexer.tokenize().diagnostics
    #expect(diagnostics.count == 2)
    #expect(diagnostics.first?.message.contains("invalid UTF-8 byte 0xFF") == true)
    #expect(diagnostics.first?.location?.column == 9)
  }

  @Test func nulByteIsDiagnosed() {
    var lexer = Lexer(bytes: Array("a\0b \"x\0\" # \0".utf8), file: "t")
    let diagnostics = lexer.tokenize().diagnostics
    #expect(diagnostics.count == 3)
    #expect(diagnostics.allSatisfy { $0.message.contains("NUL byte") })
  }

  @Test func columnsCountUnicodeScalars() {
    var lexer = Lexer(source: "\"äö\" x", file: "t")
    let tokens = lexer.tokenize().tokens
    #expect(tokens[1].span.start.column == 6)
  }

  @Test(arguments: ["\"abc", "f(1,", "lab \"x\" {", "[1, 2", "\"a \\(b"])
  func openInputIsIncomplete(source: String) {
    #expect(Interpreter.isIncomplete(source))
  }

  @Test(arguments: ["f(1)", "\"abc\"", "let x = [1]", "\"a\" \n"])
  func closedInputIsComplete(source: String) {
    #expect(!Interpreter.isIncomplete(source))
  }
}
