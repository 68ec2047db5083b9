import TwinLabModel

/// Turns a stream of property updates into rate-limited JSON Patch requests.
///
/// The streamer runs synchronously on the producer's thread, in flush windows
/// of simulated time: updates to one twin inside one window merge into one
/// patch (the last value wins per property path), and when an update arrives
/// past the window's end the window closes, its patches move to the outbox,
/// and the streamer sends what the rate limit allows at that moment. Working
/// on the producer's thread keeps the order of requests, and so the store's
/// final state, the same from run to run, and makes backpressure plain: while
/// the outbox is full under `StreamerDropPolicy.wait`, the producer is the one
/// sleeping for the next send slot. One request is in flight at a time.
///
/// A streamer is used from one thread at a time.
public final class TwinStreamer {
  public let backend: any TwinBackend
  public let options: StreamerOptions
  let clock: any StreamerClock

  public private(set) var summary = StreamerSummary()
  /// The end of the open window in simulated seconds, `nil` before the first update.
  private var windowEnd: Double?
  private var window: [String: PendingPatch] = [:]
  private var windowOrder: [String] = []
  private var outbox: [PendingPatch] = []
  private var outboxHead = 0
  /// Position in `outbox` of the newest queued patch per twin, for merging under `report`.
  private var queuedPosition: [String: Int] = [:]
  /// Top-level properties known to be set on each twin, deciding `add` or `replace`.
  private var setProperties: [String: Set<String>] = [:]
  /// Wall-clock time of the next free send slot under a rate limit.
  private var nextSlot = -Double.infinity

  /// - Parameters:
  ///   - backend: Where patches go.
  ///   - options: Window, rate, capacity, drop policy and retries.
  ///   - clock: Wall-clock time for the rate limit and backoff.
  public init(
    backend: any TwinBackend, options: StreamerOptions = StreamerOptions(),
    clock: any StreamerClock = SystemStreamerClock()
  ) {
    self.backend = backend
    self.options = options
    self.clock = clock
  }

  /// Patches waiting in the outbox.
  public var queuedCount: Int { outbox.count - outboxHead }
  /// Twins with updates in the open window.
  public var windowCount: Int { windowOrder.count }

  /// Records that `properties` are already set on `twinId`, so that the
  /// streamer patches them with `replace`. Twins never named here are read once
  /// from the backend before their first patch.
  public func markSet(twinId: String, properties: some Sequence<String>) {
    setProperties[twinId, default: []].formUnion(properties)
  }

  /// Queues a property update.
  ///
  /// - Parameters:
  ///   - twinId: The twin to patch.
  ///   - path: A JSON Pointer to the property, such as `/status`.
  ///   - value: The property's new value.
  ///   - time: Simulated seconds; an update past the open window closes it first.
  public func update(_ twinId: String, _ path: String, _ value: JSONValue, time: Double) {
    summary.produced += 1
    if let end = windowEnd, time >= end { closeWindow() }
    if windowEnd == nil || time >= (windowEnd ?? 0) {
      let index = (time / options.window).rounded(.down)
      windowEnd = time.isFinite ? (index + 1) * options.window : time
    }
    if window[twinId] == nil {
      window[twinId] = PendingPatch(twinId: twinId)
      windowOrder.append(twinId)
    }
    if window[twinId]?.set(path, value) == true { summary.merged += 1 }
  }

  /// Closes the open window: its patches move to the outbox, as far as the drop
  /// policy lets them, and the streamer sends what the rate limit allows now.
  public func closeWindow() {
    var kept: [String] = []
    for twinId in windowOrder {
      guard let patch = window[twinId] else { continue }
      if options.dropPolicy == .report, let position = queuedPosition[twinId] {
        summary.merged += outbox[position].merge(patch)
        window[twinId] = nil
        continue
      }
      if queuedCount >= options.capacity {
        switch options.dropPolicy {
        case .wait:
          while queuedCount >= options.capacity { sendNext(waiting: true) }
        case .report:
          // The patch stays in the window, where later updates merge into it.
          kept.append(twinId)
          continue
        }
      }
      enqueue(patch)
      window[twinId] = nil
    }
    windowOrder = kept
    pump()
  }

  /// Sends every pending update and returns the final counts: the open window
  /// is closed and the outbox drained, waiting for the rate limit as needed.
  @discardableResult
  public func finish() -> StreamerSummary {
    while !windowOrder.isEmpty || queuedCount > 0 {
      closeWindow()
      while queuedCount > 0 { sendNext(waiting: true) }
    }
    windowEnd = nil
    return summary
  }

  private func enqueue(_ patch: PendingPatch) {
    queuedPosition[patch.twinId] = outbox.count
    outbox.append(patch)
  }

  /// Sends up to one batch of queued patches without waiting for the rate limit.
  private func pump() {
    var sentThisRound = 0
    while queuedCount > 0, sentThisRound < options.batchSize, clock.now() >= nextSlot {
      sendNext(waiting: false)
      sentThisRound += 1
    }
  }

  private func sendNext(waiting: Bool) {
    let patch = outbox[outboxHead]
    if queuedPosition[patch.twinId] == outboxHead { queuedPosition[patch.twinId] = nil }
    outboxHead += 1
    if outboxHead > 1024, outboxHead * 2 > outbox.count {
      outbox.removeFirst(outboxHead)
      queuedPosition = queuedPosition.mapValues { $0 - outboxHead }
      outboxHead = 0
    }
    send(patch)
  }

  /// Sends one patch, retrying throttling and transport errors with doubling delays.
  private func send(_ patch: PendingPatch) {
    let known = knownProperties(of: patch.twinId)
    let document = patch.document(setProperties: known)
    let backendRetriesBefore = backend.retryCount
    var attempt = 1
    while true {
      waitForSlot()
      do {
        try backend.updateTwin(patch.twinId, patch: document, ifMatch: nil)
        summary.sent += 1
        summary.sentUpdates += patch.count
        setProperties[patch.twinId, default: []].formUnion(patch.properties)
        break
      } catch {
        if Self.isRetryable(error), attempt < options.maxAttempts {
          summary.retried += 1
          let delay = options.retryDelay * Double(1 << min(attempt - 1, 20))
          clock.sleep(until: clock.now() + delay)
          attempt += 1
          continue
        }
        summary.failed += 1
        summary.failedUpdates += patch.count
        if summary.errors.count < 10 {
          summary.errors.append("\(patch.twinId): \(error.description)")
        }
        break
      }
    }
    summary.retried += max(0, backend.retryCount - backendRetriesBefore)
  }

  private func waitForSlot() {
    guard let rate = options.patchesPerSecond else { return }
    let start = max(nextSlot, clock.now())
    if start > clock.now() { clock.sleep(until: start) }
    nextSlot = start + 1 / rate
  }

  private func knownProperties(of twinId: String) -> Set<String> {
    if let known = setProperties[twinId] { return known }
    var known: Set<String> = []
    if case .object(let document)? = try? backend.twin(twinId) {
      for key in document.keys where !key.hasPrefix("$") { known.insert(key) }
    }
    setProperties[twinId] = known
    return known
  }

  /// Throttling (429), server errors (500, 502, 503, 504) and transport
  /// failures may pass on a later attempt; anything else will not.
  static func isRetryable(_ error: TwinBackendError) -> Bool {
    switch error {
    case .transport: true
    case .service(let failure): [429, 500, 502, 503, 504].contains(failure.status)
    case .configuration, .storage: false
    }
  }
}
