import Testing
import TwinLabModel

@testable import TwinLabLanguage

@Suite struct EvaluatorTests {
  @Test(arguments: [
    ("1 + 2 * 3", "7"),
    ("7 % 4", "3"),
    ("10 / 4", "2.5"),
    ("-(3)", "-3"),
    ("45%", "45%"),
    ("45% + 5%", "50%"),
    ("50% * 10", "5"),
    ("90s", "90s"),
    ("1.5h", "90min"),
    ("5min + 30s", "330s"),
    ("2 * 5min", "10min"),
    ("5min * 2", "10min"),
    ("1h / 4", "15min"),
    ("1h / 15min", "4"),
    ("1h % 25min", "10min"),
    ("1 / 60/h", "1min"),
    ("6 / 1h", "6/h"),
    ("2 * 30/h", "1/min"),
    ("60/h * 2h", "120"),
    ("60/h / 30/h", "2"),
    ("07:00 + 90min", "08:30"),
    ("23:00 + 2h", "01:00"),
    ("15:30 - 07:00", "510min"),
    ("07:00 - 30min", "06:30"),
    ("\"a\" + \"b\"", "\"ab\""),
    ("\"n=\\(1 + 2)\"", "\"n=3\""),
    ("\"\\(5min) and \\(07:00) and \\(45%)\"", "\"5min and 07:00 and 45%\""),
    ("[1, 2] + [3]", "[1, 2, 3]"),
    ("{ a: 1, b: \"x\" }", "{ a: 1, b: \"x\" }"),
    ("{ a: 1 }.a", "1"),
    ("[10, 20, 30][1]", "20"),
    ("1...4", "1...4"),
    ("true and false", "false"),
    ("true or undefined_is_not_evaluated", "true"),
    ("not true", "false"),
    ("none ?? 3", "3"),
    ("2 ?? 3", "2"),
    ("1 < 2", "true"),
    ("5min >= 300s", "true"),
    ("\"a\" < \"b\"", "true"),
    ("[1, 2] == [1, 2]", "true"),
    ("none == none", "true"),
    ("len([1, 2, 3])", "3"),
    ("len(\"abc\")", "3"),
    ("len(1...4)", "4"),
    ("min(3, 1, 2)", "1"),
    ("max([5min, 1h])", "1h"),
    ("sum([1, 2, 3])", "6"),
    ("sum([1min, 2min])", "3min"),
    ("mean([1, 2, 3, 4])", "2.5"),
    ("mean(triangular(3min, 4min, 5min))", "4min"),
    ("round(2.567, 2)", "2.57"),
    ("round(2.5)", "3"),
    ("json({ a: [1, true, none], b: \"x\" })", "\"{\\\"a\\\":[1,true,null],\\\"b\\\":\\\"x\\\"}\""),
    ("env(\"TWINLAB_SURELY_UNSET_VARIABLE\")", "none"),
    ("env(\"TWINLAB_SURELY_UNSET_VARIABLE\") ?? \"mock\"", "\"mock\""),
    ("string(5min)", "\"5min\""),
  ])
  func expressionEvaluates(source: String, expected: String) {
    #expect(show(source) == expected)
  }

  @Test(arguments: [
    ("exponential(mean: 6min)", "exponential(mean: 6min)"),
    ("exponential(rate: 10/h)", "exponential(mean: 6min)"),
    ("exponential(10/h)", "exponential(mean: 6min)"),
    ("uniform(30min, 2h)", "uniform(30min, 2h)"),
    ("triangular(3min, 4min, 6min)", "triangular(3min, 4min, 6min)"),
    ("normal(480, 15)", "normal(480, 15)"),
    ("lognormal(mean: 10min, sd: 2min)", "lognormal(10min, 2min)"),
    ("gamma(2, 5min)", "gamma(2, 5min)"),
    ("weibull(1.5, 1h)", "weibull(1.5, 1h)"),
    ("erlang(3, 9min)", "erlang(3, 9min)"),
    ("empirical([1min, 2min])", "empirical([1min, 2min])"),
    ("choice(O: 45%, A: 40%, B: 11%, AB: 4%)", "choice(O: 45%, A: 40%, B: 11%, AB: 4%)"),
  ])
  func distributionEvaluates(source: String, expected: String) {
    #expect(show(source) == expected)
  }

  @Test(arguments: [
    ("5min + 3", "cannot apply '+' to duration and number"),
    ("07:00 + 07:00", "cannot apply '+' to clock time and clock time"),
    ("\"a\" * 2", "cannot apply '*' to string and number"),
    ("1 < \"a\"", "cannot compare number and string with '<'"),
    ("1 / 0", "'/' gives no finite result (division by zero or overflow)"),
    (
      "for i in 1...100_000_000_000 { }",
      "range 1...100000000000 is too long; a range holds at most 10000000 values"
    ),
    ("1e300", "unknown unit 'e300'; units are ms, s, min, h, d and w"),
    ("-\"a\"", "operator '-' cannot take a string"),
    ("choice(O: 45%, A: 40%)", "choice weights sum to 85%, not 100%"),
    ("choice(O: 60%, A: 60%)", "choice weights sum to 120%, not 100%"),
    ("exponential(mean: 0s)", "exponential 'mean' must be positive, found 0"),
    ("uniform(2h, 30min)", "uniform needs a <= b, found a greater than b"),
    ("triangular(3min, 8min, 6min)", "triangular needs min <= mode <= max"),
    (
      "uniform(1min, 2)",
      "uniform mixes a duration and a number; give every parameter the same unit"
    ),
    ("normal(-5min, 1min)", "normal 'mean' must not be negative, found -5min"),
    ("erlang(2.5, 1h)", "erlang 'k' must be a whole number from 1 to 1000"),
    (
      "gamma(shape: 2, scal: 1h)",
      "gamma has no parameter 'scal'; its parameters are shape, scale; did you mean 'scale'?"
    ),
    ("undefined_name", "undefined name 'undefined_name'"),
    ("lenn([1])", "undefined name 'lenn'; did you mean 'len'?"),
    ("{ a: 1 }.b", "record has no field 'b'; did you mean 'a'?"),
    ("[1][3]", "index 3 is out of range for a list of 1 elements"),
    (
      "simulate(1)",
      "'simulate' is not available here: only the REPL provides it; run the script with "
        + "'twinlab repl FILE < /dev/null'"
    ),
    (
      "twins.connect(\"mock\")",
      "the twins module is not available here: only the REPL provides it; run the script with "
        + "'twinlab repl FILE < /dev/null'"
    ),
    ("twins.conect", "the twins module has no operation 'conect'; did you mean 'connect'?"),
    ("now", "'now' is only available in an attribute rule of a process"),
  ])
  func badExpressionNamesTheProblem(source: String, expected: String) {
    #expect(show(source) == "error: " + expected)
  }

