import CMicroHTTPD
import Synchronization

/// The server state that the libmicrohttpd callbacks reach through their context pointer.
final class HTTPServerContext: Sendable {
  let handler: HTTPServer.Handler
  let maxBodySize: Int
  let log: (@Sendable (String) -> Void)?
  let connectionsAccepted = Atomic<Int>(0)
  let requestsServed = Atomic<Int>(0)

  init(
    handler: @escaping HTTPServer.Handler, maxBodySize: Int,
    log: (@Sendable (String) -> Void)?
  ) {
    self.handler = handler
    self.maxBodySize = maxBodySize
    self.log = log
  }
}

/// One request in progress; only the connection's own thread touches it.
private final class HTTPServerRequestState {
  var body: [UInt8] = []
  var isTooLarge = false
}

/// Called by libmicrohttpd at least twice per request: first with the headers only, then once
/// per chunk of body, and last with no data, when the response is queued.
let httpServerAccessHandler: MHD_AccessHandlerCallback = {
  contextPointer, connection, url, method, _, uploadData, uploadDataSize, requestPointer in
  guard let contextPointer, let connection, let requestPointer, let uploadDataSize else {
    return .NO
  }
  let context = Unmanaged<HTTPServerContext>.fromOpaque(contextPointer).takeUnretainedValue()

  guard let statePointer = requestPointer.pointee else {
    let state = HTTPServerRequestState()
    requestPointer.pointee = Unmanaged.passRetained(state).toOpaque()
    // A body declared too large gets its 413 now, before any of it is read, so a client
    // that waits to send it (or never sends it) is not left waiting. libmicrohttpd then
    // closes the connection, because the unread body would desynchronise it.
    if let declared = declaredContentLength(connection), declared > context.maxBodySize {
      context.requestsServed.add(1, ordering: .relaxed)
      let methodName = method.map { String(cString: $0) } ?? ""
      let path = url.map { String(cString: $0) } ?? ""
      context.log?(
        "rejected \(methodName) \(path) with 413: Content-Length \(declared) over "
          + "\(context.maxBodySize) bytes")
      return queue(tooLarge(context), on: connection)
    }
    return .YES
  }
  let state = Unmanaged<HTTPServerRequestState>.fromOpaque(statePointer).takeUnretainedValue()

  if uploadDataSize.pointee > 0 {
    // A body without Content-Length (chunked) can still pass the limit here. Bytes past
    // the limit are read and dropped so the client can finish sending and read the 413 on
    // the same connection.
    if !state.isTooLarge, let uploadData {
      if state.body.count + uploadDataSize.pointee > context.maxBodySize {
        state.isTooLarge = true
        state.body = []
      } else {
        let bytes = UnsafeRawBufferPointer(start: uploadData, count: uploadDataSize.pointee)
        state.body.append(contentsOf: bytes)
      }
    }
    uploadDataSize.pointee = 0
    return .YES
  }

  context.requestsServed.add(1, ordering: .relaxed)
  let response: HTTPResponse
  let methodName = method.map { String(cString: $0) } ?? ""
  let path = url.map { String(cString: $0) } ?? ""
  if state.isTooLarge {
    context.log?("rejected \(methodName) \(path) with 413: body over \(context.maxBodySize) bytes")
    response = tooLarge(context)
  } else if let problem = malformation(method: method, url: url) {
    context.log?("rejected \(methodName) \(path) with 400: \(problem)")
    response = .error(status: 400, code: "BadRequest", message: problem)
  } else {
    let request = HTTPRequest(
      method: HTTPMethod(rawValue: methodName),
      path: path,
      queryItems: connectionValues(connection, kind: .GET_ARGUMENT_KIND).map {
        QueryItem(name: $0.0, value: $0.1)
      },
      headers: HTTPHeaders(connectionValues(connection, kind: .HEADER_KIND)),
      body: state.body)
    response = context.handler(request)
  }
  return queue(response, on: connection)
}

