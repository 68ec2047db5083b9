import Foundation
import Glibc
import Synchronization
import TwinLabTwins

/// A handler that echoes the request: method, path, query and the `X-Test` header come back as
/// headers, and the body comes back as the body.
let echoHandler: HTTPServer.Handler = { request in
  var headers: HTTPHeaders = [
    "X-Method": request.method.rawValue,
    "X-Path": request.path,
    "X-Query": request.queryItems.map { "\($0.name)=\($0.value)" }.joined(separator: "&"),
    "X-Body-Length": String(request.body.count),
  ]
  if let value = request.headers["X-Test"] { headers["X-Echo-Test"] = value }
  if let value = request.headers["Content-Type"] { headers["X-Content-Type"] = value }
  return HTTPResponse(status: 200, headers: headers, body: request.body)
}

/// Returns the scripted responses in order, then repeats the last one, and records requests.
final class ScriptedHandler: Sendable {
  private let state: Mutex<(responses: [HTTPResponse], received: [HTTPRequest])>

  init(_ responses: [HTTPResponse]) {
    state = Mutex((responses, []))
  }

  var received: [HTTPRequest] { state.withLock { $0.received } }

  var handler: HTTPServer.Handler {
    { request in
      self.state.withLock { state in
        state.received.append(request)
        let index = min(state.received.count - 1, state.responses.count - 1)
        return state.responses[index]
      }
    }
  }
}

/// A sleeper that records the waits instead of sleeping.
final class RecordingSleeper {
  var waits: [Duration] = []

  var sleep: (Duration) -> Void {
    { duration in self.waits.append(duration) }
  }
}

/// A latch that one thread opens and others wait on, with a bound so a failing test never hangs.
final class Latch: Sendable {
  private let semaphore = DispatchSemaphore(value: 0)

  func open() { semaphore.signal() }

  @discardableResult
  func wait(seconds: Double = 10) -> Bool {
    semaphore.wait(timeout: .now() + seconds) == .success
  }
}

/// Sends `bytes` to 127.0.0.1:`port` over a plain socket and returns what the server sent back
/// before closing or staying silent for five seconds.
func rawExchange(port: UInt16, bytes: [UInt8]) -> String {
  let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  guard socketDescriptor >= 0 else { return "" }
  defer { close(socketDescriptor) }
  var timeout = timeval(tv_sec: 5, tv_usec: 0)
  setsockopt(
    socketDescriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_port = port.bigEndian
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  let connected = withUnsafePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
      connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
    }
  }
  guard connected == 0 else { return "" }
  _ = bytes.withUnsafeBytes { send(socketDescriptor, $0.baseAddress, $0.count, 0) }

  var received: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 4096)
  while true {
    let count = buffer.withUnsafeMutableBytes {
      recv(socketDescriptor, $0.baseAddress, $0.count, 0)
    }
    if count <= 0 { break }
    received += buffer[0..<count]
    if String(decoding: received, as: UTF8.self).contains("\r\n\r\n") { break }
  }
  return String(decoding: received, as: UTF8.self)
}

/// A loopback socket that listens with a full accept queue and never accepts, so that a further
/// connection attempt stays unanswered until the client's connect timeout. Returns the port and
/// the descriptors to close.
func unansweredListener() -> (port: UInt16, descriptors: [Int32])? {
  let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  guard listener >= 0 else { return nil }
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  var length = socklen_t(MemoryLayout<sockaddr_in>.size)
  let bound = withUnsafeMutablePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
      bind(listener, $0, length) == 0 && listen(listener, 0) == 0
        && getsockname(listener, $0, &length) == 0
    }
  }
  guard bound else {
    close(listener)
    return nil
  }

  // With a backlog of 0 Linux queues one connection; the next ones fill the queue so that
  // later SYNs are dropped.
  var descriptors = [listener]
  for _ in 0..<3 {
    let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
    guard filler >= 0 else { break }
    _ = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(filler, $0, length) }
    }
    descriptors.append(filler)
  }
  return (UInt16(bigEndian: address.sin_port), descriptors)
}
