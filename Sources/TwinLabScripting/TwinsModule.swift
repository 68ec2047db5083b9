import Foundation
import TwinLabLanguage
import TwinLabModel
import TwinLabTwins

/// The language's `twins` module and `dtdl` function over a twin backend.
///
/// `twins.connect("mock")` opens an in-memory embedded store,
/// `twins.connect(PATH)` one kept in a file and saved after every write,
/// `twins.connect("http URL")` a server speaking the REST API and
/// `twins.connect("azure URL")` Azure Digital Twins. Service errors become
/// `HostError`s that start with the service's error code.
///
/// The interpreter calls a module from one thread at a time, which is what
/// makes the unchecked `Sendable` conformance safe.
public final class TwinsModule: HostModule, @unchecked Sendable {
  public let operations: Set<String> = [
    "twins.connect", "twins.upload", "twins.models", "twins.create", "twins.get", "twins.patch",
    "twins.delete", "twins.relate", "twins.unrelate", "twins.relationships", "twins.query",
    "twins.sync", "dtdl",
  ]
  /// The connected backend, if any.
  public private(set) var backend: (any TwinBackend)?
  let stdlibPath: String?

  /// - Parameters:
  ///   - backend: A backend to start connected to, such as one a test or the REPL opened.
  ///   - stdlibPath: The standard library for `dtdl` and `sync`; `nil` searches as the CLI does.
  public init(backend: (any TwinBackend)? = nil, stdlibPath: String? = nil) {
    self.backend = backend
    self.stdlibPath = stdlibPath
  }

  public func perform(
    _ name: String, arguments: [HostArgument], scenario: Scenario?
  ) throws -> Value {
    let call = HostCall(name: name, arguments: arguments)
    switch name {
    case "dtdl":
      let folder = try call.optionalString(0, "folder") ?? "dtdl"
      return .list(try standardModels(folder).map(ValueConversion.value))
    case "twins.connect":
      return try connect(try call.string(0, "target"))
    case "twins.sync":
      return try sync(call, scenario: scenario)
    default:
      let backend = try connected(name)
      do {
        return try perform(name, call, on: backend)
      } catch let error as TwinBackendError {
        throw Self.hostError(error)
      }
    }
  }

  private func connect(_ target: String) throws -> Value {
    let words = target.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    do {
      if words.count == 2, words[0] == "http" || words[0] == "azure" {
        let client: HTTPClient
        do {
          client = try HTTPClient()
        } catch {
          throw HostError("cannot connect to '\(target)': \(error)")
        }
        let environment = ProcessInfo.processInfo.environment
        backend =
          try words[0] == "http"
          ? RESTBackend(endpoint: words[1], client: client)
          : RESTBackend.azure(endpoint: words[1], environment: environment, client: client)
      } else if target.hasPrefix("http://") || target.hasPrefix("https://") {
        throw HostError(
          "cannot connect to '\(target)': write \"http \(target)\" for a server speaking the"
            + " REST API, or \"azure \(target)\" for Azure Digital Twins")
      } else {
        backend = try target == "mock" ? EmbeddedBackend() : EmbeddedBackend(path: target)
      }
    } catch let error as TwinBackendError {
      throw Self.hostError(error)
    }
    guard let backend else { return .none }
    return .string("\(backend.kind) (\(backend.location))")
  }

  private func connected(_ name: String) throws -> any TwinBackend {
    guard let backend else {
      throw HostError("not connected; call twins.connect(\"mock\") or twins.connect(PATH) first")
    }
    return backend
  }

