import Foundation
import TwinLabModel

/// An in-process digital-twin graph with the semantics of Azure Digital Twins:
/// models, twins, relationships and queries, with the service's validation,
/// etags, preconditions and error codes.
///
/// A value type: copying is cheap (copy on write) and gives a snapshot. Use one
/// copy from one thread at a time. Every mutating method either succeeds fully
/// or throws and leaves the store unchanged.
public struct TwinStore: Sendable {
  /// Maximum size of a twin, relationship or patch body, in bytes.
  public static let maxBodyBytes = 32 * 1024
  /// Maximum length of a twin or relationship id, in UTF-8 bytes.
  // NOTE: the service documents no id length limit; this uses the 1 KB limit it
  // documents for property names.
  public static let maxIdBytes = 1024
  /// Maximum number of models in one upload.
  public static let maxModelsPerUpload = 250
  /// Maximum number of relationships into, or out of, one twin.
  public static let maxRelationshipsPerTwin = 50_000

  /// The time source for `lastUpdateTime` and `uploadTime`; tests inject a fixed clock.
  public var clock: @Sendable () -> Date

  var models: [String: StoredModel] = [:]
  var twins: [String: DigitalTwin] = [:]
  /// Twin ids in ascending order, the order of query results.
  var twinIds: [String] = []
  /// Outgoing relationships by source twin id, then relationship id.
  var outgoing: [String: [String: Relationship]] = [:]
  /// Incoming relationships by target twin id: source id and relationship id pairs.
  var incoming: [String: Set<RelationshipKey>] = [:]
  /// The number of etags issued so far; the next etag derives from it.
  var etagSequence: UInt64 = 0

  /// Creates an empty store.
  public init(clock: @escaping @Sendable () -> Date = { Date() }) {
    self.clock = clock
  }

  /// The number of twins.
  public var twinCount: Int { twins.count }

  /// The number of relationships.
  public var relationshipCount: Int { outgoing.values.reduce(0) { $0 + $1.count } }

  var now: String { Timestamp.format(clock()) }

  /// Returns a fresh weak etag: a UUID-shaped hash of a sequence number, so a store
  /// replayed from the same file issues the same etags.
  mutating func nextEtag() -> String {
    etagSequence &+= 1
    var state = etagSequence &* 0x9E37_79B9_7F4A_7C15
    func mix() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    let high = mix()
    let low = mix()
    let hex = hexDigits(high, 16) + hexDigits(low, 16)
    let chars = Array(hex)
    // Version 4 and variant 10 bits, as in a random UUID.
    let variant = Array("89ab")[Int(low >> 62)]
    let uuid =
      String(chars[0..<8]) + "-" + String(chars[8..<12]) + "-4" + String(chars[13..<16]) + "-"
      + String(variant) + String(chars[17..<20]) + "-" + String(chars[20..<32])
    return "W/\"\(uuid)\""
  }

  private func hexDigits(_ value: UInt64, _ width: Int) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: width - text.count) + text
  }

  // MARK: - Checks shared by the operations

  static func checkId(_ id: String, kind: String) throws(TwinStoreError) {
    if id.isEmpty {
      throw .invalidArgument("The \(kind) id is empty.")
    }
    if id.utf8.count > maxIdBytes {
      throw .invalidArgument(
        "The \(kind) id '\(id.prefix(40))...' is \(id.utf8.count) bytes; the maximum is "
          + "\(maxIdBytes) bytes.")
    }
    if id.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "/" }) {
      throw .invalidArgument(
        "The \(kind) id '\(id)' contains a control character or '/', which ids may not contain.")
    }
  }

  static func checkBodySize(_ body: JSONValue, kind: String) throws(TwinStoreError) {
    let size = body.serialized().utf8.count
    if size > maxBodyBytes {
      throw .limitExceeded(
        "The \(kind) body is \(size) bytes; the maximum request payload is \(maxBodyBytes) bytes.")
    }
  }

  /// Checks an `If-Match` value against the current etag: `nil` is unconditional,
  /// `*` matches anything, and a quoted etag must match exactly.
  static func checkIfMatch(_ ifMatch: String?, etag: String) throws(TwinStoreError) {
    guard let ifMatch else { return }
    if ifMatch == "*" { return }
    guard isWellFormedEtag(ifMatch) else {
      throw .invalidArgument(
        "Invalid If-Match header value '\(ifMatch)'. Allowed value(s): If-Match: {etag} or "
          + "If-Match: *")
    }
    if ifMatch != etag {
      throw .preconditionFailed(
        "If-Match: \(ifMatch) does not match the current etag \(etag); read the resource "
          + "again and retry.")
    }
  }

  static func checkIfNoneMatch(_ ifNoneMatch: String?) throws(TwinStoreError) {
    if let ifNoneMatch, ifNoneMatch != "*" {
      throw .invalidArgument(
        "Invalid If-None-Match header value '\(ifNoneMatch)'. Allowed value(s): "
          + "If-None-Match: *")
    }
  }

  private static func isWellFormedEtag(_ text: String) -> Bool {
    let body = text.hasPrefix("W/") ? String(text.dropFirst(2)) : text
    return body.count >= 2 && body.hasPrefix("\"") && body.hasSuffix("\"")
  }

  /// Returns `modelId` and the ids of the models it extends, directly or not.
  func lineage(of modelId: String) -> Set<String> {
    var seen: Set<String> = []
    var pending = [modelId]
    while let next = pending.popLast() {
      guard seen.insert(next).inserted else { continue }
      pending += models[next]?.interface.extends ?? []
    }
    return seen
  }

  func existingTwin(_ id: String) throws(TwinStoreError) -> DigitalTwin {
    try Self.checkId(id, kind: "twin")
    guard let twin = twins[id] else { throw .twinNotFound(id) }
    return twin
  }
}

/// Identifies a relationship by its source twin and its own id.
struct RelationshipKey: Hashable, Sendable, Comparable {
  var sourceId: String
  var relationshipId: String

  static func < (lhs: RelationshipKey, rhs: RelationshipKey) -> Bool {
    (lhs.sourceId, lhs.relationshipId) < (rhs.sourceId, rhs.relationshipId)
  }
}
