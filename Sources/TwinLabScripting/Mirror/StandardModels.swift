import Foundation
import TwinLabModel

/// The DTDL models of the standard library, read from `stdlib/dtdl/*.json`.
public enum StandardModels {
  /// Reads every `.json` file of `stdlib/dtdl` (or another subfolder of the
  /// standard library), sorted by file name.
  ///
  /// - Parameters:
  ///   - folder: The subfolder of the standard library, `dtdl` by default.
  ///   - stdlibPath: The standard library; `nil` searches `$TWINLAB_STDLIB`,
  ///     `stdlib` next to the executable or one folder above it, and `stdlib`
  ///     in the working directory.
  /// - Throws: `StandardModelsError` naming the folder or file that failed.
  public static func load(
    _ folder: String = "dtdl", stdlibPath: String? = nil
  ) throws(StandardModelsError) -> [JSONValue] {
    guard let root = stdlibPath ?? locateStdlib() else {
      throw StandardModelsError(
        message: "the standard library was not found; set TWINLAB_STDLIB to its folder")
    }
    let path = root + "/" + folder
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
      throw StandardModelsError(message: "cannot read the model folder '\(path)'")
    }
    var documents: [JSONValue] = []
    for name in names.sorted() where name.hasSuffix(".json") {
      let file = path + "/" + name
      guard let data = FileManager.default.contents(atPath: file) else {
        throw StandardModelsError(message: "cannot read the model file '\(file)'")
      }
      do {
        documents.append(try JSONValue(parsing: String(decoding: data, as: UTF8.self)))
      } catch {
        throw StandardModelsError(message: "invalid JSON in '\(file)': \(error)")
      }
    }
    if documents.isEmpty {
      throw StandardModelsError(message: "the model folder '\(path)' has no .json files")
    }
    return documents
  }

  static func locateStdlib() -> String? {
    var candidates: [String] = []
    if let variable = ProcessInfo.processInfo.environment["TWINLAB_STDLIB"], !variable.isEmpty {
      candidates.append(variable)
    }
    let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
      .resolvingSymlinksInPath().deletingLastPathComponent()
    candidates.append(executable.appendingPathComponent("stdlib").path)
    candidates.append(executable.deletingLastPathComponent().appendingPathComponent("stdlib").path)
    candidates.append(FileManager.default.currentDirectoryPath + "/stdlib")
    var isFolder: ObjCBool = false
    return candidates.first { candidate in
      FileManager.default.fileExists(atPath: candidate + "/dtdl", isDirectory: &isFolder)
        && isFolder.boolValue
    }
  }
}

/// The standard library's models could not be read.
public struct StandardModelsError: Error, Sendable, Equatable {
  public var message: String
}
