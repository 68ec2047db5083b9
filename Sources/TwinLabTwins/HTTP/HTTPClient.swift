import CCurl
import Foundation

/// A blocking HTTP client over one libcurl easy handle, which keeps one connection per host
/// alive between requests.
///
/// `http://` URLs use HTTP/1.1, because libcurl 7.88 fails cleartext HTTP/2 on a reused
/// connection; `https://` URLs let TLS negotiate HTTP/2 or HTTP/1.1. Certificate and host name
/// checks are always on. Responses with a status in `RetryPolicy.retryableStatuses` are retried
/// for requests where `HTTPClientRequest.mayRetry` holds, honouring `Retry-After` and otherwise
/// backing off exponentially with jitter.
///
/// An instance is not safe for concurrent use: give each thread its own client. The abort flag
/// may be shared and set from any thread.
public final class HTTPClient {
  /// Timeouts, retry policy and TLS trust.
  public let configuration: HTTPClientConfiguration
  /// The flag that stops a transfer in progress; share it with a SIGINT watcher.
  public let abortFlag: AbortFlag
  /// The number of retries sent since the client was created, for run summaries.
  public private(set) var retryCount = 0
  /// The number of TCP connections libcurl opened; stays at 1 while keep-alive works.
  public internal(set) var connectionsOpened = 0

  let handle: UnsafeMutableRawPointer
  let errorBuffer: UnsafeMutablePointer<CChar>
  private var random: AnyRandomNumberGenerator
  private let sleep: (Duration) -> Void
  private let now: () -> Date

  /// Creates a client.
  ///
  /// - Parameters:
  ///   - configuration: Timeouts, retry policy and TLS trust.
  ///   - abortFlag: The flag checked during transfers and between retries.
  ///   - random: The source of backoff jitter; pass a `SeededRandomNumberGenerator` for
  ///     repeatable delays.
  ///   - sleep: Waits between retries; the default sleeps in slices of at most 50 ms and
  ///     returns early once the abort flag is set.
  ///   - now: The clock that HTTP-date `Retry-After` values are measured against.
  /// - Throws: `HTTPClientError.setupFailed` when libcurl cannot create a handle.
  public init(
    configuration: HTTPClientConfiguration = HTTPClientConfiguration(),
    abortFlag: AbortFlag = AbortFlag(),
    random: any RandomNumberGenerator = SystemRandomNumberGenerator(),
    sleep: ((Duration) -> Void)? = nil,
    now: @escaping () -> Date = Date.init
  ) throws(HTTPClientError) {
    guard curlGlobalInitResult == CURLE_OK else {
      throw .setupFailed("curl_global_init returned \(curlGlobalInitResult.rawValue)")
    }
    guard let handle = curl_easy_init() else {
      throw .setupFailed("curl_easy_init returned no handle")
    }
    self.handle = handle
    self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    self.configuration = configuration
    self.abortFlag = abortFlag
    self.random = AnyRandomNumberGenerator(base: random)
    self.sleep = sleep ?? { duration in HTTPClient.sleep(duration, unless: abortFlag) }
    self.now = now
  }

  deinit {
    curl_easy_cleanup(handle)
    errorBuffer.deallocate()
  }

  /// Sends `request` and returns the final response, retrying as the policy allows.
  ///
  /// Any status is a response, 4xx and 5xx included; only transport failures throw.
  /// - Throws: `HTTPClientError` for an invalid URL or header, a refused connection, a
  ///   timeout, a TLS failure, or when the abort flag is set.
  public func send(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPResponse {
    let policy = configuration.retryPolicy
    var attempt = 1
    var waited = Duration.zero
    while true {
      if abortFlag.isSet { throw .aborted(url: redactedURL(request.url)) }
      let response = try transfer(request)
      guard policy.retryableStatuses.contains(response.status), attempt < policy.maxAttempts,
        request.mayRetry
      else { return response }

      let delay = retryDelay(for: response, afterAttempt: attempt)
      guard waited + delay <= policy.maxTotalWait else { return response }
      sleep(delay)
      waited += delay
      attempt += 1
      retryCount += 1
    }
  }

  /// Sends a request built from its parts; see `send(_:)`.
  public func send(
    _ method: HTTPMethod, _ url: String, headers: HTTPHeaders = [:], body: [UInt8] = []
  ) throws(HTTPClientError) -> HTTPResponse {
    try send(HTTPClientRequest(method: method, url: url, headers: headers, body: body))
  }

  /// The `Retry-After` wait when the response has a readable one, otherwise the backoff.
  private func retryDelay(for response: HTTPResponse, afterAttempt attempt: Int) -> Duration {
    if let value = response.headers["Retry-After"],
      let delay = RetryPolicy.retryAfterDelay(value, now: now())
    {
      return delay
    }
    return configuration.retryPolicy.backoff(afterAttempt: attempt, using: &random)
  }

  private static func sleep(_ duration: Duration, unless abortFlag: AbortFlag) {
    let slice = Duration.milliseconds(50)
    var remaining = duration
    while remaining > .zero, !abortFlag.isSet {
      let step = min(remaining, slice)
      Thread.sleep(forTimeInterval: Double(step.milliseconds) / 1000)
      remaining -= step
    }
  }
}

/// libcurl's process-wide setup, run once before the first handle is created.
private let curlGlobalInitResult: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

/// Lets a stored generator of any type be passed where a concrete one is required.
private struct AnyRandomNumberGenerator: RandomNumberGenerator {
  var base: any RandomNumberGenerator

  mutating func next() -> UInt64 {
    base.next()
  }
}
