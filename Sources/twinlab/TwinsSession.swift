import Foundation
import TwinLabModel
import TwinLabTwins

/// Runs one `twinlab twins` command against a twin backend.
struct TwinsSession {
  var backend: any TwinBackend
  var options: ArgumentScanner.Result

  /// Runs `command`, printing what it returns.
  ///
  /// - Throws: `TwinBackendError` from the backend, `CommandFailure` for bad arguments.
  func perform(_ command: String, _ arguments: [String]) throws {
    switch command {
    case "models":
      try models(arguments)
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
      for component in componentNames(model: arguments[1]) where body[component] == nil {
        body[component] = .object(["$metadata": .object(JSONObject())])
      }
      Self.emit(try backend.createOrReplaceTwin(arguments[0], .object(body), ifNoneMatch: nil))
    case "show":
      try expectCount(arguments, 1...1, "show ID")
      Self.emit(try backend.twin(arguments[0]))
    case "patch":
      try expectCount(arguments, 2...2, "patch ID PATCH")
      let patch = try Self.parse(try Self.text(arguments[1]), what: "the patch")
      try backend.updateTwin(arguments[0], patch: patch, ifMatch: nil)
      Self.emit(try backend.twin(arguments[0]))
    case "delete":
      try expectCount(arguments, 1...1, "delete ID")
      try backend.deleteTwin(arguments[0], ifMatch: nil)
    case "relate":
      try expectCount(arguments, 3...3, "relate SOURCE NAME TARGET")
      let id = options.values["id"] ?? "\(arguments[0])-\(arguments[1])-\(arguments[2])"
      let body: JSONValue = .object([
        "$targetId": .string(arguments[2]), "$relationshipName": .string(arguments[1]),
      ])
      Self.emit(
        try backend.createOrReplaceRelationship(
          source: arguments[0], id: id, body, ifNoneMatch: nil))
    case "unrelate":
      try expectCount(arguments, 2...2, "unrelate SOURCE REL_ID")
      try backend.deleteRelationship(source: arguments[0], id: arguments[1], ifMatch: nil)
    case "relationships":
      try expectCount(arguments, 1...1, "relationships ID")
      if options.flags.contains("incoming") {
        Self.emit(.array(try backend.listIncomingRelationships(target: arguments[0])))
      } else {
        Self.emit(.array(try backend.listRelationships(source: arguments[0], name: nil)))
      }
    case "query":
      try expectCount(arguments, 1...1, "query TEXT")
      Self.emit(.array(try backend.queryAll(arguments[0])))
    default:
      let known = [
        "models", "create", "show", "patch", "delete", "relate", "unrelate", "relationships",
        "query", "sync",
      ]
      var message = "unknown command '\(command)'"
      if let near = nearestName(to: command, among: known) {
        message += "; did you mean '\(near)'?"
      }
      throw CommandFailure.usage(message + " (commands: \(known.joined(separator: ", ")))")
    }
  }

  private func models(_ arguments: [String]) throws {
    guard let action = arguments.first else {
      throw CommandFailure.usage("missing models command: upload, list, show, decommission, delete")
    }
    let rest = Array(arguments.dropFirst())
    switch action {
    case "upload":
      try expectCount(rest, 1...1, "models upload PATH")
      let documents = try Self.modelDocuments(at: rest[0])
      Self.emit(.array(try backend.uploadModels(documents)))
    case "list":
      try expectCount(rest, 0...0, "models list")
      Self.emit(.array(try backend.listModels()))
    case "show":
      try expectCount(rest, 1...1, "models show ID")
      Self.emit(try backend.model(rest[0]))
    case "decommission":
      try expectCount(rest, 1...1, "models decommission ID")
      try backend.decommissionModel(rest[0])
    case "delete":
      try expectCount(rest, 1...1, "models delete ID")
      try backend.deleteModel(rest[0])
    default:
      throw CommandFailure.usage(
        "unknown models command '\(action)'; use upload, list, show, decommission or delete")
    }
  }

  /// The component names of `model` and the models it extends, read from their DTDL
  /// definitions; empty when the model cannot be read, so the create reports the error.
  private func componentNames(model id: String) -> [String] {
    var names: [String] = []
    var pending = [id]
    var seen: Set<String> = []
    while let current = pending.popLast(), seen.insert(current).inserted {
      guard case .object(let data)? = try? backend.model(current),
        case .object(let definition)? = data["model"]
      else { continue }
      if case .array(let contents)? = definition["contents"] {
        for case .object(let element) in contents where Self.isComponent(element) {
          if case .string(let name)? = element["name"] { names.append(name) }
        }
      }
      switch definition["extends"] {
      case .string(let parent)?: pending.append(parent)
      case .array(let parents)?:
        for case .string(let parent) in parents { pending.append(parent) }
      default: break
      }
    }
    return names
  }

  private static func isComponent(_ element: JSONObject) -> Bool {
    switch element["@type"] {
    case .string(let type)?: return type == "Component"
    case .array(let types)?: return types.contains(.string("Component"))
    default: return false
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
