import TwinLabModel

extension TwinStore {
  /// The largest DTDL document for one model, in bytes.
  public static let maxModelBytes = 1024 * 1024

  /// Validates DTDL documents and uploads the interfaces they define, all or nothing.
  ///
  /// Each element of `documents` is one interface or an array of interfaces, as the
  /// service's `POST /models` body contains. References to models uploaded earlier
  /// resolve, because their stored definitions are passed to the validator.
  ///
  /// - Throws: `DTDLParserError` (400) listing the validator's problems, and the
  ///   errors of `uploadModels(_:raw:)`.
  @discardableResult
  public mutating func uploadModels(
    documents: [JSONValue], allowUndefinedExtensions: Bool = false
  ) throws(TwinStoreError) -> [StoredModel] {
    var newDocuments: [JSONValue] = []
    for document in documents {
      if case .array(let elements) = document {
        newDocuments += elements
      } else {
        newDocuments.append(document)
      }
    }
    var newIds: [String] = []
    for (index, document) in newDocuments.enumerated() {
      guard case .object(let object) = document, case .string(let id)? = object["@id"] else {
        throw TwinStoreError(
          status: 400, code: "DTDLParserError",
          message: "Model \(index) in the request is not a JSON object with an \"@id\"; the "
            + "top-level JSON element requires an identifier.")
      }
      let size = document.serialized().utf8.count
      if size > Self.maxModelBytes {
        throw .limitExceeded(
          "The model \(id) is \(size) bytes; the maximum is \(Self.maxModelBytes) bytes.")
      }
      newIds.append(id)
    }
    // Duplicates are reported before DTDL problems, so re-uploading a stored
    // model reads as a conflict rather than as a parse failure.
    var seen: Set<String> = []
    for id in newIds where models[id] != nil || !seen.insert(id).inserted {
      throw TwinStoreError(
        status: 409, code: "ModelIdAlreadyExists",
        message: "Model with id \(id) already exists; upload a new version (such as ;2) or "
          + "delete the model first.")
    }

    let stored = listModels().filter { $0.definition != .null }
    let result = DTDLValidator(allowUndefinedExtensions: allowUndefinedExtensions).validate(
      documents: zip(newIds, newDocuments).map { (path: $0.0, json: $0.1) },
      dependencies: stored.map { (path: $0.id, json: $0.definition) })
    if !result.problems.isEmpty {
      let listed = result.problems.prefix(20).map(\.description)
      let more = result.problems.count > 20 ? " | and \(result.problems.count - 20) more" : ""
      throw TwinStoreError(
        status: 400, code: "DTDLParserError",
        message: "None of the models in this request could be created due to a problem with "
          + "one or more models: \(listed.joined(separator: " | "))\(more)")
    }
    var interfaces: [DTDLInterface] = []
    for id in newIds {
      guard let interface = result.interfaces[id] else {
        throw TwinStoreError(
          status: 400, code: "DTDLParserError",
          message: "The validator produced no interface for \(id).")
      }
      interfaces.append(interface)
    }
    return try uploadModels(interfaces, raw: newDocuments)
  }
}
