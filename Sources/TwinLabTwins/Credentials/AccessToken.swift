import Foundation

/// A bearer token and its expiry. Its description, debug description and mirror are redacted,
/// so printing, interpolating or dumping a token never shows the secret.
public struct AccessToken: Sendable, Equatable, CustomStringConvertible,
  CustomDebugStringConvertible, CustomReflectable
{
  /// The token itself, for the `Authorization: Bearer` header only.
  public let secret: String
  /// When the token stops being valid; `Date.distantFuture` when the source gave no expiry.
  public let expiresOn: Date

  /// Creates a token.
  public init(secret: String, expiresOn: Date) {
    self.secret = secret
    self.expiresOn = expiresOn
  }

  /// The value for the `Authorization` header.
  public var authorizationHeader: String { "Bearer \(secret)" }

  public var description: String {
    let expiry =
      expiresOn == .distantFuture ? "no known expiry" : "expires \(expiresOn.ISO8601Format())"
    return "AccessToken(redacted, \(expiry))"
  }

  public var debugDescription: String { description }

  public var customMirror: Mirror {
    Mirror(self, children: ["secret": "redacted", "expiresOn": expiresOn])
  }
}
