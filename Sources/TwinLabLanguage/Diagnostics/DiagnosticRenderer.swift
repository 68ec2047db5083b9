import TwinLabModel

/// Formats diagnostics for a terminal: `path:line:col: error: message`, the
/// source line, a caret under the fault, the suggestion and any notes.
public struct DiagnosticRenderer: Sendable {
  /// The most columns of a source line shown under a diagnostic.
  static let maximumLineWidth = 120

  /// Whether to add ANSI colours.
  public var useColor: Bool

  public init(useColor: Bool) {
    self.useColor = useColor
  }

  /// Formats the diagnostic as text ending in a newline.
  /// - Parameters:
  ///   - diagnostic: The problem to show.
  ///   - sources: File texts by path, for the source line; a missing file shows no line.
  public func render(_ diagnostic: Diagnostic, sources: [String: String]) -> String {
    var header = ""
    if let location = diagnostic.location {
      header += "\(location.file):\(location.line):\(location.column): "
    }
    let severity = diagnostic.severity.rawValue
    let severityColor: String
    switch diagnostic.severity {
    case .error: severityColor = "1;31"
    case .warning: severityColor = "1;35"
    case .note: severityColor = "1;36"
    }
    header += paint(severity + ":", severityColor)
    header += " " + paint(message(of: diagnostic), "1")
    var lines = [header]

    if let location = diagnostic.location, let text = sources[location.file],
      let sourceLine = Self.line(location.line, of: text)
    {
      // A long line shows only a window around the caret, marked by "..." where
      // text is cut, so that a generated 40 KB line does not flood the terminal.
      let scalars = Array(sourceLine.unicodeScalars)
      let caret = min(max(0, location.column - 1), scalars.count)
      let start =
        scalars.count > Self.maximumLineWidth ? max(0, caret - Self.maximumLineWidth / 2) : 0
      let end = min(scalars.count, start + Self.maximumLineWidth)
      var shown = String(String.UnicodeScalarView(scalars[start..<end]))
      var padding = ""
      if start > 0 {
        shown = "..." + shown
        padding = "   "
      }
      if end < scalars.count { shown += "..." }
      lines.append(shown)
      for character in scalars[start..<caret] {
        padding += character == "\t" ? "\t" : " "
      }
      let available = max(1, end - caret)
      let width = min(diagnostic.length, available)
      lines.append(padding + paint("^" + String(repeating: "~", count: max(0, width - 1)), "1;32"))
    }
    for note in diagnostic.notes {
      lines.append(paint("note:", "1;36") + " " + note)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Returns the message with the suggestion appended as "did you mean '...'?".
  public func message(of diagnostic: Diagnostic) -> String {
    guard let suggestion = diagnostic.suggestion else { return diagnostic.message }
    return diagnostic.message + "; did you mean '\(suggestion)'?"
  }

  func paint(_ text: String, _ code: String) -> String {
    useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  /// Returns the 1-based line `number` of `text`, without its line break.
  static func line(_ number: Int, of text: String) -> String? {
    let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
    guard number >= 1, number <= lines.count else { return nil }
    var line = String(String.UnicodeScalarView(lines[number - 1]))
    if line.hasSuffix("\r") { line.removeLast() }
    return line
  }
}
