import Foundation

/// The HTTP side shared by the client-secret and managed identity credentials.
enum TokenEndpoint {
  /// Throws unless `url` is `https://`, or `http://` to a loopback host, and is not a
  /// link-local metadata address.
  static func requireSecure(_ url: String, variable: String) throws(CredentialError) {
    let lowercased = url.lowercased()
    guard let host = host(of: lowercased) else {
      throw .invalidSetting(
        variable: variable, value: redactedURL(url), expected: "an absolute https:// URL")
    }
    // Cloud metadata services live in 169.254.0.0/16, so no secret goes there.
    let isLinkLocal = host.hasPrefix("169.254.")
    let isSecure = lowercased.hasPrefix("https://")
    let isLoopbackHTTP = lowercased.hasPrefix("http://") && isLoopback(host)
    guard !isLinkLocal, isSecure || isLoopbackHTTP else {
      throw .insecureEndpoint(variable: variable, url: redactedURL(url))
    }
  }

  /// The lower-cased host of an absolute URL, without user info, port or IPv6 brackets.
  static func host(of url: String) -> String? {
    guard let schemeEnd = url.range(of: "://") else { return nil }
    var authority = url[schemeEnd.upperBound...].prefix { !"/?#".contains($0) }
    if let at = authority.lastIndex(of: "@") {
      authority = authority[authority.index(after: at)...]
    }
    if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
      return String(authority[authority.index(after: authority.startIndex)..<close]).lowercased()
    }
    let host = authority.split(separator: ":", omittingEmptySubsequences: false).first ?? ""
    return host.isEmpty ? nil : host.lowercased()
  }

  /// Whether `host` is `localhost`, `::1` or in 127.0.0.0/8.
  static func isLoopback(_ host: String) -> Bool {
    if host == "localhost" || host == "::1" { return true }
    let parts = host.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
  }

  /// Sends `request` and returns the JSON object of a 200 response.
  ///
  /// - Throws: `CredentialError` for transport failures, error statuses and bodies that are
  ///   not JSON objects, with every string in `secrets` scrubbed from the message.
  static func send(
    _ request: HTTPClientRequest, source: String, secrets: [String],
    configuration: HTTPClientConfiguration
  ) throws(CredentialError) -> [String: Any] {
    let response: HTTPResponse
    do {
      let client = try HTTPClient(configuration: configuration)
      response = try client.send(request)
    } catch {
      throw .requestFailed(
        source: source, detail: scrubbed(String(describing: error), removing: secrets))
    }

    let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
    guard response.status == 200 else {
      let (code, message) = errorFields(object)
      let detail = message ?? (response.body.isEmpty ? "empty body" : response.bodyText)
      throw .rejected(
        source: source, status: response.status, code: code.map { scrubbed($0, removing: secrets) },
        detail: scrubbed(detail, removing: secrets))
    }
    guard let object else {
      throw .invalidResponse(source: source, detail: "the body is not a JSON object")
    }
    return object
  }

  /// The token and its expiry from an OAuth 2.0 or managed identity response: `expires_on` as
  /// epoch seconds (number or string) or a `MM/dd/yyyy HH:mm:ss ZZZZZ` date, else
  /// `expires_in` seconds from `now`.
  static func accessToken(
    from object: [String: Any], now: Date, source: String
  ) throws(CredentialError) -> AccessToken {
    guard let secret = object["access_token"] as? String, !secret.isEmpty else {
      throw .invalidResponse(source: source, detail: "the response has no access_token")
    }
    if let expiresOn = epochSeconds(object["expires_on"]) {
      return AccessToken(secret: secret, expiresOn: Date(timeIntervalSince1970: expiresOn))
    }
    if let text = object["expires_on"] as? String, let date = parseServiceDate(text) {
      return AccessToken(secret: secret, expiresOn: date)
    }
    if let expiresIn = epochSeconds(object["expires_in"]) {
      return AccessToken(secret: secret, expiresOn: now.addingTimeInterval(expiresIn))
    }
    throw .invalidResponse(source: source, detail: "the response has no expires_on or expires_in")
  }

  /// A JSON number, or a string of digits, as seconds.
  static func epochSeconds(_ value: Any?) -> Double? {
    if let number = value as? NSNumber, !(value is Bool) { return number.doubleValue }
    if let text = value as? String, let number = Double(text), number.isFinite { return number }
    return nil
  }

  /// Form encoding for `application/x-www-form-urlencoded` bodies and query values.
  static func formEncoded(_ value: String) -> String {
    // Only ASCII letters and digits, which CharacterSet.alphanumerics alone would widen.
    var allowed = CharacterSet(
      charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    allowed.insert(charactersIn: "-._~")
    return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
  }

  /// The error code and message from an OAuth 2.0 (`error`, `error_description`) or service
  /// (`{"error":{"code","message"}}`) error body.
  private static func errorFields(_ object: [String: Any]?) -> (String?, String?) {
    if let nested = object?["error"] as? [String: Any] {
      return (nested["code"] as? String, nested["message"] as? String)
    }
    return (object?["error"] as? String, object?["error_description"] as? String)
  }

  /// App Service's date form of `expires_on`, such as `06/20/2019 02:57:58 +00:00`.
  private static func parseServiceDate(_ text: String) -> Date? {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "MM/dd/yyyy HH:mm:ss ZZZZZ"
    return formatter.date(from: text)
  }
}
