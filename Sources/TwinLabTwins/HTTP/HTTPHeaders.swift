/// HTTP header fields in the order they were added, looked up by name without regard to case.
///
/// The description, debug description and mirror show the values of credential fields
/// (`Authorization`, `Proxy-Authorization`, `Cookie`, `X-IDENTITY-HEADER`) as `redacted`.
public struct HTTPHeaders: Sendable, Equatable, ExpressibleByDictionaryLiteral, Sequence,
  CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable
{
  /// The fields as name and value pairs, in order.
  public private(set) var fields: [(name: String, value: String)] = []

  /// Creates an empty header list.
  public init() {}

  /// Creates a header list from pairs, keeping their order.
  public init(_ fields: [(String, String)]) {
    for (name, value) in fields { add(name, value) }
  }

  public init(dictionaryLiteral elements: (String, String)...) {
    self.init(elements)
  }

  /// The first value of the field `name`, or `nil`; setting replaces every field of that name.
  public subscript(name: String) -> String? {
    get { fields.first { $0.name.lowercased() == name.lowercased() }?.value }
    set {
      remove(name)
      if let newValue { add(name, newValue) }
    }
  }

  /// Every value of the field `name`, in order.
  public func values(for name: String) -> [String] {
    fields.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
  }

  /// Appends a field, keeping fields of the same name that are already present.
  public mutating func add(_ name: String, _ value: String) {
    fields.append((name, value))
  }

  /// Removes every field named `name`.
  public mutating func remove(_ name: String) {
    fields.removeAll { $0.name.lowercased() == name.lowercased() }
  }

  /// Whether a field named `name` is present.
  public func contains(_ name: String) -> Bool {
    self[name] != nil
  }

  public var isEmpty: Bool { fields.isEmpty }

  public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
    fields.makeIterator()
  }

  public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
    lhs.fields.count == rhs.fields.count
      && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
  }

  /// Lower-cased names of fields whose values are credentials.
  static let credentialFields: Set<String> = [
    "authorization", "proxy-authorization", "cookie", "x-identity-header",
  ]

  /// The fields as printed, with credential values replaced.
  private var printableFields: [(name: String, value: String)] {
    fields.map { field in
      Self.credentialFields.contains(field.name.lowercased())
        ? (field.name, "redacted") : field
    }
  }

  public var description: String {
    "[" + printableFields.map { "\($0.name): \($0.value)" }.joined(separator: ", ") + "]"
  }

  public var debugDescription: String { description }

  public var customMirror: Mirror {
    Mirror(self, unlabeledChildren: printableFields.map { "\($0.name): \($0.value)" })
  }
}
