/// Why no token could be had. Messages never contain a token, a client secret or the managed
/// identity header: values that came from a server or the Azure CLI are scrubbed of them.
public enum CredentialError: Error, Equatable, CustomStringConvertible {
  /// No credential source is configured; `checked` lists what was looked for.
  case notConfigured(checked: [String])
  /// An environment variable contains a value that cannot be used.
  case invalidSetting(variable: String, value: String, expected: String)
  /// A secret would go over plain HTTP to a host that is not loopback, or to a link-local
  /// metadata address.
  case insecureEndpoint(variable: String, url: String)
  /// The token endpoint could not be reached.
  case requestFailed(source: String, detail: String)
  /// The token endpoint returned an error status.
  case rejected(source: String, status: Int, code: String?, detail: String)
  /// The token endpoint or the Azure CLI returned output without a usable token.
  case invalidResponse(source: String, detail: String)
  /// No executable `az` is on the `PATH`.
  case cliNotFound(path: String)
  /// The Azure CLI is installed but not signed in.
  case cliNotLoggedIn
  /// The Azure CLI exited with an error.
  case cliFailed(status: Int32, detail: String)
  /// The Azure CLI did not finish in time.
  case cliTimedOut(after: Duration)

  public var description: String {
    switch self {
    case .notConfigured(let checked):
      return "no Azure credential is configured; checked: \(checked.joined(separator: "; "))"
    case .invalidSetting(let variable, let value, let expected):
      return "invalid \(variable) '\(value)': expected \(expected)"
    case .insecureEndpoint(let variable, let url):
      return
        "\(variable) '\(url)' is not allowed: secrets go only over https:// or to loopback "
        + "(127.0.0.1, localhost) over http://"
    case .requestFailed(let source, let detail):
      return "\(source): token request failed: \(detail)"
    case .rejected(let source, let status, let code, let detail):
      let codeText = code.map { " \($0)" } ?? ""
      return "\(source): token request rejected with status \(status)\(codeText): \(detail)"
    case .invalidResponse(let source, let detail):
      return "\(source): invalid token response: \(detail)"
    case .cliNotFound(let path):
      return "Azure CLI: no executable 'az' on PATH (\(path)); install it or set other credentials"
    case .cliNotLoggedIn:
      return "Azure CLI: not signed in; run 'az login'"
    case .cliFailed(let status, let detail):
      return "Azure CLI: 'az account get-access-token' exited with status \(status): \(detail)"
    case .cliTimedOut(let after):
      return "Azure CLI: 'az account get-access-token' timed out after \(after.formattedSeconds)"
    }
  }
}

/// `text` with every non-empty secret replaced by `[redacted]`, cut to its first line and at
/// most 300 characters.
func scrubbed(_ text: String, removing secrets: [String]) -> String {
  var result = text
  for secret in secrets where !secret.isEmpty {
    result = result.replacingOccurrences(of: secret, with: "[redacted]")
  }
  let firstLine = result.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
  return firstLine.count > 300 ? String(firstLine.prefix(300)) + "…" : firstLine
}
