import Foundation

/// A token given ready-made in `AZURE_DIGITAL_TWINS_TOKEN`.
///
/// Its expiry is the JWT `exp` claim when the token is a readable JWT, otherwise unknown, in
/// which case it is used until the service rejects it.
/// Its description and mirror show only the expiry.
public struct ExplicitTokenCredential: TokenCredential, CustomStringConvertible,
  CustomDebugStringConvertible, CustomReflectable
{
  public let name = "AZURE_DIGITAL_TWINS_TOKEN"
  private let token: AccessToken

  /// Creates a credential for `secret`.
  public init(secret: String) {
    let expiry = Self.jwtExpiry(secret).map { Date(timeIntervalSince1970: $0) } ?? .distantFuture
    token = AccessToken(secret: secret, expiresOn: expiry)
  }

  public func token(at now: Date) throws(CredentialError) -> AccessToken {
    token
  }

  /// The `exp` claim of a JWT, or `nil` when `token` is not one.
  static func jwtExpiry(_ token: String) -> Double? {
    let parts = token.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3 else { return nil }
    var payload = parts[1].replacingOccurrences(of: "-", with: "+")
      .replacingOccurrences(of: "_", with: "/")
    payload += String(repeating: "=", count: (4 - payload.count % 4) % 4)
    guard let data = Data(base64Encoded: payload),
      let claims = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    else { return nil }
    return TokenEndpoint.epochSeconds(claims["exp"])
  }

  public var description: String { "ExplicitTokenCredential(\(token))" }

  public var debugDescription: String { description }

  public var customMirror: Mirror { Mirror(self, children: ["token": token]) }
}
