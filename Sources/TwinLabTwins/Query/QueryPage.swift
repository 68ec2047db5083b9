import Foundation
import TwinLabModel

/// One page of query results, shaped as the service's response body.
public struct QueryPage: Sendable, Equatable {
  /// Result rows: whole twins or relationships, `{alias: item}` objects, projected
  /// values, or one `{"COUNT": n}` row.
  public var rows: [JSONValue]
  /// The token for the next page, or `nil` on the last page.
  public var continuationToken: String?

  public init(rows: [JSONValue], continuationToken: String?) {
    self.rows = rows
    self.continuationToken = continuationToken
  }

  /// `{"value": [rows], "continuationToken": token or null}`.
  public var json: JSONValue {
    .object([
      "value": .array(rows),
      "continuationToken": continuationToken.map { .string($0) } ?? .null,
    ])
  }
}

/// Continuation tokens: the query text and the offset of the next row, so a token
/// works against any copy of the store without server-side state.
enum ContinuationToken {
  static func encode(query: String, offset: Int) -> String {
    let body: JSONValue = .object(["query": .string(query), "offset": .number(Double(offset))])
    return Data(body.serialized().utf8).base64EncodedString()
  }

  static func decode(_ token: String) throws(TwinStoreError) -> (query: String, offset: Int) {
    let invalid = TwinStoreError(
      status: 400, code: "BadRequest",
      message: "The continuation token '\(token.prefix(40))' is not valid; pass the token "
        + "from the previous page unchanged.")
    guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8),
      case .object(let body)? = try? JSONValue(parsing: text),
      case .string(let query)? = body["query"], case .number(let offset)? = body["offset"],
      offset >= 0, offset == offset.rounded(), offset < 1e12
    else { throw invalid }
    return (query, Int(offset))
  }
}
