import Synchronization

/// A flag that a signal watcher or another thread sets to stop transfers in progress.
///
/// `HTTPClient` checks it from libcurl's progress callback, several times a second while a
/// transfer runs, and between retries, and then throws `HTTPClientError.aborted`.
public final class AbortFlag: Sendable {
  private let value = Atomic<Bool>(false)

  /// Creates a flag that is not set.
  public init() {}

  /// Whether the flag is set.
  public var isSet: Bool { value.load(ordering: .acquiring) }

  /// Sets the flag; safe to call from any thread.
  public func set() {
    value.store(true, ordering: .releasing)
  }

  /// Clears the flag, for instance before the next command in a REPL.
  public func clear() {
    value.store(false, ordering: .releasing)
  }
}
