import Testing
import TwinLabModel

@testable import TwinLabLanguage

@Suite struct DiagnosticRendererTests {
  @Test func renderingShowsLineCaretAndSuggestion() {
    let result = load(lab(process: "step s on benhc"))
    let text = DiagnosticRenderer(useColor: false).render(
      result.diagnostics[0], sources: result.sources)
    let expected = [
      "test.lab:10:15: error: unknown device 'benhc' in step 's'; did you mean 'bench'?",
      "    step s on benhc",
      String(repeating: " ", count: 14) + "^~~~~",
      "",
    ]
    #expect(text == expected.joined(separator: "\n"))
  }

  @Test func renderingKeepsTabsAndNotes() {
    let diagnostic = Diagnostic(
      .error, at: SourceLocation(file: "f", line: 2, column: 3), length: 2, "bad",
      notes: ["in 'g' called at f:1:1"])
    let text = DiagnosticRenderer(useColor: false).render(diagnostic, sources: ["f": "x\n\tab c\n"])
    #expect(text == "f:2:3: error: bad\n\tab c\n\t ^~\nnote: in 'g' called at f:1:1\n")
  }

  @Test func longLineShowsWindowAroundCaret() throws {
    let line = String(repeating: "[", count: 20_000) + "x" + String(repeating: "]", count: 20_000)
    let diagnostic = Diagnostic(
      .error, at: SourceLocation(file: "f", line: 1, column: 20_001), length: 1, "too deep")
    let text = DiagnosticRenderer(useColor: false).render(diagnostic, sources: ["f": line])
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 4)
    let shown = lines[1]
    let caretLine = lines[2]
    #expect(shown.count <= DiagnosticRenderer.maximumLineWidth + 6)
    #expect(shown.hasPrefix("...["))
    #expect(shown.hasSuffix("]..."))
    // The caret sits under the `x` of the shown window.
    let xIndex = try #require(shown.firstIndex(of: "x"))
    let xOffset = shown.distance(from: shown.startIndex, to: xIndex)
    #expect(caretLine == String(repeating: " ", count: xOffset) + "^")
  }

  @Test func shortLineIsShownWhole() {
    let line = String(repeating: "a", count: DiagnosticRenderer.maximumLineWidth)
    let diagnostic = Diagnostic(
      .error, at: SourceLocation(file: "f", line: 1, column: 5), length: 2, "bad")
    let text = DiagnosticRenderer(useColor: false).render(diagnostic, sources: ["f": line])
    #expect(text == "f:1:5: error: bad\n\(line)\n    ^~\n")
  }

  @Test func colourOnlyWhenAsked() {
    let diagnostic = Diagnostic(.warning, at: nil, "careful")
    #expect(
      DiagnosticRenderer(useColor: false).render(diagnostic, sources: [:]) == "warning: careful\n")
    #expect(DiagnosticRenderer(useColor: true).render(diagnostic, sources: [:]).contains("\u{1B}["))
  }

  @Test func severalErrorsAreSortedByLocation() {
    let result = load("let a = undefined_b\nlet c = 5min + 1\nlet d = ]\n")
    #expect(result.diagnostics.map { $0.location?.line } == [1, 2, 3])
  }

  @Test(arguments: [
    ("let a = 5 mins", 1, 11, "unknown unit 'mins'; did you mean 'min'?"),
    ("let a = 1\nlet b = 5min + 3", 2, 9, "cannot apply '+' to duration and number"),
    ("\n\n  let z = nope", 3, 11, "undefined name 'nope'"),
  ])
  func diagnosticPointsAtFault(source: String, line: Int, column: Int, message: String) throws {
    let result = load(source)
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.location?.line == line)
    #expect(diagnostic.location?.column == column)
    #expect(DiagnosticRenderer(useColor: false).message(of: diagnostic) == message)
  }
}
