import Foundation
import Synchronization
import Testing
import TwinLabModel
import TwinLabTwins

/// Raw HTTP exchanges with the service router over a loopback server: status codes, headers
/// and error bodies that the typed backend calls cannot show.
@Suite("Service router")
struct TwinServiceRouterTests {
  final class Fixture {
    let router = TwinServiceRouter(listPageSize: 2)
    let server: HTTPServer
    let client: HTTPClient

    init(seeded: Bool = true) throws {
      server = try HTTPServer(handler: router.handler)
      client = try HTTPClient(configuration: HTTPClientConfiguration(retryPolicy: .none))
      guard seeded else { return }
      let models = try send(.post, "/models", BackendFixtures.models)
      #expect(models.status == 201)
      for id in ["d1", "d2"] {
        let twin = try send(.put, "/digitaltwins/\(id)", BackendFixtures.device().serialized())
        #expect(twin.status == 200)
      }
    }

    deinit { server.stop() }

    /// Sends `body` to `path` with the API version added unless `apiVersion` is false.
    func send(
      _ method: HTTPMethod, _ path: String, _ body: String? = nil, headers: HTTPHeaders = [:],
      apiVersion: Bool = true
    ) throws -> HTTPResponse {
      var url = server.baseURL + path
      if apiVersion { url += (path.contains("?") ? "&" : "?") + "api-version=2023-10-31" }
      return try client.send(method, url, headers: headers, body: Array((body ?? "").utf8))
    }
  }

  /// Returns the `error.code` of a response body.
  static func code(_ response: HTTPResponse) -> String? {
    let body = try? JSONValue(parsing: response.body)
    return body?[member: "error"]?[member: "code"]?.stringValue
  }

  @Test(
    "bad requests get service errors",
    arguments: [
      ("PUT", "/digitaltwins/d3", "{\"$metadata\": ", true, 400, "InvalidArgument"),
      ("PATCH", "/digitaltwins/d1", "[{\"op\": \"add\"", true, 400, "JsonPatchInvalid"),
      ("PUT", "/digitaltwins/d3", "", true, 400, "InvalidArgument"),
      ("GET", "/digitaltwins/d1", "", false, 400, "InvalidArgument"),
      ("GET", "/nowhere", "", true, 404, "NotFound"),
      ("GET", "/digitaltwins/d1/sideways", "", true, 404, "NotFound"),
      ("POST", "/digitaltwins/d1", "{}", true, 405, "MethodNotAllowed"),
      ("POST", "/models", "{}", true, 400, "InvalidArgument"),
      ("PATCH", "/models/dtmi:rest:Device;1", "[]", true, 400, "JsonPatchInvalid"),
      ("POST", "/query", "[]", true, 400, "InvalidArgument"),
      ("POST", "/query", "{\"text\": \"SELECT\"}", true, 400, "InvalidArgument"),
      ("POST", "/digitaltwins/d1/telemetry", "{\"load\": 1}", true, 400, "InvalidArgument"),
      ("GET", "/models?continuationToken=minus", "", true, 400, "BadRequest"),
    ] as [(String, String, String, Bool, Int, String)])
  func badRequest(
    method: String, path: String, body: String, apiVersion: Bool, status: Int, code: String
  ) throws {
    let fixture = try Fixture()

    let response = try fixture.send(
      HTTPMethod(rawValue: method), path, body, apiVersion: apiVersion)

    #expect(response.status == status)
    #expect(Self.code(response) == code, "\(response.bodyText)")
    #expect(response.headers["Content-Type"]?.hasPrefix("application/json") == true)
  }

