import CMicroHTTPD
import Glibc
import Synchronization

/// A loopback HTTP/1.1 server on libmicrohttpd that hands each complete request to a handler.
///
/// Every connection gets its own thread, so a slow handler blocks only its own client. The
/// handler runs on those threads, concurrently with itself: making it safe for concurrent calls
/// (with a lock or `Mutex` around shared state) is the handler's job. The server stops and
/// frees its daemon in `stop()` or, at the latest, in `deinit`.
public final class HTTPServer: Sendable {
  /// The function that turns one complete request into a response.
  public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

  /// The address the server listens on, as given in the configuration.
  public let host: String
  /// The port the server listens on; the one picked by the system when the configuration gave 0.
  public let port: UInt16
  /// Whether the server speaks HTTPS.
  public let isTLS: Bool

  private let context: HTTPServerContext
  private let daemon: Mutex<OpaquePointer?>

  /// Starts a server that listens until it is stopped.
  ///
  /// - Parameters:
  ///   - configuration: Address, port and limits.
  ///   - handler: Called once per complete request, from the server's connection threads.
  /// - Throws: `HTTPServerError` when the host is not an IPv4 address or the port cannot be bound.
  public init(
    configuration: HTTPServerConfiguration = HTTPServerConfiguration(),
    handler: @escaping Handler
  ) throws(HTTPServerError) {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = configuration.port.bigEndian
    let host = configuration.host == "localhost" ? "127.0.0.1" : configuration.host
    guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
      throw .invalidHost(configuration.host)
    }

    let context = HTTPServerContext(
      handler: handler, maxBodySize: configuration.maxBodySize, log: configuration.log)
    let opaqueContext = Unmanaged.passRetained(context).toOpaque()
    var flags =
      MHD_USE_POLL_INTERNAL_THREAD.rawValue | MHD_USE_THREAD_PER_CONNECTION.rawValue
      | MHD_USE_ITC.rawValue
    if configuration.tls != nil { flags |= MHD_USE_TLS.rawValue }
    let timeoutSeconds = UInt32(clamping: max(1, configuration.connectionIdleTimeout.seconds))
    // libmicrohttpd copies the key and certificate while starting, so the C strings need to
    // live only for the call.
    let started = withOptionalCString(configuration.tls?.privateKeyPEM) { keyPEM in
      withOptionalCString(configuration.tls?.certificatePEM) { certificatePEM in
        withUnsafePointer(to: &address) { pointer in
          pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
            CMicroHTTPD_startDaemon(
              flags, socketAddress, timeoutSeconds,
              UInt32(clamping: configuration.connectionLimit), 1, httpServerAccessHandler,
              opaqueContext, httpServerRequestCompleted, nil, httpServerConnectionNotify,
              opaqueContext, keyPEM, certificatePEM)
          }
        }
      }
    }
    guard let started else {
      let reason = String(cString: strerror(errno))
      Unmanaged<HTTPServerContext>.fromOpaque(opaqueContext).release()
      throw .startFailed(host: configuration.host, port: configuration.port, reason: reason)
    }

    self.host = configuration.host
    self.isTLS = configuration.tls != nil
    self.port = CMicroHTTPD_boundPort(started)
    self.context = context
    self.daemon = Mutex(started)
  }

  deinit {
    stop()
  }

  /// The base URL of the server, such as `http://127.0.0.1:41234`.
  public var baseURL: String { "\(isTLS ? "https" : "http")://\(host):\(port)" }

  /// The number of TCP connections accepted since the server started.
  public var connectionsAccepted: Int { context.connectionsAccepted.load(ordering: .relaxed) }

  /// The number of requests passed to the handler or rejected with 400 or 413 since the start.
  public var requestsServed: Int { context.requestsServed.load(ordering: .relaxed) }

  /// Closes the listening socket and every connection, waits for handlers still running, and
  /// frees the daemon. Calling it again does nothing.
  public func stop() {
    let stopped = daemon.withLock { daemon -> Bool in
      guard let running = daemon else { return false }
      MHD_stop_daemon(running)
      daemon = nil
      return true
    }
    if stopped {
      // The daemon held the only C reference to the context; every callback has returned.
      Unmanaged.passUnretained(context).release()
    }
  }
}

/// Listening address and limits for `HTTPServer`.
public struct HTTPServerConfiguration: Sendable {
  /// An IPv4 address or `localhost`; loopback by default so nothing outside the machine connects.
  public var host: String
  /// The port to bind; 0 lets the system pick a free one, which `HTTPServer.port` reports.
  public var port: UInt16
  /// The largest request body accepted, in bytes; larger ones get 413. The service's limit is
  /// 32 KB per request.
  public var maxBodySize: Int
  /// How long an idle keep-alive connection stays open.
  public var connectionIdleTimeout: Duration
  /// The maximum number of open connections; the daemon rejects further ones.
  public var connectionLimit: Int
  /// Receives one line for each request the server rejects itself (400, 413), for the caller to
  /// write to a log; the server never prints.
  public var log: (@Sendable (String) -> Void)?
  /// The certificate and key for HTTPS; `nil` serves plain HTTP.
  public var tls: TLSIdentity?

  /// Creates a configuration; every parameter has the default described on its property.
  public init(
    host: String = "127.0.0.1", port: UInt16 = 0, maxBodySize: Int = 32 * 1024,
    connectionIdleTimeout: Duration = .seconds(30), connectionLimit: Int = 256,
    log: (@Sendable (String) -> Void)? = nil, tls: TLSIdentity? = nil
  ) {
    self.host = host
    self.port = port
    self.maxBodySize = maxBodySize
    self.connectionIdleTimeout = connectionIdleTimeout
    self.connectionLimit = connectionLimit
    self.log = log
    self.tls = tls
  }
}

/// A PEM certificate chain and its private key, for an HTTPS server.
public struct TLSIdentity: Sendable {
  /// The certificate, or the chain with the server certificate first, in PEM.
  public var certificatePEM: String
  /// The unencrypted private key in PEM.
  public var privateKeyPEM: String

  /// Creates an identity from PEM text.
  public init(certificatePEM: String, privateKeyPEM: String) {
    self.certificatePEM = certificatePEM
    self.privateKeyPEM = privateKeyPEM
  }
}

/// A failure to start an `HTTPServer`.
public enum HTTPServerError: Error, Equatable, CustomStringConvertible {
  /// The host is neither an IPv4 address nor `localhost`.
  case invalidHost(String)
  /// libmicrohttpd could not bind or start, for instance because the port is in use.
  case startFailed(host: String, port: UInt16, reason: String)

  public var description: String {
    switch self {
    case .invalidHost(let host):
      return "invalid server host '\(host)': expected an IPv4 address such as 127.0.0.1"
    case .startFailed(let host, let port, let reason):
      return "could not start the HTTP server on \(host):\(port): \(reason)"
    }
  }
}

/// Calls `body` with a C copy of `text`, or with `nil` when `text` is `nil`.
private func withOptionalCString<Result>(
  _ text: String?, _ body: (UnsafePointer<CChar>?) -> Result
) -> Result {
  guard let text else { return body(nil) }
  return text.withCString { body($0) }
}

extension Duration {
  /// The whole seconds in the duration, rounded down.
  var seconds: Int64 { components.seconds }
}
