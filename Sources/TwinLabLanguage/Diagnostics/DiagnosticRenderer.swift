import TwinLabModel

/// Formats diagnostics for a terminal: `path:line:col: error: message`, the
/// source line, a caret under the fault, the suggestion and any notes.
public struct DiagnosticRenderer: Sendable {
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
      lines.append(sourceLine)
      var padding = ""
      for (index, character) in sourceLine.unicodeScalars.enumerated() {
        if index >= location.column - 1 { break }
        padding += character == "\t" ? "\t" : " "
      }
      let available = max(1, sourceLine.unicodeScalars.count - (location.column - 1))
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
