/// One reason a batch of DTDL models is invalid.
public struct DTDLProblem: Sendable, Equatable, CustomStringConvertible {
  /// The file (or other source name) of the faulty document.
  public var file: String
  /// The DTMI of the top-level interface that contains the fault, if it has a valid one.
  public var modelID: String?
  /// JSON path of the faulty element or value, such as `$.contents[2].schema`.
  public var path: String
  /// A short kebab-case name of the broken rule, such as `duplicate-name`.
  public var rule: String
  /// One sentence: what was found and what the language allows.
  public var message: String

  public init(file: String, modelID: String?, path: String, rule: String, message: String) {
    self.file = file
    self.modelID = modelID
    self.path = path
    self.rule = rule
    self.message = message
  }

  /// The problem on one line: `file: model id: path: message [rule]`.
  public var description: String {
    "\(file): \(modelID ?? "(no model id)"): \(path): \(message) [\(rule)]"
  }
}

/// The outcome of validating one batch: the resolved interfaces and every problem found.
public struct DTDLValidationResult: Sendable {
  /// Interfaces by DTMI (top-level and inline ones), with inherited contents included.
  /// Interfaces of an invalid batch are included as far as they could be read, so a
  /// caller that needs a valid batch checks `problems` first.
  public var interfaces: [String: DTDLInterface]
  /// Problems found while reading documents, then those found across the batch.
  public var problems: [DTDLProblem]

  public init(interfaces: [String: DTDLInterface] = [:], problems: [DTDLProblem] = []) {
    self.interfaces = interfaces
    self.problems = problems
  }

  /// Whether the batch is valid.
  public var isValid: Bool { problems.isEmpty }

  /// Returns the DTMI `id` and every interface it extends, directly or not.
  public func ancestors(of id: String) -> Set<String> {
    DTDLInterface.ancestors(of: id, in: interfaces)
  }
}

extension DTDLInterface {
  /// Returns the DTMI `id` and every interface it extends, directly or not, from `interfaces`.
  ///
  /// Cycles and missing parents end the walk, so the result is finite for any input.
  /// `IS_OF_MODEL(twin, id)` holds when `id` is in the ancestor set of the twin's model.
  public static func ancestors(of id: String, in interfaces: [String: DTDLInterface]) -> Set<
    String
  > {
    var seen: Set<String> = [id]
    var pending = [id]
    while let next = pending.popLast() {
      for parent in interfaces[next]?.extends ?? [] where seen.insert(parent).inserted {
        pending.append(parent)
      }
    }
    return seen
  }
}
