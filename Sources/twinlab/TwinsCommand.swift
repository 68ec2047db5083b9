import Foundation
import TwinLabModel
import TwinLabTwins

/// `twinlab twins`: manages models, twins and relationships in a twin backend.
struct TwinsCommand: Subcommand {
  static let name = "twins"
  static let summary = "manage digital-twin models, twins and relationships, and run queries"
  static let help = """
    usage: twinlab twins [--backend mock|http|azure] [--endpoint URL] [--store PATH]
                         COMMAND [ARGUMENTS]

    Manages models, twins and relationships in a twin backend: the embedded
    store (mock, kept in a JSON file between commands), a server speaking the
    Azure Digital Twins REST API (http), or Azure Digital Twins (azure, with
    credentials from AZURE_DIGITAL_TWINS_TOKEN, AZURE_TENANT_ID/AZURE_CLIENT_ID/
    AZURE_CLIENT_SECRET, managed identity or the Azure CLI). Every backend
    follows the service's semantics: models are validated, every write is
    checked against its model, and failures print the service's error code.

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
    \(BackendOptions.help)
      --id ID          the relationship id for relate (default SOURCE-NAME-TARGET)
      --incoming       list incoming relationships instead of outgoing ones
      --plan           with sync, print the changes without making them

    Exit status: 0 success, 64 usage error or unusable backend settings, 65
    rejected by the backend (the message starts with the service's error code)
    or invalid JSON, 66 missing input file, 70 store file that cannot be
    written or a backend that cannot be reached.
    """

  static func run(_ arguments: [String]) throws -> ExitStatus {
    let scanner = ArgumentScanner(
      valued: BackendOptions.valuedOptions.union(["id"]), flags: ["incoming", "plan"])
    let options = try scanner.scan(arguments)
    let backendOptions = try BackendOptions(options)
    var words = options.positionals[...]
    guard let command = words.popFirst() else {
      throw CommandFailure.usage("missing command; see 'twinlab twins --help'")
    }

    let backend = try backendOptions.makeBackend()
    if command == "sync" {
      try TwinsSync.run(Array(words), plan: options.flags.contains("plan"), backend: backend)
      return .success
    }
    let session = TwinsSession(backend: backend, options: options)
    do {
      try session.perform(command, Array(words))
      try backend.flush()
    } catch let error as TwinBackendError {
      throw BackendOptions.failure(for: error)
    }
    return .success
  }
}
