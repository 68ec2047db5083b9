import Foundation
import TwinLabModel

extension TwinServiceRouter {
  /// Routes `/digitaltwins/{id}` and everything below it.
  func routeTwins(_ request: HTTPRequest, segments: [String]) -> HTTPResponse {
    guard let id = segments.first else { return Self.notFound(request) }
    let rest = Array(segments.dropFirst())
    switch rest.count {
    case 0:
      return routeTwin(request, id: id)
    case 1 where rest[0] == "relationships" && request.method == .get:
      let name = request.queryValue("relationshipName")
      return page(
        read { store throws(TwinStoreError) in
          try store.listRelationships(id, name: name).map(\.json)
        }, request: request)
    case 1 where rest[0] == "incomingrelationships" && request.method == .get:
      return page(
        read { store throws(TwinStoreError) in
          try store.listIncomingRelationships(id).map(\.incomingJSON)
        }, request: request)
    case 1 where rest[0] == "telemetry" && request.method == .post:
      return telemetry(request, twinId: id, component: nil)
    case 2 where rest[0] == "relationships":
      return routeRelationship(request, source: id, id: rest[1])
    case 2 where rest[0] == "components":
      return routeComponent(request, twinId: id, name: rest[1])
    case 3 where rest[0] == "components" && rest[2] == "telemetry" && request.method == .post:
      return telemetry(request, twinId: id, component: rest[1])
    default:
      return Self.notFound(request)
    }
  }

  private func routeTwin(_ request: HTTPRequest, id: String) -> HTTPResponse {
    let ifMatch = request.headers["If-Match"]
    let ifNoneMatch = request.headers["If-None-Match"]
    switch request.method {
    case .get:
      return Self.response(
        read { store throws(TwinStoreError) in try store.twin(id).json }, etag: true)
    case .put:
      return withBody(request) { body in
        write { store throws(TwinStoreError) in
          try store.createOrReplaceTwin(id, body, ifNoneMatch: ifNoneMatch).json
        }
      }
    case .patch:
      return patch(request) { patch in
        write { store throws(TwinStoreError) -> String? in
          try store.updateTwin(id, patch: patch, ifMatch: ifMatch)
        }
      }
    case .delete:
      return Self.noContent(
        write { store throws(TwinStoreError) -> String? in
          try store.deleteTwin(id, ifMatch: ifMatch)
          return nil
        })
    default:
      return Self.methodNotAllowed(request, allowed: "GET, PUT, PATCH, DELETE")
    }
  }

  private func routeComponent(_ request: HTTPRequest, twinId: String, name: String) -> HTTPResponse
  {
    let ifMatch = request.headers["If-Match"]
    switch request.method {
    case .get:
      return Self.response(
        read { store throws(TwinStoreError) in try store.component(twinId, name) })
    case .patch:
      return patch(request) { patch in
        write { store throws(TwinStoreError) -> String? in
          try store.updateComponent(twinId, name, patch: patch, ifMatch: ifMatch)
        }
      }
    default:
      return Self.methodNotAllowed(request, allowed: "GET, PATCH")
    }
  }

  private func routeRelationship(
    _ request: HTTPRequest, source: String, id: String
  ) -> HTTPResponse {
    let ifMatch = request.headers["If-Match"]
    let ifNoneMatch = request.headers["If-None-Match"]
    switch request.method {
    case .get:
      return Self.response(
        read { store throws(TwinStoreError) in try store.relationship(source, id).json },
        etag: true)
    case .put:
      return withBody(request) { body in
        write { store throws(TwinStoreError) in
          try store.createOrReplaceRelationship(source, id, body, ifNoneMatch: ifNoneMatch).json
        }
      }
    case .patch:
      return patch(request) { patch in
        write { store throws(TwinStoreError) -> String? in
          try store.updateRelationship(source, id, patch: patch, ifMatch: ifMatch)
        }
      }
    case .delete:
      return Self.noContent(
        write { store throws(TwinStoreError) -> String? in
          try store.deleteRelationship(source, id, ifMatch: ifMatch)
          return nil
        })
    default:
      return Self.methodNotAllowed(request, allowed: "GET, PUT, PATCH, DELETE")
    }
  }

  /// Parses the body and returns 200 with the stored document and its etag.
  private func withBody(
    _ request: HTTPRequest, _ apply: (JSONValue) -> Result<JSONValue, TwinStoreError>
  ) -> HTTPResponse {
    switch Self.jsonBody(request) {
    case .success(let body): return Self.response(apply(body), etag: true)
    case .failure(let error): return Self.errorResponse(error)
    }
  }

  /// Parses a JSON Patch body and returns 204 with the new etag. A body that is not JSON is
  /// `JsonPatchInvalid`, as the service reports any unusable patch document.
  private func patch(
    _ request: HTTPRequest, _ apply: (JSONValue) -> Result<String?, TwinStoreError>
  ) -> HTTPResponse {
    switch Self.jsonBody(request) {
    case .success(let patch):
      return Self.noContent(apply(patch))
    case .failure(let error):
      return .error(status: 400, code: "JsonPatchInvalid", message: error.message)
    }
  }

  /// POST telemetry: needs a `Message-Id` header and a JSON object body; the twin (and
  /// component) must exist. Nothing is stored, because the store keeps no event routes.
  private func telemetry(
    _ request: HTTPRequest, twinId: String, component: String?
  ) -> HTTPResponse {
    guard let messageId = request.headers["Message-Id"], !messageId.isEmpty else {
      return .error(
        status: 400, code: "InvalidArgument",
        message: "The Message-Id header is missing; telemetry needs a unique message id.")
    }
    switch Self.jsonBody(request) {
    case .failure(let error):
      return Self.errorResponse(error)
    case .success(.object):
      break
    case .success:
      return .error(
        status: 400, code: "ValidationFailed",
        message: "The telemetry body must be a JSON object.")
    }
    if let sourceTime = request.headers["Telemetry-Source-Time"],
      !TemporalFormat.isDateTime(sourceTime)
    {
      return .error(
        status: 400, code: "InvalidArgument",
        message: "Invalid Telemetry-Source-Time header value '\(sourceTime)'; expected an "
          + "RFC 3339 date and time.")
    }
    let found = read { store throws(TwinStoreError) -> Bool in
      if let component {
        _ = try store.component(twinId, component)
      } else {
        _ = try store.twin(twinId)
      }
      return true
    }
    if case .failure(let error) = found { return Self.errorResponse(error) }
    return HTTPResponse(status: 204)
  }
}
