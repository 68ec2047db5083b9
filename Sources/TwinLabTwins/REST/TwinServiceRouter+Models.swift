import Foundation
import TwinLabModel

extension TwinServiceRouter {
  func routeModels(_ request: HTTPRequest, segments: [String]) -> HTTPResponse {
    let includeDefinition = request.queryValue("includeModelDefinition")?.lowercased() == "true"
    switch (segments.count, request.method) {
    case (0, .get):
      // NOTE: `dependenciesFor` is ignored, so the list always contains every model.
      let models = read { store throws(TwinStoreError) in
        store.listModels().map { $0.json(includeDefinition: includeDefinition) }
      }
      return page(models, request: request)
    case (0, .post):
      let body = Self.jsonBody(request)
      guard case .success(.array(let documents)) = body else {
        if case .failure(let error) = body { return Self.errorResponse(error) }
        return .error(
          status: 400, code: "InvalidArgument",
          message: "The POST /models body must be a JSON array of DTDL interfaces.")
      }
      let added = write { store throws(TwinStoreError) -> JSONValue in
        .array(try store.uploadModels(documents: documents).map { $0.json() })
      }
      return Self.response(added, status: 201)
    case (1, .get):
      let id = segments[0]
      return Self.response(
        read { store throws(TwinStoreError) in
          try store.model(id).json(includeDefinition: includeDefinition)
        })
    case (1, .patch):
      return updateModel(segments[0], request)
    case (1, .delete):
      let id = segments[0]
      return Self.noContent(
        write { store throws(TwinStoreError) -> String? in
          try store.deleteModel(id)
          return nil
        })
    case (0, _):
      return Self.methodNotAllowed(request, allowed: "GET, POST")
    case (1, _):
      return Self.methodNotAllowed(request, allowed: "GET, PATCH, DELETE")
    default:
      return Self.notFound(request)
    }
  }

  /// PATCH /models/{id}: the only change the service allows is `replace /decommissioned` to
  /// `true`.
  private func updateModel(_ id: String, _ request: HTTPRequest) -> HTTPResponse {
    let body = Self.jsonBody(request)
    if case .failure(let error) = body { return Self.errorResponse(error) }
    let expected: JSONValue = .array([
      .object(["op": .string("replace"), "path": .string("/decommissioned"), "value": .bool(true)])
    ])
    guard case .success(let patch) = body, patch == expected else {
      return .error(
        status: 400, code: "JsonPatchInvalid",
        message: "A model patch may only contain "
          + #"[{"op": "replace", "path": "/decommissioned", "value": true}]."#)
    }
    return Self.noContent(
      write { store throws(TwinStoreError) -> String? in
        try store.decommissionModel(id)
        return nil
      })
  }

  /// POST /query: `{"query": TEXT}` for the first page, `{"continuationToken": TOKEN}` after.
  func query(_ request: HTTPRequest) -> HTTPResponse {
    let body = Self.jsonBody(request)
    if case .failure(let error) = body { return Self.errorResponse(error) }
    let size = Self.pageSize(request)
    guard case .success(let pageSize) = size else {
      if case .failure(let error) = size { return Self.errorResponse(error) }
      return Self.notFound(request)
    }
    guard case .success(.object(let object)) = body else {
      return .error(
        status: 400, code: "InvalidArgument",
        message: #"The query body must be a JSON object: {"query": "SELECT ..."}."#)
    }
    let cappedSize = pageSize.map { min($0, TwinStore.maxPageSize) }
    let result: Result<QueryPage, TwinStoreError>
    if case .string(let token)? = object["continuationToken"] {
      result = read { store throws(TwinStoreError) in
        try store.query(continuationToken: token, pageSize: cappedSize)
      }
    } else if case .string(let text)? = object["query"] {
      result = read { store throws(TwinStoreError) in try store.query(text, pageSize: cappedSize) }
    } else {
      return .error(
        status: 400, code: "InvalidArgument",
        message: #"The query body needs a string "query" or "continuationToken" member."#)
    }
    switch result {
    case .success(let page):
      // The charge is a stand-in: one unit plus one per ten rows.
      let charge = 1 + Double(page.rows.count) / 10
      return .json(
        status: 200, page.json, headers: ["query-charge": JSONValue.format(number: charge)])
    case .failure(let error):
      return Self.errorResponse(error)
    }
  }

  /// Returns one page of a list, `{"value": [...], "nextLink": URL or null}`. The position of the
  /// next page travels in the `continuationToken` query parameter of `nextLink`.
  func page(_ result: Result<[JSONValue], TwinStoreError>, request: HTTPRequest) -> HTTPResponse {
    let items: [JSONValue]
    switch result {
    case .success(let all): items = all
    case .failure(let error): return Self.errorResponse(error)
    }
    let size: Int
    switch Self.pageSize(request) {
    case .success(let requested): size = min(requested ?? listPageSize, listPageSize)
    case .failure(let error): return Self.errorResponse(error)
    }
    var offset = 0
    if let token = request.queryValue("continuationToken") {
      guard let value = Int(token), value >= 0 else {
        return .error(
          status: 400, code: "BadRequest",
          message: "The continuation token '\(token.prefix(40))' is not valid; follow nextLink "
            + "unchanged.")
      }
      offset = value
    }
    let start = min(offset, items.count)
    let end = min(start + size, items.count)
    var nextLink: JSONValue = .null
    if end < items.count {
      nextLink = .string(link(for: request, continuationToken: end))
    }
    return .json(
      status: 200, .object(["value": .array(Array(items[start..<end])), "nextLink": nextLink]))
  }

  /// Builds the absolute URL of the same request with another `continuationToken`.
  private func link(for request: HTTPRequest, continuationToken: Int) -> String {
    let host = request.headers["Host"] ?? "127.0.0.1"
    var items = request.queryItems.filter { $0.name != "continuationToken" }
    items.append(QueryItem(name: "continuationToken", value: String(continuationToken)))
    let query = items.map { RESTBackend.escaped($0.name) + "=" + RESTBackend.escaped($0.value) }
    let path = request.path.split(separator: "/").map { RESTBackend.escaped(String($0)) }
    return "http://\(host)/" + path.joined(separator: "/") + "?" + query.joined(separator: "&")
  }
}
