import Dispatch
import Foundation
import Synchronization
import TwinLabTwins

/// `twinlab serve`: a loopback server speaking the Azure Digital Twins data-plane REST API
/// over the embedded twin store.
struct ServeCommand: Subcommand {
  static let name = "serve"
  static let summary = "serve the Azure Digital Twins REST API over the embedded twin store"
  static let help = """
    usage: twinlab serve [--port N] [--host ADDRESS [--allow-remote]] [--store PATH]
                         [--faults SPEC] [--seed N]

    Serves the Azure Digital Twins data-plane REST API (api-version 2023-10-31)
    over the embedded twin store, plus POST /ingest for batched telemetry, until
    it gets SIGINT or SIGTERM. Prints one line with its URL on stdout; logs
    starts, stops and failures on stderr. The store is saved atomically within
    a second after writes and once more on stop.

    options:
      --port N          the TCP port (default 0: the system picks a free one)
      --host ADDRESS    the IPv4 address to bind (default 127.0.0.1)
      --allow-remote    allow a --host other than loopback (127.0.0.0/8); the
                        server has no authentication, so anyone who can reach
                        the address can change the store
      --store PATH      the store file (default $XDG_STATE_HOME/twinlab/twins.json,
                        or ~/.local/state/twinlab/twins.json)
      --faults SPEC     inject faults, such as 429=0.1,503=0.05,delay=200ms@0.02
      --seed N          the seed that decides which requests get faults (default 1)

    Exit status: 0 stopped by a signal with the store saved, 64 usage error,
    65 unreadable store file, 70 server or store failure.
    """

  static func run(_ arguments: [String]) throws -> ExitStatus {
    let scanner = ArgumentScanner(
      valued: ["port", "host", "store", "faults", "seed"], flags: ["allow-remote"])
    let options = try scanner.scan(arguments)
    if let extra = options.positionals.first {
      throw CommandFailure.usage("unexpected argument '\(extra)'; serve takes only options")
    }
    let port = try options.value("port", as: "a port number from 0 to 65535") { UInt16($0) } ?? 0
    let host = options.values["host"] ?? "127.0.0.1"
    if !isLoopback(host) && !options.flags.contains("allow-remote") {
      throw CommandFailure.usage(
        "--host \(host) is not a loopback address; the server has no authentication, so pass "
          + "--allow-remote to bind it anyway")
    }
    let seed = try options.value("seed", as: "a whole number from 0") { UInt64($0) } ?? 1
    var injector: FaultInjector?
    if let text = options.values["faults"] {
      do {
        injector = FaultInjector(spec: try FaultSpec(parsing: text), seed: seed)
      } catch {
        throw CommandFailure.usage(error.description)
      }
    }
    let path = options.values["store"] ?? BackendOptions.defaultStorePath()
    try BackendOptions.rejectFolder(path)
    let store: TwinStore
    do {
      store = try TwinStore.load(from: path)
    } catch {
      throw CommandFailure(status: .dataError, message: error.description)
    }

    let router = TwinServiceRouter(store: store)
    let handler = injector?.wrap(router.handler) ?? router.handler
    let log: @Sendable (String) -> Void = { writeStandardError("twinlab serve: \($0)\n") }
    let server: HTTPServer
    do {
      server = try HTTPServer(
        configuration: HTTPServerConfiguration(host: host, port: port, log: log),
        handler: handler)
    } catch .invalidHost {
      throw CommandFailure.usage(
        "invalid --host '\(host)': expected an IPv4 address such as 127.0.0.1")
    } catch {
      throw CommandFailure(status: .software, message: error.description)
    }
    return serve(server, router: router, injector: injector, path: path, log: log)
  }

  /// Waits for SIGINT or SIGTERM while saving the store within a second of every write,
  /// then stops the server and saves once more.
  private static func serve(
    _ server: HTTPServer, router: TwinServiceRouter, injector: FaultInjector?, path: String,
    log: @escaping @Sendable (String) -> Void
  ) -> ExitStatus {
    let saver = StoreSaver(router: router, path: path, log: log)
    let queue = DispatchQueue(label: "twinlab.serve")
    let stop = DispatchSemaphore(value: 0)
    var sources: [any DispatchSourceSignal] = []
    for signalNumber in [SIGINT, SIGTERM] {
      // The default action would end the process before the store is saved.
      signal(signalNumber, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
      source.setEventHandler { stop.signal() }
      source.resume()
      sources.append(source)
    }
    let timer = DispatchSource.makeTimerSource(queue: queue)
    timer.schedule(deadline: .now() + 1, repeating: 1)
    timer.setEventHandler { _ = saver.saveIfChanged() }
    timer.resume()

    let url = server.baseURL
    FileHandle.standardOutput.write(Data("twinlab serve: listening on \(url)\n".utf8))
    log("started on \(url) with the store \(path)")
    stop.wait()

    // Cancelling on the timer's queue waits out a save in progress.
    queue.sync { timer.cancel() }
    server.stop()
    let saved = saver.saveIfChanged()
    for source in sources { source.cancel() }
    if let counts = injector?.counts {
      log(
        "injected \(counts.throttles) responses 429, \(counts.unavailable) responses 503 and "
          + "\(counts.delays) delays in \(counts.requests) requests")
    }
    log("stopped after \(server.requestsServed) requests; store saved to \(path)")
    return saved ? .success : .software
  }

  /// Returns whether `host` is `localhost` or an IPv4 address in 127.0.0.0/8.
  static func isLoopback(_ host: String) -> Bool {
    if host == "localhost" { return true }
    let parts = host.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
  }
}

/// Saves the router's store when it changed since the last save.
private final class StoreSaver: Sendable {
  let router: TwinServiceRouter
  let path: String
  let log: @Sendable (String) -> Void
  private let savedGeneration = Mutex(0)

  init(router: TwinServiceRouter, path: String, log: @escaping @Sendable (String) -> Void) {
    self.router = router
    self.path = path
    self.log = log
  }

  /// Saves when there were writes since the last save; returns false when saving failed.
  func saveIfChanged() -> Bool {
    let (store, generation) = router.snapshot()
    guard savedGeneration.withLock({ $0 != generation }) else { return true }
    do {
      try store.save(to: path)
      savedGeneration.withLock { $0 = generation }
      return true
    } catch {
      log("could not save the store: \(error)")
      return false
    }
  }
}
