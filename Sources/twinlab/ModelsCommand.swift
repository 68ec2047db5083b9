import Foundation
import TwinLabModel
import TwinLabTwins

/// `twinlab models validate`: checks DTDL model files the way the twin store will.
enum ModelsCommand: Subcommand {
  static let name = "models"
  static let summary = "validate DTDL v3 (and v2) model files"
  static let help = """
    usage: twinlab models validate PATH... [--allow-undefined-extensions] [--format text|json]

    Validates DTDL v3 and v2 models. A file holds one model or an array of models.
    Each folder is one batch (every .json file below it); the files named directly
    form one more batch. References (extends, components, schema DTMIs) must
    resolve within their batch.

    options:
      --allow-undefined-extensions  accept extension contexts this tool does not define
      --format text|json            output format (default text)

    Each problem prints as: file: model id: JSON path: message [rule]
    Exit status: 0 valid, 65 invalid models, 66 missing or unreadable path, 64 usage.
    """

  static func run(_ arguments: [String]) throws -> ExitStatus {
    guard let action = arguments.first else {
      throw CommandFailure.usage("missing subcommand; expected 'validate'")
    }
    guard action == "validate" else {
      throw CommandFailure.usage("unknown subcommand '\(action)'; expected 'validate'")
    }
    let scanner = ArgumentScanner(valued: ["format"], flags: ["allow-undefined-extensions"])
    let options = try scanner.scan(Array(arguments.dropFirst()))
    let format = options.values["format"] ?? "text"
    guard format == "text" || format == "json" else {
      throw CommandFailure.usage("invalid value '\(format)' for --format; expected text or json")
    }
    guard !options.positionals.isEmpty else {
      throw CommandFailure.usage("missing PATH; name model files or folders to validate")
    }
    let batches = try collectBatches(options.positionals)
    let validator = DTDLValidator(
      allowUndefinedExtensions: options.flags.contains("allow-undefined-extensions"))
    var problems: [DTDLProblem] = []
    var models: [String] = []
    var fileCount = 0
    for batch in batches {
      fileCount += batch.count
      let (documents, parseProblems) = try readDocuments(batch)
      let result = validator.validate(documents: documents)
      problems += parseProblems + result.problems
      models += result.interfaces.keys.sorted()
    }
    if format == "json" {
      print(jsonReport(problems: problems, models: models).serialized(pretty: true))
    } else {
      for problem in problems { print(problem.description) }
      let files = counted(fileCount, "file")
      if problems.isEmpty {
        print("\(counted(models.count, "model")) in \(files): valid")
      } else {
        print("\(counted(problems.count, "problem")) in \(files)")
      }
    }
    return problems.isEmpty ? .success : .dataError
  }

  static func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
  }

  /// Groups paths into batches: one per folder, plus one for the files named directly.
  /// A missing path fails with exit status 66.
  static func collectBatches(_ paths: [String]) throws -> [[String]] {
    let manager = FileManager.default
    var looseFiles: [String] = []
    var batches: [[String]] = []
    for path in paths {
      var isDirectory: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw CommandFailure(status: .noInput, message: "no such file or folder: \(path)")
      }
      guard isDirectory.boolValue else {
        looseFiles.append(path)
        continue
      }
      guard let walker = manager.enumerator(atPath: path) else {
        throw CommandFailure(status: .noInput, message: "cannot read folder: \(path)")
      }
      var files: [String] = []
      while let relative = walker.nextObject() as? String {
        if relative.hasSuffix(".json") {
          files.append((path as NSString).appendingPathComponent(relative))
        }
      }
      batches.append(files.sorted())
    }
    if !looseFiles.isEmpty { batches.insert(looseFiles, at: 0) }
    return batches
  }

  /// Parses each file as JSON; a file that is not JSON becomes a problem, not a failure.
  static func readDocuments(_ files: [String]) throws -> (
    [(path: String, json: JSONValue)], [DTDLProblem]
  ) {
    var documents: [(path: String, json: JSONValue)] = []
    var problems: [DTDLProblem] = []
    for file in files {
      guard let data = FileManager.default.contents(atPath: file) else {
        throw CommandFailure(status: .noInput, message: "cannot read file: \(file)")
      }
      do {
        documents.append((file, try JSONValue(parsing: [UInt8](data))))
      } catch {
        problems.append(
          DTDLProblem(
            file: file, modelID: nil, path: "$", rule: "invalid-json",
            message: "invalid JSON at \(error)"))
      }
    }
    return (documents, problems)
  }

  static func jsonReport(problems: [DTDLProblem], models: [String]) -> JSONValue {
    let entries = problems.map { problem -> JSONValue in
      .object([
        "file": .string(problem.file), "modelId": problem.modelID.map { .string($0) } ?? .null,
        "path": .string(problem.path), "rule": .string(problem.rule),
        "message": .string(problem.message),
      ])
    }
    return .object([
      "valid": .bool(problems.isEmpty),
      "models": .array(models.map { .string($0) }),
      "problems": .array(entries),
    ])
  }
}
