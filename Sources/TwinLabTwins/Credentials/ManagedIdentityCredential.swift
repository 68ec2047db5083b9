import Foundation

/// Managed identity on App Service, Functions and other hosts that set `IDENTITY_ENDPOINT` and
/// `IDENTITY_HEADER`: a GET to the endpoint with the header as `X-IDENTITY-HEADER`.
///
/// The instance metadata service of virtual machines (169.254.169.254) is not supported and
/// never contacted.
/// Its description and mirror show the token URL, never the identity header.
public struct ManagedIdentityCredential: TokenCredential, CustomStringConvertible,
  CustomDebugStringConvertible, CustomReflectable
{
  public let name = "managed identity"
  /// The token URL, query included.
  public let tokenURL: String
  private let identityHeader: String
  private let httpConfiguration: HTTPClientConfiguration

  /// Creates a credential.
  ///
  /// - Parameters:
  ///   - endpoint: The value of `IDENTITY_ENDPOINT`.
  ///   - identityHeader: The value of `IDENTITY_HEADER`; it never appears in errors.
  ///   - clientID: The client id of a user-assigned identity, or `nil` for the system one.
  ///   - httpConfiguration: Timeouts and retries for the token request.
  /// - Throws: `CredentialError` when the endpoint is plain HTTP to a host that is not loopback.
  public init(
    endpoint: String, identityHeader: String, clientID: String? = nil,
    httpConfiguration: HTTPClientConfiguration = HTTPClientConfiguration()
  ) throws(CredentialError) {
    try TokenEndpoint.requireSecure(endpoint, variable: "IDENTITY_ENDPOINT")
    var query = [
      ("api-version", "2019-08-01"), ("resource", DigitalTwinsAudience.resource),
    ]
    if let clientID, !clientID.isEmpty { query.append(("client_id", clientID)) }
    let separator = endpoint.contains("?") ? "&" : "?"
    let queryText = query.map { "\($0)=\(TokenEndpoint.formEncoded($1))" }.joined(separator: "&")
    self.tokenURL = endpoint + separator + queryText
    self.identityHeader = identityHeader
    self.httpConfiguration = httpConfiguration
  }

  public func token(at now: Date) throws(CredentialError) -> AccessToken {
    let request = HTTPClientRequest(
      method: .get, url: tokenURL,
      headers: ["X-IDENTITY-HEADER": identityHeader, "Accept": "application/json"])
    let object = try TokenEndpoint.send(
      request, source: name, secrets: [identityHeader], configuration: httpConfiguration)
    return try TokenEndpoint.accessToken(from: object, now: now, source: name)
  }

  public var description: String {
    "ManagedIdentityCredential(tokenURL: \(redactedURL(tokenURL)), header redacted)"
  }

  public var debugDescription: String { description }

  public var customMirror: Mirror { Mirror(self, children: ["tokenURL": redactedURL(tokenURL)]) }
}
