import TwinLabModel

/// An HTTP response: what a server handler returns and what the client receives.
public struct HTTPResponse: Sendable, Equatable {
  /// The status code, such as 200 or 404.
  public var status: Int
  /// The response header fields.
  public var headers: HTTPHeaders
  /// The response body.
  public var body: [UInt8]

  /// Creates a response.
  public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  /// The body decoded as UTF-8, with invalid bytes replaced.
  public var bodyText: String { String(decoding: body, as: UTF8.self) }

  /// A response whose body is `value` as compact JSON with `Content-Type: application/json`.
  public static func json(status: Int, _ value: JSONValue, headers: HTTPHeaders = [:]) -> Self {
    var headers = headers
    headers["Content-Type"] = "application/json; charset=utf-8"
    return HTTPResponse(status: status, headers: headers, body: Array(value.serialized().utf8))
  }

  /// A response in the service's error shape, `{"error":{"code":…,"message":…}}`.
  public static func error(
    status: Int, code: String, message: String, headers: HTTPHeaders = [:]
  ) -> Self {
    let error: JSONObject = ["code": .string(code), "message": .string(message)]
    return json(status: status, .object(["error": .object(error)]), headers: headers)
  }
}
