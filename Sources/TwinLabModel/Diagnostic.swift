/// A position in a source file; lines and columns count from 1, columns in
/// Unicode scalars.
public struct SourceLocation: Sendable, Hashable, Comparable {
  public var file: String
  public var line: Int
  public var column: Int

  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
  }
}

/// A problem found in a scenario, as data; a separate printer decides how it looks.
public struct Diagnostic: Sendable, Equatable, Error {
  public enum Severity: String, Sendable {
    case error
    case warning
    case note
  }

  public var severity: Severity
  /// Where the fault is; `nil` for problems with no place in a file, such as a bad option.
  public var location: SourceLocation?
  /// Columns the caret spans, at least 1.
  public var length: Int
  /// One sentence: what was expected, what was found.
  public var message: String
  /// The nearest valid name, printed as "did you mean '...'?".
  public var suggestion: String?
  /// Extra lines printed after the message, such as a call chain.
  public var notes: [String]

  public init(
    _ severity: Severity, at location: SourceLocation?, length: Int = 1, _ message: String,
    suggestion: String? = nil, notes: [String] = []
  ) {
    self.severity = severity
    self.location = location
    self.length = max(1, length)
    self.message = message
    self.suggestion = suggestion
    self.notes = notes
  }
}
