import Foundation
import TwinLabLanguage
import TwinLabModel

/// Finds Tab completions: commands after `:`, file paths after `:load`,
/// twin ids after `:twin` and `:patch` or inside a string, and otherwise
/// keywords, names in scope and lab elements.
extension ReplSession {
  static let keywords = [
    "let", "fn", "return", "if", "else", "for", "in", "import", "as", "assert", "true", "false",
    "none", "lab", "device", "staff", "shift", "buffer", "process", "step", "whatif",
    "experiment", "and", "or", "not",
  ]

  /// Returns the completion for the text before the cursor.
  public func completions(before text: String) -> LineEditor.Completion {
    if text.hasPrefix(":") { return commandCompletion(text) }
    let wordCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "_."))
    var word = String(
      text.reversed().prefix { $0.unicodeScalars.allSatisfy(wordCharacters.contains) }
        .reversed())
    let beforeWord = text.dropLast(word.count)
    if beforeWord.hasSuffix("\"") || word.isEmpty && text.hasSuffix("\"") {
      let dashed = CharacterSet(charactersIn: "-").union(wordCharacters)
      word = String(
        text.reversed().prefix { $0.unicodeScalars.allSatisfy(dashed.contains) }
          .reversed())
      return LineEditor.Completion(word: word, candidates: twinIds().filter { $0.hasPrefix(word) })
    }
    var names = Self.keywords + interpreter.namesInScope + labElementNames()
    if word.hasPrefix("repl.") { names = module.operations.sorted() }
    let candidates = Set(names.filter { $0.hasPrefix(word) && !word.isEmpty }).sorted()
    return LineEditor.Completion(word: word, candidates: candidates)
  }

  private func commandCompletion(_ text: String) -> LineEditor.Completion {
    guard let space = text.firstIndex(of: " ") else {
      let names = ReplCommands.all.map { ":" + $0.name }.filter { $0.hasPrefix(text) }.sorted()
      return LineEditor.Completion(word: text, candidates: names)
    }
    let name = String(text[text.index(after: text.startIndex)..<space])
    let rest = text[text.index(after: space)...]
    let word = String(rest.reversed().prefix { $0 != " " }.reversed())
    let isFirstWord = !rest.contains(" ")
    var options: [String] = []
    switch name {
    case "load": return LineEditor.Completion(word: word, candidates: Self.paths(word))
    case "help": options = ReplCommands.all.map(\.name)
    case "trace": options = ["on", "off"]
    case "backend": options = isFirstWord ? ["mock", "http", "azure"] : []
    case "twin", "patch": options = isFirstWord ? twinIds() : []
    case "queue": options = (module.engine.simulation?.queueLengths.map(\.step)) ?? []
    case "run": options = ["until", "pace"]
    default: break
    }
    return LineEditor.Completion(
      word: word, candidates: options.filter { $0.hasPrefix(word) }.sorted())
  }

  /// File and folder names that start with `prefix`; folders end in `/`.
  static func paths(_ prefix: String) -> [String] {
    let slash = prefix.lastIndex(of: "/")
    let folder = slash.map { String(prefix[...$0]) } ?? ""
    let start = slash.map { String(prefix[prefix.index(after: $0)...]) } ?? prefix
    let manager = FileManager.default
    let listed = folder.isEmpty ? "." : folder
    let names = (try? manager.contentsOfDirectory(atPath: listed)) ?? []
    return names.filter { $0.hasPrefix(start) && (!$0.hasPrefix(".") || start.hasPrefix(".")) }
      .map { name in
        var isFolder: ObjCBool = false
        _ = manager.fileExists(atPath: listed + "/" + name, isDirectory: &isFolder)
        return folder + name + (isFolder.boolValue ? "/" : "")
      }.sorted()
  }

  private func labElementNames() -> [String] {
    guard let lab = interpreter.scenario else { return [] }
    return lab.devices.map(\.name) + lab.processes.map(\.name) + lab.staff.map(\.name)
      + lab.buffers.map(\.name)
  }

  /// Returns the unit twin ids of the lab and the ids of any other twins in the backend.
  private func twinIds() -> [String] {
    var ids = Set(module.link?.units.keys.map { $0 } ?? [])
    if let lab = interpreter.scenario {
      for device in lab.devices where device.count > 0 {
        for index in 1...device.count { ids.insert("\(device.name)-\(index)") }
      }
    }
    if let rows = try? module.backend.queryAll("SELECT T.$dtId FROM DIGITALTWINS T") {
      for case .object(let row) in rows {
        if case .string(let id)? = row["$dtId"] { ids.insert(id) }
      }
    }
    return ids.sorted()
  }
}
