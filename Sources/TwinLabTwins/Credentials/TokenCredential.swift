import Foundation

/// A source of access tokens for Azure Digital Twins.
public protocol TokenCredential: Sendable {
  /// A short name for messages and summaries, such as `client secret`.
  var name: String { get }

  /// Fetches a new token; `now` is the time its relative expiry is counted from.
  ///
  /// - Throws: `CredentialError` when the source fails.
  func token(at now: Date) throws(CredentialError) -> AccessToken
}

/// The resource and scope that tokens are requested for.
public enum DigitalTwinsAudience {
  /// The resource id, as the Azure CLI and managed identity take it.
  public static let resource = "https://digitaltwins.azure.net"
  /// The OAuth 2.0 scope, as the client-credentials flow takes it.
  public static let scope = "https://digitaltwins.azure.net/.default"
}
