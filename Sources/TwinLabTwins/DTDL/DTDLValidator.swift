import TwinLabModel

/// Parses and validates a batch of DTDL v2 and v3 models.
///
/// A batch is a list of JSON documents, and each contains one model or an array
/// of models. References (`extends`, component schemas, schema DTMIs) resolve
/// within the batch and its dependencies only.
public struct DTDLValidator: Sendable {
  /// Whether extension contexts that the validator does not define are accepted.
  /// Under such a context, unknown co-types are accepted, and so are unknown
  /// properties of an element that has one.
  public var allowUndefinedExtensions: Bool

  public init(allowUndefinedExtensions: Bool = false) {
    self.allowUndefinedExtensions = allowUndefinedExtensions
  }

  /// Validates one batch and resolves its interfaces.
  ///
  /// `dependencies` are models accepted earlier (such as those already uploaded to a
  /// twin store): references may resolve to them, an id in `documents` that repeats one
  /// of theirs is a `duplicate-id` problem, and their own problems are not reported.
  /// `interfaces` contains the interfaces of `documents` only, with inherited contents
  /// included, even when the batch has problems; callers that need a valid batch
  /// check `problems` first.
  public func validate(
    documents: [(path: String, json: JSONValue)],
    dependencies: [(path: String, json: JSONValue)] = []
  ) -> DTDLValidationResult {
    var reader = DTDLDocumentReader(allowUndefinedExtensions: allowUndefinedExtensions)
    reader.readsDependencies = true
    for dependency in dependencies {
      reader.read(file: dependency.path, json: dependency.json)
    }
    reader.problems = []
    reader.readsDependencies = false
    for document in documents {
      reader.read(file: document.path, json: document.json)
    }
    var checker = DTDLBatchChecker(elements: reader.elements)
    checker.checkAll()
    let builder = DTDLInterfaceBuilder(checker: checker)
    return DTDLValidationResult(
      interfaces: builder.buildAll(), problems: reader.problems + checker.problems)
  }
}
