import Foundation
import TwinLabModel

/// What the streamer does when its outbox of patches is full.
public enum StreamerDropPolicy: String, Sendable, CaseIterable {
  /// The producer waits for the sender to make room (backpressure).
  case wait
  /// The producer goes on; updates keep merging into the open window and into
  /// queued patches, and `merged` counts every value replaced before sending.
  case report
}

/// Settings of a `TwinStreamer`.
public struct StreamerOptions: Sendable {
  /// Length of one flush window in simulated seconds: updates to one twin
  /// inside a window become one patch. A length that is not positive becomes 60.
  public var window: Double
  /// Patches sent per second of wall-clock time; `nil` is unlimited.
  public var patchesPerSecond: Double?
  /// Patches sent in one round before the streamer returns to the producer.
  public var batchSize: Int
  /// Patches the outbox holds before the drop policy applies.
  public var capacity: Int
  public var dropPolicy: StreamerDropPolicy
  /// Attempts per patch, the first included, on throttling and transport errors.
  public var maxAttempts: Int
  /// Wall-clock seconds before the first retry; each further retry doubles it.
  public var retryDelay: Double

  public init(
    window: Double = 60, patchesPerSecond: Double? = nil, batchSize: Int = 64,
    capacity: Int = 4096, dropPolicy: StreamerDropPolicy = .wait, maxAttempts: Int = 4,
    retryDelay: Double = 0.2
  ) {
    self.window = window > 0 ? window : 60
    self.patchesPerSecond = patchesPerSecond.flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
    self.batchSize = max(1, batchSize)
    self.capacity = max(1, capacity)
    self.dropPolicy = dropPolicy
    self.maxAttempts = max(1, maxAttempts)
    self.retryDelay = max(0, retryDelay)
  }

  /// Returns the defaults for a backend kind: 50 patches per second for `http`
  /// and `azure`, unlimited for `mock`.
  ///
  /// NOTE: Azure Digital Twins allows 10 writes per second per twin. The rate
  /// is total, not per twin, so it keeps under that limit only while the
  /// patches spread over five twins or more; flush windows keep it to one
  /// patch per twin and window.
  public static func defaults(forBackend kind: String) -> StreamerOptions {
    kind == "mock" ? StreamerOptions() : StreamerOptions(patchesPerSecond: 50)
  }
}

/// Counts of what a streamer did with the updates it was given.
///
/// Every update ends in exactly one of `merged`, `sentUpdates` or
/// `failedUpdates`, so `produced == merged + sentUpdates + failedUpdates`
/// once the streamer is finished.
public struct StreamerSummary: Sendable, Equatable {
  /// Property updates handed to the streamer.
  public var produced = 0
  /// Updates replaced by a later value for the same twin property before sending.
  public var merged = 0
  /// Patches the backend accepted.
  public var sent = 0
  /// Property updates inside the accepted patches.
  public var sentUpdates = 0
  /// Requests sent again: the streamer's own retries plus the backend client's.
  public var retried = 0
  /// Patches that failed after every attempt.
  public var failed = 0
  /// Property updates inside the failed patches.
  public var failedUpdates = 0
  /// The first errors of failed patches, as `twin: error`, at most ten.
  public var errors: [String] = []

  public init() {}

  /// The counts as a JSON object, in the order `produced`, `merged`, `sent`,
  /// `retried`, `failed`.
  public var json: JSONObject {
    [
      "produced": .number(Double(produced)), "merged": .number(Double(merged)),
      "sent": .number(Double(sent)), "retried": .number(Double(retried)),
      "failed": .number(Double(failed)),
    ]
  }
}

/// Wall-clock time for rate limiting and retry backoff, replaceable in tests.
public protocol StreamerClock: AnyObject {
  /// Seconds since an arbitrary fixed origin.
  func now() -> Double
  /// Blocks until `now()` reaches `deadline`.
  func sleep(until deadline: Double)
}

/// The process's monotonic clock.
public final class SystemStreamerClock: StreamerClock {
  public init() {}

  public func now() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1_000_000_000
  }

  public func sleep(until deadline: Double) {
    let remaining = deadline - now()
    if remaining > 0 { Thread.sleep(forTimeInterval: remaining) }
  }
}

/// A clock that only moves when told to: `sleep` jumps to the deadline.
public final class ManualStreamerClock: StreamerClock {
  public private(set) var current: Double
  /// Every deadline passed to `sleep`, in order.
  public private(set) var sleeps: [Double] = []

  public init(start: Double = 0) { current = start }

  public func now() -> Double { current }

  public func sleep(until deadline: Double) {
    sleeps.append(deadline)
    if deadline > current { current = deadline }
  }

  /// Moves the clock forward by `seconds`.
  public func advance(by seconds: Double) { current += seconds }
}
