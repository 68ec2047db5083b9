/// A complete request as the server received it: method, path, query, headers and body.
public struct HTTPRequest: Sendable, Equatable {
  /// The request method.
  public var method: HTTPMethod
  /// The path with percent-escapes decoded and without the query, such as `/digitaltwins/pump-1`.
  public var path: String
  /// The query parameters in request order, with percent-escapes decoded.
  public var queryItems: [QueryItem]
  /// The request header fields.
  public var headers: HTTPHeaders
  /// The request body; empty when the request had none.
  public var body: [UInt8]

  /// Creates a request.
  public init(
    method: HTTPMethod, path: String, queryItems: [QueryItem] = [], headers: HTTPHeaders = [:],
    body: [UInt8] = []
  ) {
    self.method = method
    self.path = path
    self.queryItems = queryItems
    self.headers = headers
    self.body = body
  }

  /// The first value of the query parameter `name`, or `nil`.
  public func queryValue(_ name: String) -> String? {
    queryItems.first { $0.name == name }?.value
  }

  /// The body decoded as UTF-8, with invalid bytes replaced.
  public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// One query parameter; `value` is empty for a parameter written without `=`.
public struct QueryItem: Sendable, Equatable {
  public var name: String
  public var value: String

  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }
}
