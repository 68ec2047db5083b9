/// An error from the twin store, carrying the HTTP status and the error code that
/// Azure Digital Twins returns for the same failure, so callers can map it to a
/// REST response or compare it with the service.
public struct TwinStoreError: Error, Sendable, Equatable, CustomStringConvertible {
  /// HTTP status code, such as 400, 404, 409 or 412.
  public var status: Int
  /// The service's error code, such as `DigitalTwinNotFound`.
  public var code: String
  /// A sentence that names the failing value.
  public var message: String
  /// For query errors, the 1-based column of the fault in the query text.
  public var column: Int?

  public init(status: Int, code: String, message: String, column: Int? = nil) {
    self.status = status
    self.code = code
    self.message = message
    self.column = column
  }

  public var description: String { "\(code) (\(status)): \(message)" }

  static func invalidArgument(_ message: String) -> TwinStoreError {
    TwinStoreError(status: 400, code: "InvalidArgument", message: message)
  }

  static func validationFailed(_ message: String) -> TwinStoreError {
    TwinStoreError(status: 400, code: "ValidationFailed", message: message)
  }

  static func patchInvalid(_ message: String) -> TwinStoreError {
    TwinStoreError(status: 400, code: "JsonPatchInvalid", message: message)
  }

  static func limitExceeded(_ message: String) -> TwinStoreError {
    TwinStoreError(status: 400, code: "LimitExceeded", message: message)
  }

  static func twinNotFound(_ id: String) -> TwinStoreError {
    TwinStoreError(
      status: 404, code: "DigitalTwinNotFound",
      message: "There is no digital twin instance that exists with the ID '\(id)'.")
  }

  static func modelNotFound(_ id: String) -> TwinStoreError {
    TwinStoreError(
      status: 404, code: "ModelNotFound", message: "There is no model with the ID '\(id)'.")
  }

  static func relationshipNotFound(_ id: String, source: String) -> TwinStoreError {
    TwinStoreError(
      status: 404, code: "RelationshipNotFound",
      message: "There is no relationship with the ID '\(id)' on the digital twin '\(source)'.")
  }

  static func preconditionFailed(_ message: String) -> TwinStoreError {
    TwinStoreError(status: 412, code: "PreconditionFailed", message: message)
  }

  /// Makes a query error. The message counts the position from 0, as the
  /// service's messages do, and `column` counts from 1.
  static func query(_ message: String, column: Int) -> TwinStoreError {
    TwinStoreError(
      status: 400, code: "SqlQueryError",
      message: "SQL query parse failed: Line=1, Position=\(column - 1), Message=\(message)",
      column: column)
  }
}
