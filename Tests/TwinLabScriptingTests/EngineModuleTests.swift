import Foundation
import Synchronization
import Testing
import TwinLabLanguage
import TwinLabModel
import TwinLabScripting

private let stdlib = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("stdlib").path

private let lab = """
  lab "Script" {
    horizon 6h
    warmup 1h
    device bench { count 1; time exponential(mean: 4min) }
    process flow {
      arrivals { every exponential(mean: 5min) }
      step work on bench
    }
  }
  whatif "two benches" { bench.count = 2 }
  experiment "pair" {
    replications 3
    variants baseline, "two benches"
    measure throughput, utilization
  }

  """

/// Collects printed lines from the interpreter.
private final class Lines: Sendable {
  let lines = Mutex<[String]>([])
  func append(_ line: String) { lines.withLock { $0.append(line) } }
  var all: [String] { lines.withLock { $0 } }
}

/// Runs `script` after the lab and returns the printed lines or the first error.
private func run(_ script: String) -> (lines: [String], error: String?) {
  let lines = Lines()
  let host = InterpreterHost.combining([EngineModule()], output: { lines.append($0) })
  let interpreter = Interpreter(stdlibPath: stdlib, host: host)
  // Whatif and experiment blocks are resolved at the end of a chunk, so the
  // lab goes in first, as in a REPL session.
  _ = interpreter.evaluate(lab, path: "lab.lab")
  let result = interpreter.evaluate(script, path: "script.lab")
  let error = result.diagnostics.first { $0.severity == .error }?.message
  return (lines.all, error)
}

@Suite struct EngineModuleTests {
  @Test func simulateReturnsKPIRecord() {
    let result = run(
      """
      let r = simulate(lab, horizon: 6h, seed: 3, replications: 2)
      print(r.replications)
      print(r.throughput > 0)
      print(r.utilization.bench > 0%)
      print(r.intervals.throughput.low <= r.throughput)
      print(r.bottleneck)
      """)
    #expect(result.error == nil, "\(result.error ?? "")")
    #expect(result.lines == ["2", "true", "true", "true", "bench"])
  }

  @Test func scriptLoopsOverVariants() {
    let result = run(
      """
      let base = simulate(lab, seed: 3)
      for n in 1...3 {
        let r = simulate(lab, seed: 3, set: { "bench.count": n })
        print(n == 1 and r.throughput == base.throughput)
      }
      let w = simulate(lab, seed: 3, whatif: "two benches")
      let s = simulate(lab, seed: 3, set: { "bench.count": 2 })
      print(w.utilization.bench == s.utilization.bench)
      """)
    #expect(result.error == nil, "\(result.error ?? "")")
    #expect(result.lines == ["true", "false", "false", "true"])
  }

  @Test func experimentRunsDeclaredAndRecordForms() {
    let result = run(
      """
      let e = experiment("pair")
      print(e.replications)
      print(len(e.variants))
      print(e.variants[1].name)
      print(e.variants[1].difference.utilization.bench.significant)
      let g = experiment({ variants: ["baseline"], sweep: { "bench.count": [1, 2] }, replications: 2 })
      print(g.variants[2].name)
      """)
    #expect(result.error == nil, "\(result.error ?? "")")
    #expect(result.lines == ["3", "2", "two benches", "true", "bench.count=2"])
  }

  @Test(arguments: [
    ("simulate(lab, speed: 2)", "takes no argument 'speed'"),
    ("simulate(lab, set: { \"bench.count\": -1 })", "bench.count must be a whole number"),
    ("simulate(lab, set: { \"bensh.count\": 2 })", "did you mean 'bench'?"),
    ("simulate(lab, whatif: \"three\")", "unknown whatif 'three'"),
    ("experiment(\"nope\")", "unknown experiment 'nope'"),
    ("experiment({ replications: 1 })", "needs at least 2"),
  ])
  func badCallsReportErrors(_ call: String, _ fragment: String) {
    let result = run(call)
    #expect(result.error?.contains(fragment) == true, "\(result.error ?? "no error")")
  }
}
