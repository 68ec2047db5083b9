/// A failure of `HTTPClient` to get a response. Every URL in it has passed through
/// `redactedURL(_:)`, so user names, passwords and query values other than `api-version` never
/// appear.
public enum HTTPClientError: Error, Equatable, CustomStringConvertible {
  /// The URL is not an absolute `http://` or `https://` URL.
  case invalidURL(String)
  /// A header name or value contains CR, LF or NUL, which would split the request.
  case invalidHeader(name: String, url: String)
  /// The host name could not be resolved.
  case hostNotFound(url: String)
  /// Nothing listens at the address, or the connection was refused.
  case connectionRefused(url: String)
  /// The connection or the whole attempt took longer than the configured timeout.
  case timedOut(url: String, after: Duration)
  /// The abort flag was set during the transfer or between retries.
  case aborted(url: String)
  /// The TLS handshake or the certificate check failed.
  case tls(url: String, detail: String)
  /// Any other transfer failure, with libcurl's error code and message.
  case transferFailed(url: String, code: Int, detail: String)
  /// libcurl could not create a handle or set an option.
  case setupFailed(String)

  public var description: String {
    switch self {
    case .invalidURL(let url):
      return "invalid URL '\(url)': expected an absolute http:// or https:// URL"
    case .invalidHeader(let name, let url):
      return "invalid header '\(name)' for \(url): names and values must not contain CR, LF or NUL"
    case .hostNotFound(let url):
      return "could not resolve the host of \(url)"
    case .connectionRefused(let url):
      return "connection refused by \(url): is the server running?"
    case .timedOut(let url, let after):
      return "request to \(url) timed out after \(after.formattedSeconds)"
    case .aborted(let url):
      return "request to \(url) was aborted"
    case .tls(let url, let detail):
      return "TLS failed for \(url): \(detail)"
    case .transferFailed(let url, let code, let detail):
      return "request to \(url) failed (libcurl error \(code)): \(detail)"
    case .setupFailed(let detail):
      return "could not set up the HTTP client: \(detail)"
    }
  }
}

/// `url` with any user name and password removed and every query value except `api-version`
/// replaced by `***`, for use in errors and logs.
public func redactedURL(_ url: String) -> String {
  var text = url
  var fragment = ""
  if let hash = text.firstIndex(of: "#") {
    fragment = "#…"
    text = String(text[..<hash])
  }

  var query: Substring?
  if let question = text.firstIndex(of: "?") {
    query = text[text.index(after: question)...]
    text = String(text[..<question])
  }

  if let schemeEnd = text.range(of: "://") {
    let authorityStart = schemeEnd.upperBound
    let authorityEnd = text[authorityStart...].firstIndex(of: "/") ?? text.endIndex
    if let at = text[authorityStart..<authorityEnd].lastIndex(of: "@") {
      text.removeSubrange(authorityStart...at)
    }
  }

  guard let query else { return text + fragment }
  let items = query.split(separator: "&", omittingEmptySubsequences: false).map { item in
    guard let equals = item.firstIndex(of: "=") else { return String(item) }
    let name = item[..<equals]
    return mayCarrySecret(String(name)) ? "\(name)=***" : String(item)
  }
  return text + "?" + items.joined(separator: "&") + fragment
}

/// Whether a query parameter named `name` may carry a credential, such as a SAS `sig`, an
/// OAuth `code` or `access_token`, an API `key` or a `password`. Matching is by substring,
/// case-insensitive, so `client_secret` and `subscription-key` count too.
func mayCarrySecret(_ name: String) -> Bool {
  let lowered = name.lowercased()
  if ["sig", "code"].contains(lowered) { return true }
  let parts = [
    "token", "secret", "key", "password", "passwd", "pwd", "signature", "credential", "auth",
    "assertion", "session", "cookie",
  ]
  return parts.contains { lowered.contains($0) }
}

extension Duration {
  /// The duration in seconds with up to three decimals, such as `0.25 s`.
  var formattedSeconds: String {
    let whole = milliseconds / 1000
    let rest = milliseconds % 1000
    guard rest != 0 else { return "\(whole) s" }
    var decimals = String(rest)
    decimals = String(repeating: "0", count: 3 - decimals.count) + decimals
    while decimals.hasSuffix("0") { decimals.removeLast() }
    return "\(whole).\(decimals) s"
  }

  /// The duration in whole milliseconds, rounded down, as libcurl's `long` options take it.
  var milliseconds: Int {
    let (scaled, overflow) = components.seconds.multipliedReportingOverflow(by: 1000)
    guard !overflow else { return components.seconds > 0 ? Int.max : 0 }
    return max(0, Int(clamping: scaled + components.attoseconds / 1_000_000_000_000_000))
  }
}
