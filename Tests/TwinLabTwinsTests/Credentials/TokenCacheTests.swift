import Foundation
import Testing
import TwinLabTwins

@Suite("Token cache")
struct TokenCacheTests {
  @Test("refreshes five minutes before expiry")
  func refreshMargin() throws {
    let clock = TestClock()
    let credential = CountingCredential(lifetime: 3600)
    let cache = TokenCache(credential: credential, now: { clock.now })

    let first = try cache.token()
    clock.advance(seconds: 3600 - 301)
    let stillCached = try cache.token()
    clock.advance(seconds: 1)
    let refreshed = try cache.token()

    #expect(first.secret == "token-1")
    #expect(stillCached.secret == "token-1")
    #expect(refreshed.secret == "token-2")
    #expect(credential.fetches == 2)
    #expect(cache.fetchCount == 2)
  }

  @Test("invalidate forces one refresh")
  func invalidateRefreshes() throws {
    let clock = TestClock()
    let credential = CountingCredential(lifetime: 3600)
    let cache = TokenCache(credential: credential, now: { clock.now })

    _ = try cache.token()
    cache.invalidate()
    let afterInvalidate = try cache.token()
    let again = try cache.token()

    #expect(afterInvalidate.secret == "token-2")
    #expect(again.secret == "token-2")
    #expect(credential.fetches == 2)
  }

  @Test("concurrent callers share one fetch")
  func singleFlight() throws {
    let credential = CountingCredential(lifetime: 3600)
    let cache = TokenCache(credential: credential)

    DispatchQueue.concurrentPerform(iterations: 20) { _ in _ = try? cache.token() }

    #expect(credential.fetches == 1)
  }

  @Test(
    "explicit token uses JWT expiry",
    arguments: [
      // Header {"alg":"none"}, payload {"exp":1800003600}, empty signature.
      ("eyJhbGciOiJub25lIn0.eyJleHAiOjE4MDAwMDM2MDB9.", Date(timeIntervalSince1970: 1_800_003_600)),
      ("opaque-token", Date.distantFuture),
    ])
  func explicitTokenExpiry(secret: String, expected: Date) throws {
    let chain = try AzureCredentialChain(environment: [
      "AZURE_DIGITAL_TWINS_TOKEN": secret, "AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c",
      "AZURE_CLIENT_SECRET": "s",
    ])

    let token = try chain.token(at: Date())

    #expect(chain.name == "AZURE_DIGITAL_TWINS_TOKEN")
    #expect(token.secret == secret)
    #expect(token.expiresOn == expected)
  }
}
