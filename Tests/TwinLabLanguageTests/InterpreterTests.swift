import Foundation
import Testing
import TwinLabModel

@testable import TwinLabLanguage

@Suite struct InterpreterTests {
  @Test func statePersistsBetweenChunks() {
    let interpreter = Interpreter(stdlibPath: stdlibFolder)
    _ = interpreter.evaluate("let a = 2")
    _ = interpreter.evaluate("let a = a + 1")
    #expect(interpreter.evaluate("a * 2min").values == [.duration(360)])
    #expect(interpreter.namesInScope.contains("a"))
    #expect(interpreter.namesInScope.contains("exponential"))
  }

  @Test func incompleteChunkIsNotEvaluated() {
    let interpreter = Interpreter(stdlibPath: stdlibFolder)
    let result = interpreter.evaluate("fn f(x) {\n  return x")
    #expect(result.isIncomplete)
    #expect(result.diagnostics.isEmpty)
    #expect(interpreter.evaluate("fn f(x) {\n  return x\n}\nf(4)").values == [.number(4)])
  }

  @Test func labDeclarationSetsScenario() {
    let interpreter = Interpreter(stdlibPath: stdlibFolder)
    #expect(interpreter.scenario == nil)
    _ = interpreter.evaluate(lab())
    #expect(interpreter.scenario?.devices.map(\.name) == ["bench"])
    _ = interpreter.evaluate("whatif \"more\" { bench.count = 2 }")
    _ = interpreter.evaluate("whatif \"less\" { bench.count = 0 }")
    #expect(interpreter.scenario?.whatifs.map(\.name) == ["more", "less"])
  }

  @Test(arguments: [
    "for i in 1...9000000 { let x = i }",
    "let n = 0\nfor i in [1, 2, 3, 4, 5, 6] { n = n + 1 }",
    "fn down(n) {\n  if n == 0 { return 0 }\n  return down(n - 1)\n}\ndown(150)",
  ])
  func stopCheckInterruptsLoopsAndCalls(source: String) {
    let interpreter = Interpreter(stdlibPath: stdlibFolder)
    let checks = Counter()
    interpreter.shouldStop = { checks.increment() > 3 }

    let result = interpreter.evaluate(source)

    #expect(result.diagnostics.map(\.message) == ["interrupted"])
    #expect(checks.value == 4)
    interpreter.shouldStop = nil
    #expect(interpreter.evaluate("1 + 1").values == [.number(2)])
  }

  @Test func errorsDoNotEndSession() {
    let interpreter = Interpreter(stdlibPath: stdlibFolder)
    #expect(!interpreter.evaluate("1 + \"a\"").diagnostics.isEmpty)
    #expect(interpreter.evaluate("1 + 1").values == [.number(2)])
  }
}

/// A thread-safe counter for the stop check, which the interpreter may call from its own thread.
private final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0

  var value: Int { lock.withLock { count } }

  /// Adds one and returns the new count.
  func increment() -> Int {
    lock.withLock {
      count += 1
      return count
    }
  }
}
