import Foundation
import TwinLabEngine
import TwinLabLanguage
import TwinLabModel
import TwinLabScripting
import TwinLabTwins

extension ReplModule {
  func performTwins(
    _ command: String, _ arguments: ArgumentReader, scenario: Scenario?
  ) throws -> Value {
    switch command {
    case "twins":
      try provisionIfNeeded(scenario)
      if let text = try arguments.optionalString(0) {
        return .list(
          try backendCall { () throws(TwinBackendError) in try backend.queryAll(text) }
            .map(Value.init(json:)))
      }
      let rows = try backendCall { () throws(TwinBackendError) in
        try backend.queryAll("SELECT T.$dtId FROM DIGITALTWINS T")
      }
      return .list(
        rows.compactMap { row in
          guard case .object(let object) = row, case .string(let id)? = object["$dtId"] else {
            return nil
          }
          return .string(id)
        }.sorted { $0.plainText < $1.plainText })
    case "twin":
      try provisionIfNeeded(scenario)
      let id = try arguments.string(0, "ID")
      return Value(json: try backendCall { () throws(TwinBackendError) in try backend.twin(id) })
    case "patch":
      return try patch(arguments, scenario: scenario)
    case "query":
      try provisionIfNeeded(scenario)
      let text = try arguments.string(0, "TEXT")
      return .list(
        try backendCall { () throws(TwinBackendError) in try backend.queryAll(text) }
          .map(Value.init(json:)))
    case "models":
      try provisionIfNeeded(scenario)
      let models = try backendCall { () throws(TwinBackendError) in try backend.listModels() }
      return .list(
        models.compactMap { model in
          guard case .object(let object) = model, case .string(let id)? = object["id"] else {
            return nil
          }
          return .string(id)
        })
    case "backend":
      return try switchBackend(arguments, scenario: scenario)
    default:
      throw CommandUsageError(
        "unknown command '\(command)'"
          + (nearestName(to: command, among: ReplCommands.all.map(\.name))
            .map { "; did you mean '\($0)'?" } ?? ""))
    }
  }

  private func patch(_ arguments: ArgumentReader, scenario: Scenario?) throws -> Value {
    try provisionIfNeeded(scenario)
    let id = try arguments.string(0, "ID")
    let operation = try arguments.string(1, "OP")
    guard ["add", "replace", "remove"].contains(operation) else {
      throw CommandUsageError(
        "unknown patch operation '\(operation)': use add, replace or remove")
    }
    let path = try arguments.string(2, "PATH")
    var body: JSONObject = ["op": .string(operation), "path": .string(path)]
    let value = arguments.optionalValue(3)
    if operation != "remove" {
      guard let value else { throw CommandUsageError("'\(operation)' needs a VALUE") }
      body["value"] = value.json
    }
    let document: JSONValue = .array([.object(body)])
    _ = try backendCall { () throws(TwinBackendError) in
      try backend.updateTwin(id, patch: document, ifMatch: nil)
    }
    if path == "/status", case .string(let status)? = value {
      try applyStatus(status, to: id, scenario: scenario)
    }
    return Value(json: try backendCall { () throws(TwinBackendError) in try backend.twin(id) })
  }

  private func switchBackend(_ arguments: ArgumentReader, scenario: Scenario?) throws -> Value {
    let kind = try arguments.string(0, "mock | http URL | azure URL")
    let next: any TwinBackend
    switch kind {
    case "mock":
      next = EmbeddedBackend(store: TwinStore())
    case "http", "azure":
      let endpoint = try arguments.string(1, "URL")
      next = try backendCall { () throws(TwinBackendError) in
        let client: HTTPClient
        do {
          client = try HTTPClient()
        } catch {
          throw .transport("cannot start the HTTP client: \(error)")
        }
        if kind == "http" { return try RESTBackend(endpoint: endpoint, client: client) }
        return try RESTBackend.azure(
          endpoint: endpoint, environment: ProcessInfo.processInfo.environment, client: client)
      }
    default:
      throw CommandUsageError("unknown backend '\(kind)': use mock, http URL or azure URL")
    }
    let previous = (backend, mirror)
    backend = next
    mirror = nil
    // The new backend gets the lab's unit twins now, so a failure shows at once
    // and the session keeps the backend it had.
    do {
      try provisionIfNeeded(scenario)
    } catch {
      (backend, mirror) = previous
      if let mirror, let simulation = engine.simulation {
        engine.restoreObserver()
        mirror.attach(to: simulation, runId: "repl-\(runCount)")
      }
      throw error
    }
    let place = next.kind == "mock" ? "in memory" : next.location
    return .string("backend \(next.kind) (\(place))")
  }

  /// Applies a unit twin's patched `status` to the engine and writes back the
  /// engine's resulting states; other twins are left alone.
  func applyStatus(_ status: String, to id: String, scenario: Scenario?) throws {
    guard let link, link.units[id] != nil else { return }
    let simulation = try engine.simulation(for: scenario)
    try link.apply(status: status, of: id, to: simulation)
    try flushTwins()
  }

  /// Provisions the lab's twin graph through `LabMirror` and attaches the
  /// mirror to the simulation, once per simulation and backend.
  func provisionIfNeeded(_ scenario: Scenario?) throws {
    guard mirror == nil, engine.scenario ?? scenario != nil else { return }
    let simulation = try engine.simulation(for: scenario)
    let lab = simulation.scenario
    let models: [JSONValue]
    do {
      models = try StandardModels.load(stdlibPath: stdlibPath)
    } catch {
      throw HostError("cannot read the DTDL models: \(error.message)")
    }
    let labMirror = LabMirror(scenario: lab, backend: backend, models: models)
    _ = try backendCall { () throws(TwinBackendError) in try labMirror.provision() }
    engine.restoreObserver()
    labMirror.attach(to: simulation, runId: "repl-\(runCount)")
    // A run already under way starts its twins at the engine's states.
    for unit in simulation.unitStates where unit.state != .idle {
      labMirror.observe(
        time: simulation.clock,
        change: .unit(device: unit.device, index: unit.index, from: .idle, to: unit.state))
    }
    mirror = labMirror
    link = UnitTwinLink(scenario: lab)
    try flushTwins()
  }

  /// Delivers every update the mirror has queued, so the twins match the engine now.
  func flushTwins() throws {
    guard let mirror else { return }
    let failedBefore = mirror.streamer.summary.failed
    let summary = mirror.streamer.finish()
    if summary.failed > failedBefore {
      let last = summary.errors.last ?? "unknown error"
      throw HostError(
        "\(summary.failed - failedBefore) twin update(s) failed; the last: \(last)")
    }
    _ = try backendCall { () throws(TwinBackendError) in try backend.flush() }
  }

  /// Runs a backend request. A request the service rejects, or a backend set up
  /// wrongly, is bad input; a transport or storage failure is a runtime failure.
  private func backendCall<T>(_ body: () throws(TwinBackendError) -> T) throws -> T {
    do {
      return try body()
    } catch {
      switch error {
      case .service, .configuration: throw CommandUsageError(error.description)
      case .transport, .storage: throw HostError(error.description)
      }
    }
  }
}

extension Value {
  /// Converts a JSON document to a language value: objects become records, arrays lists.
  init(json: JSONValue) {
    switch json {
    case .null: self = .none
    case .bool(let flag): self = .bool(flag)
    case .number(let number): self = .number(number)
    case .string(let text): self = .string(text)
    case .array(let items): self = .list(items.map(Value.init(json:)))
    case .object(let object):
      self = .record(Record(object.members.map { ($0.key, Value(json: $0.value)) }))
    }
  }
}
