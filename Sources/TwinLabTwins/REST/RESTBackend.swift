import Foundation
import TwinLabModel

/// The `http` and `azure` backends: the Azure Digital Twins data-plane REST API
/// (`api-version=2023-10-31`) over one `HTTPClient`.
///
/// `http` talks to any server speaking the API, such as `twinlab serve`, and sends no
/// credentials. `azure` accepts only `https://` endpoints on `*.digitaltwins.azure.net` and
/// sends a bearer token from a `TokenCache`, fetching a new token once after a 401. A failing
/// request is reported as it is; nothing falls back to the embedded store.
///
/// Like the client it wraps, an instance is used from one thread at a time.
public final class RESTBackend: TwinBackend {
  /// The data-plane API version sent with every request.
  public static let apiVersion = "2023-10-31"
  /// The host suffix every Azure Digital Twins endpoint has.
  public static let azureHostSuffix = ".digitaltwins.azure.net"

  public let kind: String
  /// The endpoint as configured, without a trailing `/`.
  public let location: String
  /// The `max-items-per-page` header sent with queries and model lists; `nil` sends none.
  public var pageSize: Int?

  /// The base URL that requests go to: `location`, or a loopback stand-in that tests set.
  let baseURL: String
  let client: HTTPClient
  let tokens: TokenCache?
  /// The token sent last, kept only to scrub it from error text a server sends back. An
  /// `AccessToken` prints and dumps as redacted, so describing the backend never shows it.
  var lastToken: AccessToken?

  public var retryCount: Int { client.retryCount }

  /// Creates an `http` backend for the server at `endpoint`, such as `http://127.0.0.1:8080`.
  ///
  /// - Throws: `.configuration` when `endpoint` is not an absolute `http://` or `https://` URL
  ///   without a path or query.
  public convenience init(endpoint: String, client: HTTPClient) throws(TwinBackendError) {
    let base = try Self.normalizedEndpoint(endpoint, kind: "http")
    self.init(kind: "http", location: base, baseURL: base, client: client, tokens: nil)
  }

  /// Creates an `azure` backend that authorizes every request with a token from `tokens`.
  ///
  /// - Throws: `.configuration` when `endpoint` is not `https://` on a host ending in
  ///   `.digitaltwins.azure.net`.
  public static func azure(
    endpoint: String, tokens: TokenCache, client: HTTPClient
  ) throws(TwinBackendError) -> RESTBackend {
    let base = try validatedAzureEndpoint(endpoint)
    return RESTBackend(kind: "azure", location: base, baseURL: base, client: client, tokens: tokens)
  }

  /// Creates an `azure` backend with credentials from `environment`, checked in the order of
  /// `AzureCredentialChain`. The endpoint is checked before any credential is looked up.
  public static func azure(
    endpoint: String, environment: [String: String], client: HTTPClient
  ) throws(TwinBackendError) -> RESTBackend {
    _ = try validatedAzureEndpoint(endpoint)
    let chain: AzureCredentialChain
    do {
      chain = try AzureCredentialChain(
        environment: environment, httpConfiguration: client.configuration)
    } catch {
      throw .configuration(error.description)
    }
    return try azure(endpoint: endpoint, tokens: TokenCache(credential: chain), client: client)
  }

  /// Creates an `azure` backend that checks `endpoint` but sends every request to
  /// `baseURL`, so tests can stand in for an Azure endpoint on 127.0.0.1.
  static func azure(
    endpoint: String, tokens: TokenCache, client: HTTPClient, sendingTo baseURL: String
  ) throws(TwinBackendError) -> RESTBackend {
    let base = try validatedAzureEndpoint(endpoint)
    return RESTBackend(
      kind: "azure", location: base, baseURL: baseURL, client: client, tokens: tokens)
  }

  /// Creates a backend that reports `location` but sends requests to `baseURL`.
  init(kind: String, location: String, baseURL: String, client: HTTPClient, tokens: TokenCache?) {
    self.kind = kind
    self.location = location
    self.baseURL = baseURL
    self.client = client
    self.tokens = tokens
  }

  /// `endpoint` without a trailing `/`, once it is an `https://` URL on a host ending in
  /// `.digitaltwins.azure.net` with no user, port, path or query.
  static func validatedAzureEndpoint(_ endpoint: String) throws(TwinBackendError) -> String {
    let expected =
      "expected https://INSTANCE.api.REGION.digitaltwins.azure.net, the host name of an "
      + "Azure Digital Twins instance"
    guard let components = URLComponents(string: endpoint),
      components.scheme?.lowercased() == "https", let host = components.host?.lowercased(),
      host.hasSuffix(azureHostSuffix), host.count > azureHostSuffix.count,
      components.user == nil, components.password == nil, components.port == nil,
      components.query == nil, components.fragment == nil,
      components.path.isEmpty || components.path == "/"
    else {
      throw .configuration("invalid Azure endpoint '\(redactedURL(endpoint))': \(expected)")
    }
    return "https://" + host
  }

  static func normalizedEndpoint(
    _ endpoint: String, kind: String
  ) throws(TwinBackendError) -> String {
    guard let components = URLComponents(string: endpoint),
      let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
      let host = components.host, !host.isEmpty, components.query == nil,
      components.fragment == nil, components.path.isEmpty || components.path == "/"
    else {
      // A path prefix is rejected because `nextLink` paths from the server would repeat it.
      throw .configuration(
        "invalid \(kind) endpoint '\(redactedURL(endpoint))': expected an absolute http:// or "
          + "https:// URL without a path or query, such as http://127.0.0.1:8080")
    }
    var base = endpoint
    while base.hasSuffix("/") { base.removeLast() }
    return base
  }
}