  private func perform(_ name: String, _ call: HostCall, on backend: any TwinBackend) throws
    -> Value
  {
    switch name {
    case "twins.upload":
      let documents = try call.documents(0, "models")
      let stored = try backend.uploadModels(documents)
      try backend.flush()
      return .list(stored.map(ValueConversion.value))
    case "twins.models":
      return .list(try backend.listModels().map(ValueConversion.value))
    case "twins.create":
      let id = try call.string(0, "id")
      let model = try call.string(1, "model")
      var body = JSONObject()
      if let given = try call.optionalJSON(2, "properties") {
        guard case .object(let object) = given else {
          throw HostError("twins.create needs the properties as a record, found \(given)")
        }
        body = object
      }
      body["$metadata"] = .object(["$model": .string(model)])
      let twin = try backend.createOrReplaceTwin(id, .object(body), ifNoneMatch: nil)
      try backend.flush()
      return ValueConversion.value(twin)
    case "twins.get":
      return ValueConversion.value(try backend.twin(try call.string(0, "id")))
    case "twins.patch":
      let id = try call.string(0, "id")
      let patch = try call.json(1, "patch")
      let etag = try backend.updateTwin(id, patch: patch, ifMatch: nil)
      try backend.flush()
      return etag.map(Value.string) ?? .none
    case "twins.delete":
      try backend.deleteTwin(try call.string(0, "id"), ifMatch: nil)
      try backend.flush()
      return .none
    case "twins.relate":
      let source = try call.string(0, "source")
      let relationship = try call.string(1, "name")
      let target = try call.string(2, "target")
      let id =
        try call.labelled("id").map { try call.text($0, "id") }
        ?? "\(source)-\(relationship)-\(target)"
      let body: JSONValue = .object([
        "$targetId": .string(target), "$relationshipName": .string(relationship),
      ])
      let stored = try backend.createOrReplaceRelationship(
        source: source, id: id, body, ifNoneMatch: nil)
      try backend.flush()
      return ValueConversion.value(stored)
    case "twins.unrelate":
      let source = try call.string(0, "source")
      var id = try call.string(1, "relationship id or name")
      if let target = try call.optionalString(2, "target") { id = "\(source)-\(id)-\(target)" }
      try backend.deleteRelationship(source: source, id: id, ifMatch: nil)
      try backend.flush()
      return .none
    case "twins.relationships":
      let id = try call.string(0, "id")
      if try call.labelled("incoming").map({ try call.flag($0, "incoming") }) == true {
        return .list(try backend.listIncomingRelationships(target: id).map(ValueConversion.value))
      }
      let name = try call.labelled("name").map { try call.text($0, "name") }
      return .list(try backend.listRelationships(source: id, name: name).map(ValueConversion.value))
    case "twins.query":
      return .list(try backend.queryAll(try call.string(0, "query")).map(ValueConversion.value))
    default:
      throw HostError("'\(name)' is not an operation of the twins module")
    }
  }

  /// `twins.sync(lab, plan: true)`: returns the plan's lines, and applies the
  /// plan unless `plan` is true.
  private func sync(_ call: HostCall, scenario: Scenario?) throws -> Value {
    let backend = try connected("twins.sync")
    guard let scenario else {
      throw HostError("twins.sync needs a lab: declare one or import a scenario first")
    }
    if let given = call.positional(0) {
      guard case .element("lab", let name, _) = given, name == scenario.name else {
        throw HostError(
          "twins.sync takes the declared lab '\(scenario.name)', found \(given.typeName)")
      }
    }
    let planOnly = try call.labelled("plan").map { try call.flag($0, "plan") } ?? false
    let sync = LabSync(backend: backend, models: try standardModels("dtdl"))
    do {
      let actions = try sync.plan(LabGraph(scenario: scenario))
      if !planOnly {
        try sync.apply(actions)
        try backend.flush()
      }
      return .list(actions.map { .string($0.line) })
    } catch {
      throw Self.hostError(error)
    }
  }

  private func standardModels(_ folder: String) throws -> [JSONValue] {
    do {
      return try StandardModels.load(folder, stdlibPath: stdlibPath)
    } catch {
      throw HostError(error.message)
    }
  }

  /// A host error that starts with the service's error code and status.
  static func hostError(_ error: TwinBackendError) -> HostError {
    switch error {
    case .service(let failure): HostError("\(failure.code) (\(failure.status)): \(failure.message)")
    default: HostError(error.description)
    }
  }
}
