import Foundation
import Synchronization

/// Caches the token of a credential and fetches a new one five minutes before it expires.
///
/// Callers on several threads share one fetch: the lock is held while fetching, so a burst of
/// requests at expiry causes one token request, not one each.
public final class TokenCache: Sendable {
  /// The source of new tokens.
  public let credential: any TokenCredential
  /// How long before expiry a token is replaced.
  public let refreshMargin: Duration

  private let now: @Sendable () -> Date
  private let state = Mutex<State>(State())

  private struct State {
    var token: AccessToken?
    var fetches = 0
  }

  /// Creates a cache.
  ///
  /// - Parameters:
  ///   - credential: The source of new tokens.
  ///   - refreshMargin: How long before expiry a token is replaced; five minutes by default.
  ///   - now: The clock; tests pass a fixed one.
  public init(
    credential: any TokenCredential, refreshMargin: Duration = .seconds(300),
    now: @escaping @Sendable () -> Date = Date.init
  ) {
    self.credential = credential
    self.refreshMargin = refreshMargin
    self.now = now
  }

  /// The number of tokens fetched from the credential so far.
  public var fetchCount: Int { state.withLock { $0.fetches } }

  /// The cached token while it has more than `refreshMargin` left, else a new one.
  ///
  /// - Throws: The credential's `CredentialError` when a new token is needed and cannot be had.
  public func token() throws(CredentialError) -> AccessToken {
    let result = state.withLock { state -> Result<AccessToken, CredentialError> in
      let current = now()
      let margin = Double(refreshMargin.milliseconds) / 1000
      if let token = state.token, token.expiresOn.timeIntervalSince(current) > margin {
        return .success(token)
      }
      state.fetches += 1
      let fetched = Result { () throws(CredentialError) in try credential.token(at: current) }
      state.token = try? fetched.get()
      return fetched
    }
    return try result.get()
  }

  /// Drops the cached token, so the next call fetches a new one; call it once after the
  /// service returns 401, then retry the request once.
  public func invalidate() {
    state.withLock { $0.token = nil }
  }
}
