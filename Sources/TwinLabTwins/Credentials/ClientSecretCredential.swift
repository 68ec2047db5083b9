import Foundation

/// The OAuth 2.0 client-credentials flow against Microsoft Entra ID: a form POST of the client
/// id and secret to `{authority}/{tenant}/oauth2/v2.0/token`.
/// Its description and mirror show the token URL and client id, never the secret.
public struct ClientSecretCredential: TokenCredential, CustomStringConvertible,
  CustomDebugStringConvertible, CustomReflectable
{
  public let name = "client secret"
  /// The token URL the secret is sent to.
  public let tokenURL: String
  private let clientID: String
  private let clientSecret: String
  private let httpConfiguration: HTTPClientConfiguration

  /// The authority used when `AZURE_AUTHORITY_HOST` is not set.
  public static let defaultAuthorityHost = "https://login.microsoftonline.com"

  /// Creates a credential.
  ///
  /// - Parameters:
  ///   - tenantID: The directory (tenant) id or domain.
  ///   - clientID: The application (client) id.
  ///   - clientSecret: The client secret; it never appears in errors.
  ///   - authorityHost: The authority URL; `https://` is assumed without a scheme.
  ///   - httpConfiguration: Timeouts and retries for the token request.
  /// - Throws: `CredentialError` when the tenant is malformed or the authority is plain HTTP to
  ///   a host that is not loopback.
  public init(
    tenantID: String, clientID: String, clientSecret: String,
    authorityHost: String = ClientSecretCredential.defaultAuthorityHost,
    httpConfiguration: HTTPClientConfiguration = HTTPClientConfiguration()
  ) throws(CredentialError) {
    let tenantCharacters = CharacterSet(
      charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_")
    guard !tenantID.isEmpty, tenantID.unicodeScalars.allSatisfy(tenantCharacters.contains) else {
      throw .invalidSetting(
        variable: "AZURE_TENANT_ID", value: tenantID,
        expected: "a tenant id or domain of letters, digits, '.', '-' and '_'")
    }
    var authority = authorityHost.trimmingCharacters(in: .whitespaces)
    if !authority.contains("://") { authority = "https://" + authority }
    while authority.hasSuffix("/") { authority.removeLast() }
    try TokenEndpoint.requireSecure(authority, variable: "AZURE_AUTHORITY_HOST")

    self.tokenURL = "\(authority)/\(tenantID)/oauth2/v2.0/token"
    self.clientID = clientID
    self.clientSecret = clientSecret
    self.httpConfiguration = httpConfiguration
  }

  public func token(at now: Date) throws(CredentialError) -> AccessToken {
    let form = [
      ("grant_type", "client_credentials"), ("client_id", clientID),
      ("client_secret", clientSecret), ("scope", DigitalTwinsAudience.scope),
    ]
    let body = form.map { "\($0)=\(TokenEndpoint.formEncoded($1))" }.joined(separator: "&")
    let request = HTTPClientRequest(
      method: .post, url: tokenURL,
      headers: [
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json",
      ],
      body: Array(body.utf8), isRetryable: true)
    let object = try TokenEndpoint.send(
      request, source: name, secrets: [clientSecret, TokenEndpoint.formEncoded(clientSecret)],
      configuration: httpConfiguration)
    return try TokenEndpoint.accessToken(from: object, now: now, source: name)
  }

  public var description: String {
    "ClientSecretCredential(tokenURL: \(tokenURL), clientID: \(clientID), secret redacted)"
  }

  public var debugDescription: String { description }

  public var customMirror: Mirror {
    Mirror(self, children: ["tokenURL": tokenURL, "clientID": clientID])
  }
}
