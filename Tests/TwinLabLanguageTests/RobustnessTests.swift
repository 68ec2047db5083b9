import Foundation
import Testing
import TwinLabModel

@testable import TwinLabLanguage

/// A small deterministic generator (SplitMix64) so mutations repeat run to run.
struct SplitMix64 {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func below(_ bound: Int) -> Int {
    Int(next() % UInt64(max(1, bound)))
  }
}

@Suite struct RobustnessTests {
  static func tokens(of source: String) -> [String] {
    var lexer = Lexer(source: source, file: "m")
    let tokens = lexer.tokenize().tokens
    let utf8 = Array(source.utf8)
    var lines: [Int] = [0]
    for (offset, byte) in utf8.enumerated() where byte == 0x0A { lines.append(offset + 1) }
    // Token texts rebuilt from spans; every token here is on one line.
    return tokens.dropLast().map { token in
      let start = lines[token.span.start.line - 1] + token.span.start.column - 1
      let end = min(utf8.count, start + token.span.length)
      return String(decoding: utf8[max(0, min(start, end))..<end], as: UTF8.self)
    }
  }

  @Test func mutatedScenariosNeverCrash() throws {
    let path = packageRoot.appendingPathComponent("scenarios/platelet-lab.lab").path
    let source = try String(contentsOfFile: path, encoding: .utf8)
    let pieces = Self.tokens(of: source)
    var random = SplitMix64(state: 20_261_204)
    let loader = ScenarioLoader(stdlibPath: stdlibFolder)
    var withErrors = 0
    let rounds = 1000
    for round in 0..<rounds {
      var mutated = pieces
      for _ in 0..<(1 + random.below(3)) {
        let index = random.below(mutated.count)
        switch random.below(4) {
        case 0: mutated.remove(at: index)
        case 1: mutated.insert(mutated[index], at: index)
        case 2: mutated.swapAt(index, random.below(mutated.count))
        default: mutated = Array(mutated.prefix(index))
        }
        if mutated.isEmpty { mutated = ["x"] }
      }
      let text = mutated.joined(separator: round % 2 == 0 ? " " : "\n")
      let result = loader.load(source: text, path: "mutant.lab")
      if result.hasErrors { withErrors += 1 }
      #expect(result.hasErrors == (result.scenario == nil) || result.scenario == nil)
    }
    #expect(withErrors > rounds / 2)
  }

  @Test func largeFileCompletes() {
    var source = ""
    var count = 0
    while source.utf8.count < 5_000_000 {
      source += "let value_\(count) = \(count) * 2min + 30s # a comment to pad the line\n"
      count += 1
    }
    let result = load(source)
    #expect(result.diagnostics.isEmpty)
  }

  @Test func deeplyNestedInputIsDiagnosed() {
    let result = load(
      "let x = " + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000))
    #expect(messages(result).first?.contains("nesting deeper than 256 levels") == true)
  }

  @Test func invalidBytesAreDiagnosedByLoader() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "twinlab-bytes-\(UUID().uuidString).lab")
    try Data([0x6C, 0x65, 0x74, 0x20, 0x61, 0x20, 0x3D, 0x20, 0x31, 0xFE, 0x00, 0x0A]).write(
      to: folder)
    let result = ScenarioLoader(stdlibPath: nil).load(file: folder.path)
    #expect(result.diagnostics.count >= 2)
    #expect(result.diagnostics.contains { $0.message.contains("invalid UTF-8") })
    #expect(result.diagnostics.contains { $0.message.contains("NUL byte") })
  }
}
