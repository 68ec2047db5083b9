import Foundation
import TwinLabModel
import TwinLabTwins

/// The `--backend`, `--endpoint` and `--store` options shared by every command that talks to
/// a twin backend, and the mapping of backend failures to exit codes.
struct BackendOptions {
  /// The valued options this helper reads, for the command's `ArgumentScanner`.
  static let valuedOptions: Set<String> = ["backend", "endpoint", "store"]
  /// The backend names `--backend` accepts.
  static let kinds = ["mock", "http", "azure"]

  /// Help lines for the options, to paste into a command's help text.
  static let help = """
      --backend NAME   mock (the embedded store, default), http (any server speaking the
                       Azure Digital Twins REST API, such as 'twinlab serve') or azure
      --endpoint URL   the server for http, such as http://127.0.0.1:8080; for azure the
                       instance, https://NAME.api.REGION.digitaltwins.azure.net
      --store PATH     the store file for mock (default $XDG_STATE_HOME/twinlab/twins.json,
                       or ~/.local/state/twinlab/twins.json)
    """

  /// `mock`, `http` or `azure`.
  var kind: String
  /// The endpoint URL for `http` and `azure`.
  var endpoint: String?
  /// The store file for `mock`.
  var storePath: String

  /// Reads the options from scanned arguments.
  ///
  /// - Throws: a usage `CommandFailure` for an unknown backend, a missing `--endpoint`, or an
  ///   option that does not apply to the chosen backend.
  init(_ options: ArgumentScanner.Result) throws {
    kind = options.values["backend"] ?? "mock"
    endpoint = options.values["endpoint"]
    storePath = options.values["store"] ?? Self.defaultStorePath()
    guard Self.kinds.contains(kind) else {
      var message = "unknown backend '\(kind)'; use mock, http or azure"
      if let near = nearestName(to: kind, among: Self.kinds) {
        message += " (did you mean '\(near)'?)"
      }
      throw CommandFailure.usage(message)
    }
    if kind == "mock" {
      if endpoint != nil {
        throw CommandFailure.usage(
          "--endpoint applies to --backend http or azure, not mock; use --store for mock")
      }
    } else {
      guard endpoint != nil else {
        throw CommandFailure.usage("--backend \(kind) needs --endpoint URL")
      }
      if options.values["store"] != nil {
        throw CommandFailure.usage("--store applies to --backend mock, not \(kind)")
      }
    }
  }

  /// Opens the chosen backend. An `azure` backend reads its credentials from `environment`.
  func makeBackend(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> any TwinBackend {
    do {
      switch kind {
      case "http":
        return try RESTBackend(endpoint: endpoint ?? "", client: try makeClient())
      case "azure":
        return try RESTBackend.azure(
          endpoint: endpoint ?? "", environment: environment, client: try makeClient())
      default:
        try Self.rejectFolder(storePath)
        do {
          return try EmbeddedBackend(path: storePath)
        } catch {
          // A store file that cannot be read is bad input data, not a runtime failure.
          throw CommandFailure(status: .dataError, message: error.description)
        }
      }
    } catch let error as TwinBackendError {
      throw Self.failure(for: error)
    }
  }

  private func makeClient() throws -> HTTPClient {
    do {
      return try HTTPClient()
    } catch {
      throw CommandFailure(status: .software, message: error.description)
    }
  }

  /// The exit status and message for a backend failure: 65 with the service's error code
  /// for a rejected request, 70 for a transport or storage failure, 64 for a backend that
  /// cannot be used as configured.
  static func failure(for error: TwinBackendError) -> CommandFailure {
    switch error {
    case .service(let serviceError):
      return CommandFailure(
        status: .dataError,
        message: "\(serviceError.code) (\(serviceError.status)): \(serviceError.message)")
    case .transport(let message):
      return CommandFailure(status: .software, message: message)
    case .configuration(let message):
      return CommandFailure(status: .usage, message: message)
    case .storage(let message):
      return CommandFailure(status: .software, message: message)
    }
  }

  /// Throws a missing-input failure (66) when `path` names a folder, which no store
  /// file can replace.
  static func rejectFolder(_ path: String) throws {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
      throw CommandFailure(
        status: .noInput, message: "store '\(path)' is a folder; --store takes a file path")
    }
  }

  /// `$XDG_STATE_HOME/twinlab/twins.json`, or `~/.local/state/twinlab/twins.json`
  /// when the variable is unset or empty.
  static func defaultStorePath() -> String {
    let environment = ProcessInfo.processInfo.environment
    if let state = environment["XDG_STATE_HOME"], !state.isEmpty {
      return state + "/twinlab/twins.json"
    }
    let home = environment["HOME"] ?? NSHomeDirectory()
    return home + "/.local/state/twinlab/twins.json"
  }
}
