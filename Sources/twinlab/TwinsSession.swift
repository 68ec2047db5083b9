import Foundation
import TwinLabModel
import TwinLabTwins

/// Runs one `twinlab twins` command against a loaded store.
struct TwinsSession {
  var store: TwinStore
  var options: ArgumentScanner.Result

  /// Runs `command` and returns whether the store changed.
  mutating func perform(_ command: String, _ arguments: [String]) throws -> Bool {
    switch command {
    case "models":
      return try models(arguments)
    case "create":
      try expectCount(arguments, 2...3, "create ID MODEL [JSON]")
      var body = JSONObject()
      if arguments.count == 3 {
        guard case .object(let object) = try Self.parse(arguments[2], what: "the twin JSON") else {
          throw CommandFailure(status: .dataError, message: "the twin JSON must be an object")
        }
        body = object
      }
      var metadata = JSONObject()
      if case .object(let given)? = body["$metadata"] { metadata = given }
      metadata["$model"] = .string(arguments[1])
      body["$metadata"] = .object(metadata)
      // Components must exist on every twin; missing ones start empty.
      if let model = try? store.model(arguments[1]) {
        for component in model.interface.components where body[component.name] == nil {
          body[component.name] = .object(["$metadata": .object(JSONObject())])
        }
      }
      let twin = try store.createOrReplaceTwin(arguments[0], .object(body))
      Self.emit(twin.json)
      return true
    case "show":
      try expectCount(arguments, 1...1, "show ID")
      Self.emit(try store.twin(arguments[0]).json)
      return false
    case "patch":
      try expectCount(arguments, 2...2, "patch ID PATCH")
      let patch = try Self.parse(try Self.text(arguments[1]), what: "the patch")
      try store.updateTwin(arguments[0], patch: patch)
      Self.emit(try store.twin(arguments[0]).json)
      return true
    case "delete":
      try expectCount(arguments, 1...1, "delete ID")
      try store.deleteTwin(arguments[0])
      return true
    case "relate":
      try expectCount(arguments, 3...3, "relate SOURCE NAME TARGET")
      let id = options.values["id"] ?? "\(arguments[0])-\(arguments[1])-\(arguments[2])"
      let body: JSONValue = .object([
        "$targetId": .string(arguments[2]), "$relationshipName": .string(arguments[1]),
      ])
      Self.emit(try store.createOrReplaceRelationship(arguments[0], id, body).json)
      return true
    case "unrelate":
      try expectCount(arguments, 2...2, "unrelate SOURCE REL_ID")
      try store.deleteRelationship(arguments[0], arguments[1])
      return true
    case "relationships":
      try expectCount(arguments, 1...1, "relationships ID")
      if options.flags.contains("incoming") {
        Self.emit(.array(try store.listIncomingRelationships(arguments[0]).map(\.incomingJSON)))
      } else {
        Self.emit(.array(try store.listRelationships(arguments[0]).map(\.json)))
      }
      return false
    case "query":
      try expectCount(arguments, 1...1, "query TEXT")
      Self.emit(.array(try store.queryAll(arguments[0])))
      return false
    default:
      let known = [
        "models", "create", "show", "patch", "delete", "relate", "unrelate", "relationships",
        "query",
      ]
      var message = "unknown command '\(command)'"
      if let near = nearestName(to: command, among: known) {
        message += "; did you mean '\(near)'?"
      }
      throw CommandFailure.usage(message + " (commands: \(known.joined(separator: ", ")))")
    }
  }

  private mutating func models(_ arguments: [String]) throws -> Bool {
    guard let action = arguments.first else {
      throw CommandFailure.usage("missing models command: upload, list, show, decommission, delete")
    }
    let rest = Array(arguments.dropFirst())
    switch action {
    case "upload":
      try expectCount(rest, 1...1, "models upload PATH")
      let documents = try Self.modelDocuments(at: rest[0])
      let added = try store.uploadModels(documents: documents)
      Self.emit(.array(added.map { $0.json() }))
      return true
    case "list":
      try expectCount(rest, 0...0, "models list")
      Self.emit(.array(store.listModels().map { $0.json() }))
      return false
    case "show":
      try expectCount(rest, 1...1, "models show ID")
      Self.emit(try store.model(rest[0]).json(includeDefinition: true))
      return false
    case "decommission":
      try expectCount(rest, 1...1, "models decommission ID")
      try store.decommissionModel(rest[0])
      return true
    case "delete":
      try expectCount(rest, 1...1, "models delete ID")
      try store.deleteModel(rest[0])
      return true
    default:
      throw CommandFailure.usage(
        "unknown models command '\(action)'; use upload, list, show, decommission or delete")
    }
  }

  private func expectCount(
    _ arguments: [String], _ range: ClosedRange<Int>, _ usage: String
  ) throws {
    if !range.contains(arguments.count) {
      throw CommandFailure.usage("expected: twinlab twins \(usage)")
    }
  }

  /// Reads the JSON documents in a file, or in every `.json` file of a folder in name order.
  static func modelDocuments(at path: String) throws -> [JSONValue] {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw CommandFailure(status: .noInput, message: "no such file or folder: \(path)")
    }
    var files = [path]
    if isFolder.boolValue {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
      files = names.filter { $0.hasSuffix(".json") }.sorted().map { path + "/" + $0 }
      if files.isEmpty {
        throw CommandFailure(
          status: .noInput, message: "the folder \(path) contains no .json files")
      }
    }
    return try files.map { try parse(try read(file: $0), what: $0) }
  }

  /// Returns `argument` itself, or the contents of the file it names after `@`.
  static func text(_ argument: String) throws -> String {
    guard argument.hasPrefix("@") else { return argument }
    return try read(file: String(argument.dropFirst()))
  }

  static func read(file path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CommandFailure(status: .noInput, message: "cannot read the file \(path)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw CommandFailure(status: .dataError, message: "\(path) is not UTF-8 text")
    }
    return text
  }

  static func parse(_ text: String, what: String) throws -> JSONValue {
    do {
      return try JSONValue(parsing: text)
    } catch {
      throw CommandFailure(status: .dataError, message: "\(what) is not valid JSON: \(error)")
    }
  }

  static func emit(_ value: JSONValue) {
    print(value.serialized(pretty: true))
  }
}
