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

  @Test func errorsDoNotEndSession() {
    let interpreter = Interpreter(stdlibPath: stdlibFolder)
    #expect(!interpreter.evaluate("1 + \"a\"").diagnostics.isEmpty)
    #expect(interpreter.evaluate("1 + 1").values == [.number(2)])
  }
}
