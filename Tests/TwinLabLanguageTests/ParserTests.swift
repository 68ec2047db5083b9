import Testing
import TwinLabModel

@testable import TwinLabLanguage

/// Renders an expression tree compactly, for comparing parses.
func tree(_ expression: Expression) -> String {
  switch expression.kind {
  case .number(let value): Value.format(value)
  case .percent(let value): Value.format(value * 100) + "%"
  case .duration(let value): Value.format(duration: value)
  case .clock(let value): Value.format(clock: value)
  case .rate(let value): Value.format(rate: value)
  case .string(let parts):
    "\""
      + parts.map { part in
        switch part {
        case .text(let text): text
        case .expression(let inner): "\\(" + tree(inner) + ")"
        }
      }.joined() + "\""
  case .bool(let flag): "\(flag)"
  case .none: "none"
  case .now: "now"
  case .invalid: "<invalid>"
  case .name(let name): name
  case .list(let elements): "[" + elements.map(tree).joined(separator: " ") + "]"
  case .record(let fields):
    "{" + fields.map { "\($0.key):" + tree($0.value) }.joined(separator: " ") + "}"
  case .range(let low, let high): "(... \(tree(low)) \(tree(high)))"
  case .unary(let op, let operand): "(\(op) \(tree(operand)))"
  case .binary(let op, let left, let right): "(\(op) \(tree(left)) \(tree(right)))"
  case .member(let base, let name): "(. \(tree(base)) \(name))"
  case .index(let base, let index): "([] \(tree(base)) \(tree(index)))"
  case .call(let callee, let arguments):
    "(call \(tree(callee))"
      + arguments.map { " " + ($0.label.map { "\($0):" } ?? "") + tree($0.value) }.joined() + ")"
  }
}

@Suite struct ParserTests {
  static func parseExpression(_ source: String) -> String {
    let result = Parser.parse(source)
    guard result.diagnostics.isEmpty, result.statements.count == 1,
      case .expression(let expression) = result.statements[0].kind
    else { return "error: " + result.diagnostics.map(\.message).joined(separator: " | ") }
    return tree(expression)
  }

  @Test(arguments: [
    ("1 + 2 * 3", "(+ 1 (* 2 3))"),
    ("(1 + 2) * 3", "(* (+ 1 2) 3)"),
    ("1 - 2 - 3", "(- (- 1 2) 3)"),
    ("-x * 2", "(* (- x) 2)"),
    ("not a and b or c", "(or (and (not a) b) c)"),
    ("a && b || !c", "(or (and a b) (not c))"),
    ("a ?? b ?? c", "(?? a (?? b c))"),
    ("1 / 60/h", "(/ 1 1/min)"),
    ("1...4", "(... 1 4)"),
    ("a == b + c", "(== a (+ b c))"),
    ("f(1, mean: 6min)", "(call f 1 mean:6min)"),
    ("twins.create(id)[0].name", "(. ([] (call (. twins create) id) 0) name)"),
    ("[1, [2, 3]]", "[1 [2 3]]"),
    ("{ a: 1, \"b c\": 2 }", "{a:1 b c:2}"),
    ("\"n=\\(n + 1)\"", "\"n=\\((+ n 1))\""),
    ("choice(O: 45%, A: 55%)", "(call choice O:45% A:55%)"),
    ("now - uniform(2h, 18h)", "(- now (call uniform 2h 18h))"),
    ("07:00 - 15:30", "(- 07:00 15:30)"),
  ])
  func expressionParsesWithPrecedence(source: String, expected: String) {
    #expect(Self.parseExpression(source) == expected)
  }

  @Test(arguments: [
    ("let x = 1", 1),
    ("fn f(a, b) { return a + b }", 1),
    ("if x { y } else if z { w } else { v }", 1),
    ("for i in 1...3 { print(i) }", 1),
    ("assert x > 1, \"too small\"", 1),
    ("import \"platelet\" as p", 1),
    ("x = 1; y = 2", 2),
    ("r.a = 1\nl[0] = 2", 2),
    ("whatif \"w\" { a.count = 3 }", 1),
    ("experiment \"e\" { replications 3; variants baseline, \"w\"; sweep a.count in 1...4 }", 1),
    ("lab.devices", 1),
  ])
  func statementParsesCleanly(source: String, count: Int) {
    let result = Parser.parse(source)
    #expect(result.diagnostics.isEmpty)
    #expect(result.statements.count == count)
  }

  @Test func labBlockParsesEveryDeclaration() throws {
    let result = Parser.parse(
      lab(
        process:
          "step a on bench time 2min with tech queue 3\nhold at least 2h in rack\npool 2 by group on bench\nroute { 5%: scrap \"bad\"; 5%: goto a; else: next }\nexpire 5d"
      ))
    #expect(result.diagnostics.isEmpty)
    guard case .lab(let declaration) = try #require(result.statements.first).kind else {
      Issue.record("expected a lab")
      return
    }
    #expect(declaration.items.count == 5)
  }

  @Test func errorsRecoverAtStatementBoundaries() {
    let result = Parser.parse("let = 1\nlet b = )\nlet c = 3\nlet d = [1,, 2]\n")
    #expect(result.diagnostics.count == 3)
    #expect(result.diagnostics.map { $0.location?.line } == [1, 2, 4])
    // The named lets that failed stay as placeholders so their names are bound.
    #expect(result.statements.count == 3)
    #expect(result.statements.map { $0.span.start.line } == [2, 3, 4])
  }

  @Test func errorsInsideBlocksAreAllReported() {
    let result = Parser.parse(
      "lab \"x\" {\n  device a { count 1; colour 3 }\n  devise b { }\n  buffer c { capacity 1 2 }\n}\n"
    )
    #expect(result.diagnostics.count == 3)
    #expect(result.diagnostics.map { $0.location?.line } == [2, 3, 4])
    #expect(result.diagnostics[1].suggestion == "device")
  }

  @Test func deepNestingGivesDiagnostic() {
    let source = String(repeating: "(", count: 20_000) + "1" + String(repeating: ")", count: 20_000)
    let result = Parser.parse(source)
    #expect(result.diagnostics.count == 1)
    #expect(result.diagnostics.first?.message.contains("nesting deeper than 256") == true)
  }

  @Test func unclosedNestingIsIncomplete() {
    let result = Parser.parse(String(repeating: "[", count: 20_000))
    #expect(result.isIncomplete)
    #expect(!result.diagnostics.isEmpty)
  }

  @Test(arguments: [
    ("let s = \"abc", "unterminated string", 1, 9),
    ("fn f() {\n  return 1\n", "expected '}' to close the function body, found end of input", 3, 1),
    (
      "lab \"x\" {\n  device a { count 1 }\n",
      "expected '}' to close the lab block, found end of input", 3, 1
    ),
    ("let x = 5 mins", "unknown unit 'mins'", 1, 11),
    ("let x = 5 min", "a unit follows its number without a space, as in 5min", 1, 11),
    ("let x = (1 + 2", "expected ')' to close the parenthesis, found end of input", 1, 15),
  ])
  func badInputReportsPosition(source: String, message: String, line: Int, column: Int) throws {
    let result = Parser.parse(source)
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.message.hasPrefix(message))
    #expect(diagnostic.location?.line == line)
    #expect(diagnostic.location?.column == column)
  }
}
