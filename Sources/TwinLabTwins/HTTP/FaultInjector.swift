import Foundation
import Synchronization

/// Wraps a server handler so that a seeded share of requests is throttled (429), rejected as
/// unavailable (503) or delayed, for testing how clients cope.
///
/// Each request draws from one generator shared by all connections, so a fixed seed gives the
/// same faults for the same order of requests; concurrent requests may take the draws in any
/// order. Every second 429 carries `Retry-After`, the others none, because the service
/// sometimes throttles without one.
public final class FaultInjector: Sendable {
  /// The rates in force.
  public let spec: FaultSpec
  /// The `Retry-After` value in seconds sent with every 503 and every second 429.
  public let retryAfterSeconds: Int

  private let state: Mutex<State>

  private struct State {
    var random: SeededRandomNumberGenerator
    var counts = FaultCounts()
  }

  /// Creates an injector.
  ///
  /// - Parameters:
  ///   - spec: The fault rates.
  ///   - seed: The seed of the generator that decides which requests fail.
  ///   - retryAfterSeconds: The `Retry-After` value sent with injected faults.
  public init(spec: FaultSpec, seed: UInt64, retryAfterSeconds: Int = 1) {
    self.spec = spec
    self.retryAfterSeconds = retryAfterSeconds
    self.state = Mutex(State(random: SeededRandomNumberGenerator(seed: seed)))
  }

  /// How many faults of each kind were injected so far.
  public var counts: FaultCounts { state.withLock { $0.counts } }

  /// A handler that injects faults and passes the remaining requests to `handler`.
  public func wrap(_ handler: @escaping HTTPServer.Handler) -> HTTPServer.Handler {
    { request in self.handle(request, with: handler) }
  }

  private func handle(_ request: HTTPRequest, with handler: HTTPServer.Handler) -> HTTPResponse {
    enum Fault { case throttle(withRetryAfter: Bool), unavailable, none }
    let (fault, isDelayed) = state.withLock { state -> (Fault, Bool) in
      state.counts.requests += 1
      let draw = Double.random(in: 0..<1, using: &state.random)
      let delayDraw = Double.random(in: 0..<1, using: &state.random)
      let isDelayed = delayDraw < spec.delayRate
      if isDelayed { state.counts.delays += 1 }
      if draw < spec.throttleRate {
        state.counts.throttles += 1
        return (.throttle(withRetryAfter: state.counts.throttles % 2 == 0), isDelayed)
      }
      if draw < spec.throttleRate + spec.unavailableRate {
        state.counts.unavailable += 1
        return (.unavailable, isDelayed)
      }
      return (.none, isDelayed)
    }

    if isDelayed {
      Thread.sleep(forTimeInterval: Double(spec.delay.milliseconds) / 1000)
    }
    let retryAfter: HTTPHeaders = ["Retry-After": String(retryAfterSeconds)]
    switch fault {
    case .throttle(let withRetryAfter):
      return .error(
        status: 429, code: "TooManyRequests", message: "Too many requests; fault injected.",
        headers: withRetryAfter ? retryAfter : [:])
    case .unavailable:
      return .error(
        status: 503, code: "ServiceUnavailable",
        message: "The service is unavailable; fault injected.", headers: retryAfter)
    case .none:
      return handler(request)
    }
  }
}

/// Counts of requests seen and faults injected by a `FaultInjector`.
public struct FaultCounts: Sendable, Equatable {
  /// Requests that reached the injector.
  public var requests = 0
  /// Requests that got 429.
  public var throttles = 0
  /// Requests that got 503.
  public var unavailable = 0
  /// Requests delayed, whether or not they also got a fault status.
  public var delays = 0
}
