import Foundation

/// The signed-in Azure CLI: runs `az account get-access-token --output json --resource
/// https://digitaltwins.azure.net`, with `az` looked up on the given `PATH`.
public struct AzureCLICredential: TokenCredential {
  public let name = "Azure CLI"
  /// The `az` executable that will run.
  public let executablePath: String
  /// The maximum run time of the CLI; it is terminated after that.
  public let timeout: Duration
  private let environment: [String: String]

  /// Creates a credential when an executable `az` is on the `PATH` of `environment`.
  ///
  /// - Parameters:
  ///   - environment: The variables the CLI runs with; its `PATH` is searched for `az`.
  ///   - timeout: The maximum run time of the CLI.
  /// - Throws: `CredentialError.cliNotFound` when no directory on `PATH` contains `az`.
  public init(environment: [String: String], timeout: Duration = .seconds(10))
    throws(CredentialError)
  {
    let path = environment["PATH"] ?? ""
    let candidates = path.split(separator: ":").map { "\($0)/az" }
    guard let found = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
      throw .cliNotFound(path: path)
    }
    self.executablePath = found
    self.timeout = timeout
    self.environment = environment
  }

  public func token(at now: Date) throws(CredentialError) -> AccessToken {
    let output = try run()
    guard output.status == 0 else {
      let stderr = String(decoding: output.stderr, as: UTF8.self)
      if stderr.contains("az login") || stderr.contains("az account set") {
        throw .cliNotLoggedIn
      }
      throw .cliFailed(status: output.status, detail: Self.safeDetail(stderr))
    }

    guard let object = (try? JSONSerialization.jsonObject(with: output.stdout)) as? [String: Any],
      let secret = object["accessToken"] as? String, !secret.isEmpty
    else {
      throw .invalidResponse(source: name, detail: "the output has no accessToken")
    }
    // `expires_on` (epoch seconds, az 2.54.0 and later) is exact; `expiresOn` is a local time
    // without a zone.
    if let expiresOn = TokenEndpoint.epochSeconds(object["expires_on"]) {
      return AccessToken(secret: secret, expiresOn: Date(timeIntervalSince1970: expiresOn))
    }
    if let text = object["expiresOn"] as? String, let date = Self.parseLocalDate(text) {
      return AccessToken(secret: secret, expiresOn: date)
    }
    throw .invalidResponse(source: name, detail: "the output has no expires_on or expiresOn")
  }

  private struct Output {
    var status: Int32
    var stdout: Data
    var stderr: Data
  }

  private func run() throws(CredentialError) -> Output {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executablePath)
    process.arguments = [
      "account", "get-access-token", "--output", "json", "--resource",
      DigitalTwinsAudience.resource,
    ]
    var variables = environment
    variables["AZURE_CORE_NO_COLOR"] = "true"
    process.environment = variables
    // A fixed directory keeps the CLI from reading configuration in the caller's directory.
    process.currentDirectoryURL = URL(fileURLWithPath: "/")
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    process.standardInput = FileHandle.nullDevice

    let exited = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in exited.signal() }
    let stdoutData = PipeReader(stdout.fileHandleForReading)
    let stderrData = PipeReader(stderr.fileHandleForReading)
    do {
      try process.run()
    } catch {
      throw .cliFailed(status: -1, detail: "could not start \(executablePath)")
    }
    let seconds = Double(timeout.milliseconds) / 1000
    guard exited.wait(timeout: .now() + seconds) == .success else {
      process.terminate()
      throw .cliTimedOut(after: timeout)
    }
    // Children of the CLI may hold the pipes open; wait for the output only briefly.
    return Output(
      status: process.terminationStatus, stdout: stdoutData.wait(seconds: 2),
      stderr: stderrData.wait(seconds: 2))
  }

  /// The first line of the CLI's error output, unless it may hold a token.
  private static func safeDetail(_ stderr: String) -> String {
    let line = scrubbed(stderr, removing: [])
    if line.isEmpty { return "no error output" }
    // "eyJ" starts every base64url-encoded JWT header.
    if line.contains("accessToken") || line.contains("eyJ") { return "error output withheld" }
    return line
  }

  private static func parseLocalDate(_ text: String) -> Date? {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = .current
    for format in ["yyyy-MM-dd HH:mm:ss.SSSSSS", "yyyy-MM-dd HH:mm:ss"] {
      formatter.dateFormat = format
      if let date = formatter.date(from: text) { return date }
    }
    return nil
  }
}

/// Reads a pipe to its end on a background thread, so that a child writing more than the pipe
/// buffer does not block while the parent waits for it to exit.
private final class PipeReader: @unchecked Sendable {
  // Written once by the reading thread before `done` is signalled, read only after that.
  private var data = Data()
  private let done = DispatchSemaphore(value: 0)

  init(_ handle: FileHandle) {
    Thread.detachNewThread { [self] in
      data = handle.readDataToEndOfFile()
      done.signal()
    }
  }

  /// The data read, or empty data when the pipe stays open longer than `seconds`.
  func wait(seconds: Double) -> Data {
    done.wait(timeout: .now() + seconds) == .success ? data : Data()
  }
}