  @Test("success statuses and etag headers")
  func successStatuses() throws {
    let fixture = try Fixture()
    let put = try fixture.send(.put, "/digitaltwins/d3", BackendFixtures.device().serialized())
    #expect(put.status == 200)
    let etag = try #require(put.headers["ETag"])
    let body = try JSONValue(parsing: put.body)
    #expect(body[member: "$etag"]?.stringValue == etag)

    let get = try fixture.send(.get, "/digitaltwins/d3")
    #expect(get.status == 200)
    #expect(get.headers["ETag"] == etag)

    let patch = try fixture.send(
      .patch, "/digitaltwins/d3", #"[{"op": "add", "path": "/load", "value": 3}]"#,
      headers: ["If-Match": etag])
    #expect(patch.status == 204)
    #expect(patch.body.isEmpty)
    let newEtag = try #require(patch.headers["ETag"])
    #expect(newEtag != etag)

    let query = try fixture.send(.post, "/query", #"{"query": "SELECT * FROM DIGITALTWINS"}"#)
    #expect(query.status == 200)
    #expect(Double(query.headers["query-charge"] ?? "") ?? 0 > 0)

    let telemetry = try fixture.send(
      .post, "/digitaltwins/d3/telemetry", #"{"load": 1}"#, headers: ["Message-Id": "m-1"])
    #expect(telemetry.status == 204)
    let delete = try fixture.send(.delete, "/digitaltwins/d3", headers: ["If-Match": newEtag])
    #expect(delete.status == 204)
  }

  @Test("model list pages through nextLink")
  func modelPaging() throws {
    let fixture = try Fixture()
    let first = try JSONValue(parsing: try fixture.send(.get, "/models").body)
    #expect(
      first[member: "value"].map { value in
        if case .array(let items) = value { return items.count }
        return -1
      } == 2)
    let link = try #require(first[member: "nextLink"]?.stringValue)
    #expect(link.hasPrefix(fixture.server.baseURL + "/models?"))
    #expect(link.contains("api-version=2023-10-31"))

    let second = try JSONValue(parsing: try fixture.client.send(.get, link).body)
    #expect(second[member: "nextLink"] == .null)
    guard case .array(let items)? = second[member: "value"] else {
      Issue.record("the second page has no value array")
      return
    }
    #expect(items.count == 1)
  }

  @Test("body over 32 KB is rejected")
  func oversizedBody() throws {
    let fixture = try Fixture()
    let padding = String(repeating: "x", count: 33 * 1024)
    let response = try fixture.send(
      .put, "/digitaltwins/big",
      #"{"$metadata": {"$model": "dtmi:rest:Device;1"}, "status": ""#
        + padding + "\"}")
    #expect(response.status == 413)
    #expect(Self.code(response) == "PayloadTooLarge")
    #expect(try fixture.send(.get, "/digitaltwins/big").status == 404)
  }

  @Test("components and page size over REST")
  func componentsAndPageSize() throws {
    let fixture = try Fixture()
    let client = try HTTPClient(configuration: HTTPClientConfiguration(retryPolicy: .none))
    let backend = try RESTBackend(endpoint: fixture.server.baseURL + "/", client: client)
    _ = try backend.createOrReplaceTwin("room", BackendFixtures.room(), ifNoneMatch: nil)
    let patch: JSONValue = [["op": "add", "path": "/setPoint", "value": 19.5]]

    let etag = try backend.updateComponent(
      twinId: "room", name: "thermostat", patch: patch, ifMatch: nil)

    #expect(etag == (try backend.twin("room"))[member: "$etag"]?.stringValue)
    let component = try backend.component(twinId: "room", name: "thermostat")
    #expect(component[member: "setPoint"] == 19.5)
    let missing = #expect(throws: TwinBackendError.self) {
      try backend.component(twinId: "room", name: "fan")
    }
    #expect(
      missing
        == .service(
          TwinStoreError(
            status: 404, code: "ComponentNotFound",
            message: "The twin room has no component 'fan'; its model dtmi:rest:Room;1 does not "
              + "define one.")))

    backend.pageSize = 2
    let page = try backend.query("SELECT * FROM DIGITALTWINS", continuationToken: nil)
    #expect(page.rows.count == 2)
    #expect(page.continuationToken != nil)
    #expect(try backend.queryAll("SELECT * FROM DIGITALTWINS").count == 3)
    #expect(backend.location == fixture.server.baseURL)
  }

  @Test("malformed headers get service errors")
  func malformedHeaders() throws {
    let fixture = try Fixture()
    let pageSize = try fixture.send(
      .post, "/query", #"{"query": "SELECT * FROM DIGITALTWINS"}"#,
      headers: ["max-items-per-page": "many"])
    #expect(pageSize.status == 400)
    #expect(Self.code(pageSize) == "InvalidArgument")
    let sourceTime = try fixture.send(
      .post, "/digitaltwins/d1/telemetry", "{}",
      headers: ["Message-Id": "m-2", "Telemetry-Source-Time": "yesterday"])
    #expect(sourceTime.status == 400)
    #expect(Self.code(sourceTime) == "InvalidArgument")

    let request =
      "GET /digitaltwins/d1?api-version=2023-10-31 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      + "Bad Header Line\r\n\r\n"
    let reply = rawExchange(port: fixture.server.port, bytes: Array(request.utf8))
    #expect(reply.hasPrefix("HTTP/1.1 400"), "\(reply.prefix(80))")
  }

  @Test("concurrent clients all apply")
  func concurrentClients() throws {
    let fixture = try Fixture()
    let endpoint = fixture.server.baseURL
    let failures = Atomic<Int>(0)
    let group = DispatchGroup()
    for client in 0..<8 {
      group.enter()
      Thread.detachNewThread {
        defer { group.leave() }
        do {
          let backend = try RESTBackend(endpoint: endpoint, client: try HTTPClient())
          for index in 0..<10 {
            let body = BackendFixtures.device(["load": .number(Double(index))])
            _ = try backend.createOrReplaceTwin("c\(client)-\(index)", body, ifNoneMatch: "*")
            let patch: JSONValue = [
              ["op": "replace", "path": "/load", "value": .number(Double(client))]
            ]
            try backend.updateTwin("c\(client)-\(index)", patch: patch, ifMatch: nil)
          }
        } catch {
          failures.add(1, ordering: .relaxed)
        }
      }
    }
    #expect(group.wait(timeout: .now() + 60) == .success)

    #expect(failures.load(ordering: .relaxed) == 0)
    let client = try HTTPClient()
    let backend = try RESTBackend(endpoint: endpoint, client: client)
    let rows = try backend.queryAll("SELECT T.$dtId, T.load FROM DIGITALTWINS T WHERE T.load >= 0")
    #expect(rows.count == 80)
    for row in rows {
      let id = row[member: "$dtId"]?.stringValue ?? ""
      let client = id.dropFirst().prefix { $0 != "-" }
      #expect(row[member: "load"] == .number(Double(client) ?? -1), "\(id)")
    }
  }
}
