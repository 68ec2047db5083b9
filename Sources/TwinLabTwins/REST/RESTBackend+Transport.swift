import Foundation
import TwinLabModel

extension RESTBackend {
  /// Sends one request to `path` (which may carry a query) with `api-version` added, and
  /// returns the response when its status is below 400.
  ///
  /// - Parameters:
  ///   - retryable: Overrides the client's rule for retrying 429 and 503; `nil` keeps it.
  /// - Throws: `.service` with the code and message of the service's error body,
  ///   `.transport` when no response came, `.configuration` when no token can be had.
  func send(
    _ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: JSONValue? = nil,
    contentType: String = "application/json", retryable: Bool? = nil
  ) throws(TwinBackendError) -> HTTPResponse {
    let separator = path.contains("?") ? "&" : "?"
    let url = baseURL + path + separator + "api-version=" + Self.apiVersion
    var allHeaders = headers
    allHeaders["Accept"] = "application/json"
    var bytes: [UInt8] = []
    if let body {
      bytes = Array(body.serialized().utf8)
      allHeaders["Content-Type"] = contentType
    }
    let request = HTTPClientRequest(
      method: method, url: url, headers: allHeaders, body: bytes, isRetryable: retryable)

    let response: HTTPResponse
    if let tokens {
      do {
        response = try client.send(request, authorizedBy: tokens)
      } catch {
        throw scrubbedError(error)
      }
      lastToken = try? tokens.token()
    } else {
      do {
        response = try client.send(request)
      } catch {
        throw .transport(error.description)
      }
    }
    guard response.status < 400 else { throw .service(serviceError(from: response)) }
    return response
  }

  /// Sends a request and parses the JSON body of its response.
  func sendForJSON(
    _ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: JSONValue? = nil,
    retryable: Bool? = nil
  ) throws(TwinBackendError) -> JSONValue {
    let response = try send(method, path, headers: headers, body: body, retryable: retryable)
    do {
      return try JSONValue(parsing: response.body)
    } catch {
      throw .transport(
        "\(method) \(path) returned status \(response.status) with a body that is not valid "
          + "JSON: \(error)")
    }
  }

  /// Returns every item of a paged list, following `nextLink` until it is null or absent.
  ///
  /// Only the path and query of a `nextLink` are used, appended to this backend's base URL,
  /// so a token never goes to a host other than the configured one.
  func collectPages(_ path: String, headers: HTTPHeaders = [:]) throws(TwinBackendError)
    -> [JSONValue]
  {
    var items: [JSONValue] = []
    var next: String? = path
    var pages = 0
    while let current = next {
      pages += 1
      // A server that keeps returning links would otherwise loop forever.
      guard pages <= 100_000 else {
        throw .transport("\(path) returned more than 100000 pages; stopped following nextLink")
      }
      let page = try sendForJSON(.get, current, headers: headers)
      guard case .object(let object) = page, case .array(let values)? = object["value"] else {
        throw .transport("\(path) returned a page without a \"value\" array")
      }
      items += values
      next = nil
      if case .string(let link)? = object["nextLink"], !link.isEmpty {
        next = Self.pathAndQuery(of: link).map(Self.removingAPIVersion)
      }
    }
    return items
  }

  /// Returns the path and query of an absolute or relative URL.
  static func pathAndQuery(of link: String) -> String? {
    guard let components = URLComponents(string: link) else { return nil }
    let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
    guard let query = components.percentEncodedQuery else { return path }
    return path + "?" + query
  }

  /// `path` without its `api-version` parameter, which `send` adds again.
  static func removingAPIVersion(_ path: String) -> String {
    guard let question = path.firstIndex(of: "?") else { return path }
    let items = path[path.index(after: question)...].split(separator: "&")
      .filter { !$0.hasPrefix("api-version=") }
    let base = String(path[..<question])
    return items.isEmpty ? base : base + "?" + items.joined(separator: "&")
  }

  /// `text` escaped for one path segment or query value: everything but unreserved characters.
  static func escaped(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    // Letters outside ASCII are escaped as UTF-8 too, because `alphanumerics` includes them.
    let ascii = CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127))
    return text.addingPercentEncoding(withAllowedCharacters: allowed.intersection(ascii)) ?? text
  }

  /// Returns the service's error from a response body `{"error":{"code","message"}}`, or a code
  /// derived from the status when the body has another shape.
  func serviceError(from response: HTTPResponse) -> TwinStoreError {
    var code = Self.defaultCode(forStatus: response.status)
    var message = "the service returned status \(response.status)"
    if let value = try? JSONValue(parsing: response.body), case .object(let object) = value,
      case .object(let error)? = object["error"]
    {
      if case .string(let given)? = error["code"], !given.isEmpty { code = given }
      if case .string(let given)? = error["message"] { message = given }
    } else if !response.body.isEmpty {
      message += ": " + String(response.bodyText.prefix(300))
    }
    return TwinStoreError(
      status: response.status, code: scrubbed(code), message: scrubbed(message))
  }

  static func defaultCode(forStatus status: Int) -> String {
    switch status {
    case 400: "BadRequest"
    case 401: "Unauthorized"
    case 403: "Forbidden"
    case 404: "NotFound"
    case 413: "PayloadTooLarge"
    case 429: "TooManyRequests"
    case 503: "ServiceUnavailable"
    default: "HTTP\(status)"
    }
  }

  /// `text` with the last token sent replaced, in case a server echoes the request back.
  func scrubbed(_ text: String) -> String {
    guard let secret = lastToken?.secret, !secret.isEmpty else { return text }
    return text.replacingOccurrences(of: secret, with: "[redacted]")
  }

  private func scrubbedError(_ error: AuthorizedRequestError) -> TwinBackendError {
    switch error {
    case .credential(.requestFailed(let source, let detail)):
      return .transport("\(source): token request failed: \(detail)")
    case .credential(let credentialError):
      return .configuration(credentialError.description)
    case .transport(let transportError):
      return .transport(scrubbed(transportError.description))
    }
  }
}
