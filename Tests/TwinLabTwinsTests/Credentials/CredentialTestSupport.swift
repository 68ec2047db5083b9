import Foundation
import Synchronization
import TwinLabTwins

/// A clock that tests move by hand.
final class TestClock: Sendable {
  private let current: Mutex<Date>

  init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
    current = Mutex(start)
  }

  var now: Date { current.withLock { $0 } }

  func advance(seconds: Double) {
    current.withLock { $0 = $0.addingTimeInterval(seconds) }
  }
}

/// A credential that hands out numbered tokens valid for `lifetime` seconds from `now`.
final class CountingCredential: TokenCredential {
  let name = "counting"
  let lifetime: Double
  private let count = Mutex(0)

  init(lifetime: Double) {
    self.lifetime = lifetime
  }

  var fetches: Int { count.withLock { $0 } }

  func token(at now: Date) throws(CredentialError) -> AccessToken {
    let number = count.withLock { count in
      count += 1
      return count
    }
    return AccessToken(secret: "token-\(number)", expiresOn: now.addingTimeInterval(lifetime))
  }
}

/// A temporary directory holding a fake `az` script, removed when the value is released.
final class FakeAzureCLI {
  let directory: URL

  /// Writes `script` (shell, without the `#!` line) as an executable `az`.
  init(script: String) throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "twinlab-az-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let path = directory.appendingPathComponent("az").path
    try ("#!/bin/sh\n" + script + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
  }

  deinit {
    try? FileManager.default.removeItem(at: directory)
  }

  /// An environment whose `PATH` finds this `az` first.
  var environment: [String: String] {
    ["PATH": directory.path + ":/usr/bin:/bin", "HOME": directory.path]
  }

  /// The arguments the script saved, when it saved them to `args` in its directory.
  var savedArguments: String? {
    try? String(contentsOf: directory.appendingPathComponent("args"), encoding: .utf8)
  }
}

/// Every string a failure can produce: the description, the debug description, the dump and
/// the localized description.
func producedStrings(of value: Any) -> [String] {
  var dumped = ""
  dump(value, to: &dumped)
  var strings = [String(describing: value), String(reflecting: value), dumped]
  if let error = value as? any Error { strings.append(error.localizedDescription) }
  return strings
}
