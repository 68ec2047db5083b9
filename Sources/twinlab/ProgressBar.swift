import Foundation
import Synchronization

/// A one-line progress bar on stderr: done/total, elapsed time and an estimate
/// of the time left. Silent when `enabled` is false (stderr is not a terminal).
final class ProgressBar: Sendable {
  let total: Int
  let enabled: Bool
  let start = Date()
  private let state = Mutex<(done: Int, lastDraw: Double)>((0, -1))

  init(total: Int, enabled: Bool) {
    self.total = total
    self.enabled = enabled
  }

  /// Runs finished so far.
  var done: Int { state.withLock { $0.done } }

  /// Records `done` finished runs and redraws at most ten times a second.
  func update(_ done: Int) {
    let elapsed = Date().timeIntervalSince(start)
    let line: String? = state.withLock { state in
      state.done = max(state.done, done)
      guard enabled, elapsed - state.lastDraw >= 0.1 || state.done == total else { return nil }
      state.lastDraw = elapsed
      return Self.line(done: state.done, total: total, elapsed: elapsed)
    }
    if let line { writeStandardError("\r" + line) }
  }

  /// Sets the count after an experiment, whose runs may have been dropped.
  func settle(_ done: Int) {
    state.withLock { $0.done = done }
  }

  /// Clears the bar's line.
  func finish() {
    guard enabled else { return }
    writeStandardError("\r" + String(repeating: " ", count: 79) + "\r")
  }

  /// `[#######.............]  12/40  elapsed 0:03  left 0:09`
  static func line(done: Int, total: Int, elapsed: Double, width: Int = 28) -> String {
    let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
    let filled = Int((fraction * Double(width)).rounded(.down))
    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
    var text = "[\(bar)] \(done)/\(total)  elapsed \(clock(elapsed))"
    if done > 0, done < total {
      text += "  left \(clock(elapsed / Double(done) * Double(total - done)))"
    }
    return text
  }

  /// `m:ss`, or `h:mm:ss` from an hour on.
  static func clock(_ seconds: Double) -> String {
    let whole = Int(max(0, min(seconds, 3.6e7)).rounded())
    let (hours, minutes, secs) = (whole / 3600, whole / 60 % 60, whole % 60)
    let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
    return hours > 0
      ? "\(hours):\(twoDigits(minutes)):\(twoDigits(secs))" : "\(minutes):\(twoDigits(secs))"
  }
}
