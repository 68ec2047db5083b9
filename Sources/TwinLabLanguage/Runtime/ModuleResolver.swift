import Foundation
import TwinLabModel

/// Finds module files for `import`, detects import cycles, and caches each
/// module's exported names so that a module runs once per load.
final class ModuleResolver {
  /// The standard library folder, when one was found.
  let stdlibPath: String?
  /// Standardized paths of the files being evaluated, outermost first.
  var loading: [String] = []
  /// Exported names of each module already evaluated, by standardized path.
  var cache: [String: Record] = [:]

  init(stdlibPath: String?) {
    self.stdlibPath = stdlibPath
  }

  /// Finds the standard library folder: `TWINLAB_STDLIB`, then the nearest folder named
  /// `stdlib` that contains `platelet.lab` in the executable's folder or one of its
  /// `maxLevelsAboveExecutable` parents, then `stdlib` in the working directory.
  static func defaultStdlibPath() -> String? {
    let manager = FileManager.default
    var candidates: [String] = []
    if let variable = ProcessInfo.processInfo.environment["TWINLAB_STDLIB"], !variable.isEmpty {
      candidates.append(variable)
    }
    var folder = executableURL().deletingLastPathComponent()
    for _ in 0...maxLevelsAboveExecutable {
      let candidate = folder.appendingPathComponent("stdlib")
      if manager.fileExists(atPath: candidate.appendingPathComponent("platelet.lab").path) {
        candidates.append(candidate.path)
        break
      }
      let parent = folder.deletingLastPathComponent()
      if parent.path == folder.path { break }
      folder = parent
    }
    candidates.append(manager.currentDirectoryPath + "/stdlib")
    var isFolder: ObjCBool = false
    return candidates.first {
      manager.fileExists(atPath: $0, isDirectory: &isFolder) && isFolder.boolValue
    }
  }

  /// How many folders above the executable's own the standard library search goes. A
  /// SwiftPM build puts the binary at `.build/release/twinlab`, with the checkout's
  /// `stdlib` two folders up (three through the `.build/ARCH-linux/release` real path).
  static let maxLevelsAboveExecutable = 4

  /// Returns the running executable with symlinks resolved: `/proc/self/exe` on Linux,
  /// else the first command-line argument, which may be a bare name found through `PATH`.
  static func executableURL() -> URL {
    if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
      return URL(fileURLWithPath: target).resolvingSymlinksInPath()
    }
    return URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
  }

  /// Returns the folders searched for a module imported from `importer`, in order.
  func searchFolders(from importer: String) -> [String] {
    var folders: [String] = []
    let folder = (importer as NSString).deletingLastPathComponent
    folders.append(folder.isEmpty ? "." : folder)
    if let stdlibPath { folders.append(stdlibPath) }
    return folders
  }

  /// Returns the path of module `name` imported from `importer`, if a file exists.
  func locate(_ name: String, from importer: String) -> String? {
    let fileName = name.hasSuffix(".lab") ? name : name + ".lab"
    if fileName.hasPrefix("/") {
      return FileManager.default.fileExists(atPath: fileName) ? fileName : nil
    }
    for folder in searchFolders(from: importer) {
      let candidate = folder == "." ? fileName : folder + "/" + fileName
      if FileManager.default.fileExists(atPath: candidate) { return candidate }
    }
    return nil
  }

  static func standardized(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.path
  }
}

extension Evaluator {
  func importModule(
    _ name: String, alias: String?, at span: SourceSpan, into environment: Environment
  ) throws(RuntimeError) {
    guard let path = modules.locate(name, from: span.start.file) else {
      let folders = modules.searchFolders(from: span.start.file).joined(separator: ", ")
      throw fail("module '\(name)' not found; searched \(folders)", at: span)
    }
    let key = ModuleResolver.standardized(path)
    if let index = modules.loading.firstIndex(of: key) {
      let cycle = (modules.loading[index...] + [key]).map {
        ($0 as NSString).lastPathComponent
      }
      throw fail("cyclic import: \(cycle.joined(separator: " -> "))", at: span)
    }
    let exports: Record
    if let cached = modules.cache[key] {
      exports = cached
    } else {
      exports = try evaluateModule(at: path, key: key, span: span)
    }
    if let alias {
      environment.define(alias, .record(exports))
    } else {
      for (exportName, value) in exports.fields { environment.define(exportName, value) }
    }
  }

  func evaluateModule(at path: String, key: String, span: SourceSpan) throws(RuntimeError)
    -> Record
  {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw fail("cannot read module '\(path)'", at: span)
    }
    let bytes = [UInt8](data)
    sources[path] = String(decoding: bytes, as: UTF8.self)
    let parsed = Parser.parse(bytes: bytes, file: path)
    diagnostics += parsed.diagnostics

    modules.loading.append(key)
    defer { modules.loading.removeLast() }
    let scope = Environment(parent: builtins)
    _ = run(parsed.statements, in: scope)

    var exports = Record()
    for exportName in scope.values.keys.sorted() {
      if let value = scope.values[exportName] { exports[exportName] = value }
    }
    modules.cache[key] = exports
    return exports
  }
}
