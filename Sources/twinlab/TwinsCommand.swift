import Foundation
import TwinLabModel
import TwinLabTwins

/// `twinlab twins`: manages models, twins and relationships in the embedded twin
/// store, which keeps its state in a JSON file between commands.
struct TwinsCommand: Subcommand {
  static let name = "twins"
  static let summary = "manage digital-twin models, twins and relationships, and run queries"
  static let help = """
    usage: twinlab twins [--backend mock] [--store PATH] COMMAND [ARGUMENTS]

    Manages the embedded twin store, which follows the Azure Digital Twins
    semantics: models are validated, every write is checked against its model,
    and failures print the service's error code.

    commands:
      models upload PATH          upload DTDL models from a .json file or a folder of them
      models list                 list the uploaded models
      models show ID              show one model with its definition
      models decommission ID      mark a model decommissioned
      models delete ID            delete a model
      create ID MODEL [JSON]      create or replace a twin; JSON holds its properties
      show ID                     show a twin
      patch ID PATCH              apply a JSON Patch (JSON text or @file)
      delete ID                   delete a twin
      relate SOURCE NAME TARGET   create a relationship (--id ID names it)
      unrelate SOURCE REL_ID      delete a relationship
      relationships ID            list a twin's relationships (--incoming for incoming)
      query TEXT                  run a query and print every row
      sync FILE                   make the lab's twins and relationships match the
                                  scenario in FILE (--plan prints the plan only)

    options:
      --backend NAME   the backend; only mock (the embedded store) is available
      --store PATH     the store file (default $XDG_STATE_HOME/twinlab/twins.json,
                       or ~/.local/state/twinlab/twins.json)
      --id ID          the relationship id for relate (default SOURCE-NAME-TARGET)
      --incoming       list incoming relationships instead of outgoing ones
      --plan           with sync, print the changes without making them

    Exit status: 0 success, 64 usage error, 65 rejected by the store (the
    message starts with the service's error code) or invalid JSON, 66 missing
    input file, 70 store file that cannot be written.
    """

  static func run(_ arguments: [String]) throws -> ExitStatus {
    let scanner = ArgumentScanner(valued: ["backend", "store", "id"], flags: ["incoming", "plan"])
    let options = try scanner.scan(arguments)
    if let backend = options.values["backend"], backend != "mock" {
      throw CommandFailure.usage(
        "the backend '\(backend)' is not available in this build; use --backend mock")
    }
    let path = options.values["store"] ?? defaultStorePath()
    var words = options.positionals[...]
    guard let command = words.popFirst() else {
      throw CommandFailure.usage("missing command; see 'twinlab twins --help'")
    }

    if command == "sync" {
      let backend: EmbeddedBackend
      do {
        backend = try EmbeddedBackend(path: path)
      } catch {
        throw CommandFailure(status: .dataError, message: error.description)
      }
      _ = try TwinsSync.run(Array(words), plan: options.flags.contains("plan"), backend: backend)
      return .success
    }
    var store: TwinStore
    do {
      store = try TwinStore.load(from: path)
    } catch {
      throw CommandFailure(status: .dataError, message: error.description)
    }
    var session = TwinsSession(store: store, options: options)
    do {
      let changed = try session.perform(command, Array(words))
      store = session.store
      if changed {
        do {
          try store.save(to: path)
        } catch {
          throw CommandFailure(status: .software, message: error.description)
        }
      }
    } catch let error as TwinStoreError {
      throw CommandFailure(
        status: .dataError, message: "\(error.code) (\(error.status)): \(error.message)")
    }
    return .success
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
