import Foundation
import Testing

@testable import TwinLabREPL

/// Tab completion candidates for the text before the cursor.
@Suite("REPL completion")
struct CompletionTests {
  struct Case: CustomStringConvertible, Sendable {
    var text: String
    var word: String
    var expected: [String]
    /// Whether `expected` is the whole list rather than a part of it.
    var exact = true
    var description: String { text }
  }

  static let root = ReplTestSupport.packageRoot

  static let cases: [Case] = [
    Case(text: ":sta", word: ":sta", expected: [":status"]),
    Case(text: ":tw", word: ":tw", expected: [":twin", ":twins"]),
    Case(text: ":help pa", word: "pa", expected: ["patch", "pause"]),
    Case(text: ":trace o", word: "o", expected: ["off", "on"]),
    Case(
      text: ":load \(root)/scenarios/plat", word: "\(root)/scenarios/plat",
      expected: ["\(root)/scenarios/platelet-lab.lab"]),
    Case(text: ":load \(root)/scen", word: "\(root)/scen", expected: ["\(root)/scenarios/"]),
    Case(text: ":twin centri", word: "centri", expected: ["centrifuge-1", "centrifuge-2"]),
    Case(text: ":patch pre", word: "pre", expected: ["press-1", "press-2"]),
    Case(text: "print(cent", word: "cent", expected: ["centrifuge"]),
    Case(text: "le", word: "le", expected: ["let"], exact: false),
    Case(text: "repl.ru", word: "repl.ru", expected: ["repl.run"]),
    Case(text: "print(\"qc_", word: "qc_", expected: ["qc_bench-1"]),
    Case(text: "whole", word: "whole", expected: ["whole_blood"]),
  ]

  @Test("completes commands, names and paths", arguments: cases)
  func completes(_ testCase: Case) {
    let (session, _) = ReplTestSupport.session()
    #expect(session.load(file: ReplTestSupport.scenario) == .success)
    let completion = session.completions(before: testCase.text)
    #expect(completion.word == testCase.word)
    if testCase.exact {
      #expect(completion.candidates == testCase.expected)
    } else {
      #expect(Set(testCase.expected).isSubset(of: completion.candidates))
    }
  }

  @Test(
    "common prefix of candidates",
    arguments: [
      (["status", "step"], "st"), (["twin", "twins"], "twin"), (["a"], "a"), (["é1", "é2"], "é"),
    ])
  func commonPrefix(_ strings: [String], _ prefix: String) {
    #expect(LineEditor.commonPrefix(strings) == prefix)
  }
}