  @Test func closuresCaptureTheirScope() {
    let interpreter = Interpreter(stdlibPath: stdlibFolder)
    let result = interpreter.evaluate(
      """
      fn counter() {
        let n = 0
        fn next() { n = n + 1; return n }
        return next
      }
      let c = counter()
      c(); c()
      c()
      """)
    #expect(result.diagnostics.isEmpty)
    #expect(result.values.map(\.description) == ["1", "2", "3"])
  }

  @Test func controlFlowRunsLoopsAndBranches() {
    let interpreter = Interpreter(stdlibPath: stdlibFolder)
    let result = interpreter.evaluate(
      """
      let total = 0
      for i in 1...4 { if i % 2 == 0 { total = total + i } else { total = total - 1 } }
      for x in [10, 20] { total = total + x }
      let r = { a: 1 }
      r.a = 5
      let l = [1, 2]
      l[1] = 7
      total
      r.a + l[1]
      """)
    #expect(result.diagnostics.isEmpty)
    #expect(result.values.map(\.description) == ["34", "12"])
  }

  @Test func printGoesThroughTheHost() {
    final class Lines: @unchecked Sendable { var items: [String] = [] }
    let lines = Lines()
    let interpreter = Interpreter(
      stdlibPath: stdlibFolder, host: InterpreterHost(output: { lines.items.append($0) }))
    _ = interpreter.evaluate("print(\"a\", 5min, [1])\nprint()")
    #expect(lines.items == ["a 5min [1]", ""])
  }

  @Test func hostOperationReceivesArguments() {
    let interpreter = Interpreter(
      stdlibPath: stdlibFolder,
      host: InterpreterHost(operations: ["simulate"]) { name, arguments, scenario in
        .string("\(name) \(arguments.map { $0.label ?? "_" }) \(scenario?.name ?? "-")")
      })
    let result = interpreter.evaluate(lab() + "\nsimulate(lab, horizon: 2d)")
    #expect(result.diagnostics.isEmpty)
    #expect(result.values.last == .string("simulate [\"_\", \"horizon\"] Test"))
  }

  @Test func runtimeErrorShowsCallChain() throws {
    let result = load("fn inner(x) { return x + \"a\" }\nfn outer() { return inner(1) }\nouter()\n")
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.message == "cannot apply '+' to number and string")
    #expect(diagnostic.location?.line == 1)
    #expect(
      diagnostic.notes == [
        "in 'inner' called at test.lab:2:21", "in 'outer' called at test.lab:3:1",
      ])
  }

  @Test func unparsableLetAddsNoLaterErrors() {
    let found = messages(load("let a = 5 min\nlet b = a\n"))
    #expect(found == ["a unit follows its number without a space, as in 5min"], "\(found)")
  }

  @Test func deepRecursionIsAnError() throws {
    let result = load("fn f(n) { return f(n + 1) }\nf(0)\n")
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.message.contains("recursion deeper than 200 calls"))
  }

  @Test func deepRecursionNotesAreCollapsed() throws {
    let result = load("fn f(n) { return f(n + 1) }\nf(0)\n")
    let diagnostic = try #require(result.diagnostics.first)
    let notes = diagnostic.notes
    #expect(notes.count == 3, "\(notes)")
    #expect(notes.first == "in 'f' called at test.lab:1:18")
    #expect(notes.dropFirst().first?.hasPrefix("... ") == true)
    #expect(notes.dropFirst().first?.hasSuffix("more calls to 'f' from the same place") == true)
    #expect(notes.last == "in 'f' called at test.lab:2:1")
  }

  @Test func assertFailureShowsMessage() {
    #expect(messages(load("assert 1 > 2, \"one is \\(1)\"")) == ["assertion failed: one is 1"])
    #expect(messages(load("assert 2 > 1")).isEmpty)
  }

  @Test func duplicateLetIsAnError() {
    #expect(
      messages(load("let a = 1\nlet a = 2")) == [
        "'a' is already defined in this scope; assign with 'a = ...'"
      ])
  }

  @Test func failedLetDoesNotCascade() {
    let result = load("let a = 5min + 1\nlet b = a * 2\nprint(b)")
    #expect(messages(result).count == 1)
  }

  @Test func hugeLiteralsAreRejected() {
    let digits = "1" + String(repeating: "0", count: 309)
    #expect(show(digits) == "error: number '\(digits)' is too large")
    let weeks = "1" + String(repeating: "0", count: 305)
    #expect(show("07:00 + \(weeks)w") == "error: duration '\(weeks)w' is too large")
  }
}
