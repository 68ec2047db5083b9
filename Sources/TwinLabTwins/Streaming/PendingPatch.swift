import TwinLabModel

/// The merged updates to one twin that have not been sent yet: one value per
/// property path, in the order the paths were first written.
struct PendingPatch {
  let twinId: String
  private(set) var paths: [String] = []
  private var values: [String: JSONValue] = [:]

  init(twinId: String) { self.twinId = twinId }

  var isEmpty: Bool { paths.isEmpty }
  var count: Int { paths.count }

  /// Sets `path` to `value`; returns `true` when it replaced an unsent value.
  @discardableResult
  mutating func set(_ path: String, _ value: JSONValue) -> Bool {
    if values.updateValue(value, forKey: path) != nil { return true }
    paths.append(path)
    return false
  }

  /// Merges a later patch into this one; returns how many values it replaced.
  mutating func merge(_ later: PendingPatch) -> Int {
    var replaced = 0
    for path in later.paths where set(path, later.values[path] ?? .null) { replaced += 1 }
    return replaced
  }

  /// The JSON Patch document: `add` for properties not yet set on the twin,
  /// `replace` for set ones, judged by the path's first segment.
  func document(setProperties: Set<String>) -> JSONValue {
    .array(
      paths.map { path in
        let operation = setProperties.contains(Self.property(of: path)) ? "replace" : "add"
        return .object([
          "op": .string(operation), "path": .string(path), "value": values[path] ?? .null,
        ])
      })
  }

  /// The top-level property a JSON Pointer path writes, such as `status` for `/status`.
  static func property(of path: String) -> String {
    let trimmed = path.hasPrefix("/") ? path.dropFirst() : Substring(path)
    let segment =
      trimmed.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
      .first ?? ""
    return segment.replacingOccurrences(of: "~1", with: "/")
      .replacingOccurrences(of: "~0", with: "~")
  }

  var properties: [String] { paths.map(Self.property(of:)) }
}
