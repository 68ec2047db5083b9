import Foundation
import Synchronization
import TwinLabModel

/// The server side of the Azure Digital Twins data-plane REST API over a `TwinStore`: maps
/// paths, methods, `If-Match` and `If-None-Match` headers, bodies and status codes onto the
/// store, and answers failures with the service's error body `{"error":{"code","message"}}`.
///
/// It also accepts batched telemetry at `POST /ingest`. One lock guards the store, so
/// requests from many connection threads apply one at a time.
public final class TwinServiceRouter: Sendable {
  /// Items per page of the model and relationship lists when the request names no
  /// `max-items-per-page`; the service pages models at 100.
  public let listPageSize: Int

  private let state: Mutex<State>

  struct State {
    var store: TwinStore
    /// Incremented on every successful write, so a saver can tell whether to save.
    var generation = 0
  }

  /// Creates a router over `store`.
  public init(store: TwinStore = TwinStore(), listPageSize: Int = 100) {
    self.state = Mutex(State(store: store))
    self.listPageSize = max(1, listPageSize)
  }

  /// The handler to give an `HTTPServer`.
  public var handler: HTTPServer.Handler {
    { request in self.handle(request) }
  }

  /// A copy of the store and the number of writes applied so far, taken under the lock.
  public func snapshot() -> (store: TwinStore, generation: Int) {
    state.withLock { ($0.store, $0.generation) }
  }

  /// Answers one request.
  public func handle(_ request: HTTPRequest) -> HTTPResponse {
    let segments = request.path.split(separator: "/", omittingEmptySubsequences: false)
      .dropFirst().map(String.init)
    if segments == ["ingest"] {
      guard request.method == .post else { return Self.methodNotAllowed(request, allowed: "POST") }
      return ingest(request)
    }
    guard let apiVersion = request.queryValue("api-version"), !apiVersion.isEmpty else {
      // NOTE: the code the service uses for a missing api-version is not documented in the
      // API description; InvalidArgument is the closest documented one.
      return .error(
        status: 400, code: "InvalidArgument",
        message: "The api-version query parameter is missing; add ?api-version="
          + RESTBackend.apiVersion + ".")
    }
    switch segments.first {
    case "models":
      return routeModels(request, segments: Array(segments.dropFirst()))
    case "query" where segments.count == 1:
      guard request.method == .post else { return Self.methodNotAllowed(request, allowed: "POST") }
      return query(request)
    case "digitaltwins":
      return routeTwins(request, segments: Array(segments.dropFirst()))
    default:
      return Self.notFound(request)
    }
  }

  // MARK: Store access

  /// Runs `body` on the store under the lock.
  func read<T: Sendable>(
    _ body: (TwinStore) throws(TwinStoreError) -> T
  ) -> Result<T, TwinStoreError> {
    state.withLock { state in
      Result { () throws(TwinStoreError) -> T in try body(state.store) }
    }
  }

  /// Runs `body` on the store under the lock and counts a write when it succeeds.
  func write<T: Sendable>(
    _ body: (inout TwinStore) throws(TwinStoreError) -> T
  ) -> Result<T, TwinStoreError> {
    state.withLock { state in
      let result = Result { () throws(TwinStoreError) -> T in try body(&state.store) }
      if case .success = result { state.generation += 1 }
      return result
    }
  }

  // MARK: Responses

  static func response(
    _ result: Result<JSONValue, TwinStoreError>, status: Int = 200, etag: Bool = false
  ) -> HTTPResponse {
    switch result {
    case .success(let value):
      var headers: HTTPHeaders = [:]
      if etag, case .object(let object) = value, case .string(let tag)? = object["$etag"] {
        headers["ETag"] = tag
      }
      return .json(status: status, value, headers: headers)
    case .failure(let error):
      return errorResponse(error)
    }
  }

  /// 204 with the new etag, or the error.
  static func noContent(_ result: Result<String?, TwinStoreError>) -> HTTPResponse {
    switch result {
    case .success(let etag):
      var headers: HTTPHeaders = [:]
      if let etag { headers["ETag"] = etag }
      return HTTPResponse(status: 204, headers: headers)
    case .failure(let error):
      return errorResponse(error)
    }
  }

  static func errorResponse(_ error: TwinStoreError) -> HTTPResponse {
    .error(status: error.status, code: error.code, message: error.message)
  }

  static func notFound(_ request: HTTPRequest) -> HTTPResponse {
    .error(
      status: 404, code: "NotFound",
      message: "No operation is defined for \(request.method) \(request.path).")
  }

  static func methodNotAllowed(_ request: HTTPRequest, allowed: String) -> HTTPResponse {
    .error(
      status: 405, code: "MethodNotAllowed",
      message: "\(request.method) is not allowed on \(request.path); allowed: \(allowed).",
      headers: ["Allow": allowed])
  }

  /// The request body parsed as JSON, or a 400 `InvalidArgument` response naming the fault.
  static func jsonBody(_ request: HTTPRequest) -> Result<JSONValue, TwinStoreError> {
    guard !request.body.isEmpty else {
      return .failure(
        TwinStoreError(
          status: 400, code: "InvalidArgument",
          message: "The request body is empty; send a JSON document."))
    }
    do {
      return .success(try JSONValue(parsing: request.body))
    } catch {
      return .failure(
        TwinStoreError(
          status: 400, code: "InvalidArgument",
          message: "The request body is not valid JSON: \(error)."))
    }
  }

  /// The `max-items-per-page` header as a number from 1 up, or `nil` when absent.
  static func pageSize(_ request: HTTPRequest) -> Result<Int?, TwinStoreError> {
    guard let text = request.headers["max-items-per-page"] else { return .success(nil) }
    guard let size = Int(text.trimmingCharacters(in: .whitespaces)), size >= 1 else {
      return .failure(
        TwinStoreError(
          status: 400, code: "InvalidArgument",
          message: "Invalid max-items-per-page header value '\(text)'; expected a whole number "
            + "from 1."))
    }
    return .success(size)
  }
}
