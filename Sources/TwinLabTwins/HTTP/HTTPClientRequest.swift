/// A request for `HTTPClient`: method, absolute URL, headers and body.
public struct HTTPClientRequest: Sendable, Equatable {
  /// The request method.
  public var method: HTTPMethod
  /// The absolute `http://` or `https://` URL, query included.
  public var url: String
  /// Header fields to send; values must not contain CR or LF.
  public var headers: HTTPHeaders
  /// The body to send; empty sends none (or an empty one for POST, PUT and PATCH).
  public var body: [UInt8]
  /// Whether a 429 or 503 response may be retried; `nil` decides by method: idempotent methods
  /// are retried, PATCH only when it carries `If-Match`, POST never.
  public var isRetryable: Bool?

  /// Creates a request.
  public init(
    method: HTTPMethod, url: String, headers: HTTPHeaders = [:], body: [UInt8] = [],
    isRetryable: Bool? = nil
  ) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
    self.isRetryable = isRetryable
  }

  /// Whether the client may send this request again after a 429 or 503 response.
  public var mayRetry: Bool {
    if let isRetryable { return isRetryable }
    if method == .patch { return headers.contains("If-Match") }
    return method.isIdempotent
  }
}

/// Timeouts, retry rules and TLS trust for `HTTPClient`.
public struct HTTPClientConfiguration: Sendable {
  /// The maximum time for the TCP and TLS handshake.
  public var connectTimeout: Duration
  /// The maximum time of one attempt, from connecting to the last byte of the response.
  public var timeout: Duration
  /// When and how often to retry.
  public var retryPolicy: RetryPolicy
  /// A PEM file of extra trusted certificates for `https://`; `nil` uses the system store.
  /// Certificate and host name checks stay on whatever this is.
  public var caBundlePath: String?
  /// The `User-Agent` header sent unless a request sets its own.
  public var userAgent: String

  /// Creates a configuration: 10 s to connect, 60 s per attempt, the default retry policy.
  public init(
    connectTimeout: Duration = .seconds(10), timeout: Duration = .seconds(60),
    retryPolicy: RetryPolicy = RetryPolicy(), caBundlePath: String? = nil,
    userAgent: String = "twinlab"
  ) {
    self.connectTimeout = connectTimeout
    self.timeout = timeout
    self.retryPolicy = retryPolicy
    self.caBundlePath = caBundlePath
    self.userAgent = userAgent
  }
}