/// Releases the per-request state once libmicrohttpd is done with a request.
let httpServerRequestCompleted: MHD_RequestCompletedCallback = { _, _, requestPointer, _ in
  guard let requestPointer, let statePointer = requestPointer.pointee else { return }
  Unmanaged<HTTPServerRequestState>.fromOpaque(statePointer).release()
  requestPointer.pointee = nil
}

/// Counts accepted connections, so tests can check that clients reuse them.
let httpServerConnectionNotify: MHD_NotifyConnectionCallback = {
  contextPointer, _, _, event in
  guard let contextPointer, event == .CONNECTION_NOTIFY_STARTED else { return }
  let context = Unmanaged<HTTPServerContext>.fromOpaque(contextPointer).takeUnretainedValue()
  context.connectionsAccepted.add(1, ordering: .relaxed)
}

/// The key and value pairs of one kind (headers or query arguments), in request order.
private func connectionValues(
  _ connection: OpaquePointer, kind: MHD_ValueKind
) -> [(String, String)] {
  final class Collector { var pairs: [(String, String)] = [] }
  let collector = Collector()
  withExtendedLifetime(collector) {
    _ = MHD_get_connection_values(
      connection, kind,
      { collectorPointer, _, key, value in
        guard let collectorPointer, let key else { return .YES }
        let collector = Unmanaged<Collector>.fromOpaque(collectorPointer).takeUnretainedValue()
        collector.pairs.append((String(cString: key), value.map { String(cString: $0) } ?? ""))
        return .YES
      }, Unmanaged.passUnretained(collector).toOpaque())
  }
  return collector.pairs
}

/// The 413 answer to a body over the limit.
private func tooLarge(_ context: HTTPServerContext) -> HTTPResponse {
  .error(
    status: 413, code: "PayloadTooLarge",
    message: "The request body is larger than the limit of \(context.maxBodySize) bytes.")
}

/// The request's `Content-Length` in bytes, `Int.max` for a run of digits too long for
/// `Int`, or `nil` when the header is absent. libmicrohttpd itself rejects a value that is
/// not a run of digits before the handler runs.
private func declaredContentLength(_ connection: OpaquePointer) -> Int? {
  guard let raw = MHD_lookup_connection_value(connection, .HEADER_KIND, "Content-Length") else {
    return nil
  }
  let text = String(cString: raw)
  guard !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) else {
    return nil
  }
  return Int(text) ?? Int.max
}

/// What is wrong with a request that libmicrohttpd passed on, or `nil` when nothing is.
///
/// libmicrohttpd sends 400 itself for a malformed request line, a missing `Host` or an
/// invalid `Content-Length`, and closes the connection without a response when the request
/// line has no space at all. These checks catch what it lets through.
///
/// NOTE: libmicrohttpd 0.9.75 offers no hook for the answers it sends itself: they are its
/// own HTML pages, not the service's JSON error body, and the log does not show them. This
/// covers a header line without a colon, a negative or non-numeric `Content-Length`, and one
/// too large to parse (its own 413).
private func malformation(
  method: UnsafePointer<CChar>?, url: UnsafePointer<CChar>?
) -> String? {
  let methodName = method.map { String(cString: $0) } ?? ""
  let isToken =
    !methodName.isEmpty
    && methodName.unicodeScalars.allSatisfy {
      ("A"..."Z").contains($0) || $0 == "-" || $0 == "_"
    }
  guard isToken else { return "The request method '\(methodName)' is not a valid method name." }
  guard let url, url.pointee == UInt8(ascii: "/") else {
    return "The request target must be a path that starts with '/'."
  }
  return nil
}

/// Hands `response` to libmicrohttpd, which copies the body and sends it.
private func queue(_ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
  let status = (100...599).contains(response.status) ? response.status : 500
  let created = response.body.withUnsafeBytes { bytes in
    MHD_create_response_from_buffer(
      bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress), .RESPMEM_MUST_COPY)
  }
  guard let created else { return .NO }
  defer { MHD_destroy_response(created) }
  for field in response.headers {
    _ = MHD_add_response_header(created, field.name, field.value)
  }
  return MHD_queue_response(connection, UInt32(status), created)
}
