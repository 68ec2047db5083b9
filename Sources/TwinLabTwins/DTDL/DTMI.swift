/// Syntax checks for Digital Twin Model Identifiers (DTMIs).
///
/// A DTMI is `dtmi:` followed by colon-separated path segments, an optional
/// version after `;` and an optional fragment after `#`. A user segment starts
/// with a letter, contains letters, digits and underscores, and does not end
/// with an underscore. A version is 1 to 9 digits without a leading zero,
/// optionally followed by `.` and 1 to 6 digits without a leading zero.
public enum DTMI {
  /// Maximum length of any DTMI.
  public static let maximumLength = 4096
  /// Maximum length of a DTMI that a model author writes (element ids, targets).
  public static let maximumUserLength = 2048
  /// Maximum length of an interface's DTMI.
  public static let maximumInterfaceLength = 128
  /// Prefixes reserved for the language and its standard definitions.
  public static let reservedPrefixes = ["dtmi:dtdl:", "dtmi:standard:"]

  /// Whether `text` is a syntactically valid DTMI; `allowSystemSegments`
  /// admits segments that start with underscores, which only generated ids use.
  public static func isValid(
    _ text: String, allowSystemSegments: Bool = false, allowFragment: Bool = false
  ) -> Bool {
    guard text.hasPrefix("dtmi:"), text.utf8.count <= maximumLength else { return false }
    var rest = Substring(text.dropFirst(5))
    if let hash = rest.firstIndex(of: "#") {
      let fragment = rest[rest.index(after: hash)...]
      guard allowFragment, fragment.isEmpty || isSegment(fragment, allowSystem: false) else {
        return false
      }
      rest = rest[..<hash]
    }
    if let semicolon = rest.firstIndex(of: ";") {
      guard isVersion(rest[rest.index(after: semicolon)...]) else { return false }
      rest = rest[..<semicolon]
    }
    let segments = rest.split(separator: ":", omittingEmptySubsequences: false)
    return !segments.isEmpty
      && segments.allSatisfy { isSegment($0, allowSystem: allowSystemSegments) }
  }

  /// Whether `text` starts with a prefix reserved for the language itself.
  public static func isReserved(_ text: String) -> Bool {
    reservedPrefixes.contains { text.hasPrefix($0) }
  }

  /// The major version of a DTMI, if it has one.
  public static func majorVersion(of text: String) -> Int? {
    guard let semicolon = text.firstIndex(of: ";") else { return nil }
    let version = text[text.index(after: semicolon)...].prefix { $0 != "." && $0 != "#" }
    return Int(version)
  }

  static func isSegment(_ segment: Substring, allowSystem: Bool) -> Bool {
    var body = segment
    if allowSystem { body = body.drop { $0 == "_" } }
    guard let first = body.first, let last = body.last else { return false }
    guard first.isASCII, first.isLetter || (allowSystem && body.count < segment.count) else {
      return false
    }
    guard last != "_" else { return false }
    return body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
  }

  static func isVersion(_ version: Substring) -> Bool {
    let parts = version.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 1 || parts.count == 2 else { return false }
    guard isNumber(parts[0], maximumDigits: 9) else { return false }
    return parts.count == 1 || isNumber(parts[1], maximumDigits: 6)
  }

  static func isNumber(_ digits: Substring, maximumDigits: Int) -> Bool {
    guard let first = digits.first, first != "0", digits.count <= maximumDigits else {
      return false
    }
    return digits.allSatisfy { $0.isASCII && $0.isNumber }
  }
}
