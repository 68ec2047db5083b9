import Foundation
import Glibc
import Testing

/// The REPL on a pseudo-terminal: completion, Ctrl-C during a run, Ctrl-D and history.
@Suite("REPL on a terminal")
struct TerminalSessionTests {
  /// A child process attached to the slave side of a pseudo-terminal.
  final class Terminal {
    let master: Int32
    let pid: pid_t
    private(set) var transcript = ""

    init(arguments: [String], environment: [String: String], folder: String) throws {
      // Everything the child needs is built before fork: after it, only
      // async-signal-safe calls are allowed.
      let argv = arguments.map { strdup($0) } + [nil]
      let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
      guard let path = strdup(arguments[0]), let directory = strdup(folder) else {
        throw POSIXError(.ENOMEM)
      }
      defer {
        for pointer in argv + envp { free(pointer) }
        free(path)
        free(directory)
      }
      var master: Int32 = -1
      var size = winsize(ws_row: 24, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
      let pid = forkpty(&master, nil, nil, &size)
      if pid == 0 {
        _ = chdir(directory)
        execve(path, argv, envp)
        _exit(127)
      }
      guard pid > 0 else { throw POSIXError(.EAGAIN) }
      self.master = master
      self.pid = pid
    }

    deinit {
      if kill(pid, 0) == 0 {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
      }
      close(master)
    }

    func type(_ text: String) {
      let bytes = Array(text.utf8)
      _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Waits until the REPL's terminal leaves canonical mode, as libedit sets it
    /// while it edits a line. Keys typed before that reach the terminal driver,
    /// which handles Ctrl-C and Ctrl-D itself.
    func waitForLineEditing(limit: Double = 20) -> Bool {
      let deadline = Date().addingTimeInterval(limit)
      var modes = termios()
      while Date() < deadline {
        if tcgetattr(master, &modes) == 0, modes.c_lflag & tcflag_t(ICANON) == 0 { return true }
        usleep(2_000)
      }
      return false
    }

    /// Reads until the output since `start` contains `marker`, for at most
    /// `limit` seconds; a REPL that hangs fails the check instead of the test hanging.
    @discardableResult
    func read(until marker: String, from start: String.Index? = nil, limit: Double = 20)
      -> Bool
    {
      let begin = start ?? transcript.startIndex
      let deadline = Date().addingTimeInterval(limit)
      while Date() < deadline {
        if transcript[begin...].contains(marker) { return true }
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 100) >= 0 else { return false }
        guard descriptor.revents & Int16(POLLIN) != 0 else {
          if descriptor.revents != 0 { break }
          continue
        }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, 4096) }
        guard count > 0 else { break }
        transcript += String(decoding: buffer[0..<count], as: UTF8.self)
      }
      return transcript[begin...].contains(marker)
    }

    var end: String.Index { transcript.endIndex }

    /// Waits up to `limit` seconds for the child to exit; returns its exit status.
    func exitStatus(limit: Double = 20) -> Int32? {
      let deadline = Date().addingTimeInterval(limit)
      var status: Int32 = 0
      while Date() < deadline {
        _ = read(until: "\u{0}", limit: 0.1)
        if waitpid(pid, &status, WNOHANG) == pid {
          return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
        }
      }
      return nil
    }
  }

  /// A lab whose run would take minutes of wall time unpaced.
  static let longLab = """
    lab "Long" {
      start 06:00
      horizon 1000w
      device desk { count 1; time 1min }
      process walk_in {
        arrivals { every exponential(mean: 2min) }
        step serve on desk
      }
    }
    """

  @Test("completion, Ctrl-C, Ctrl-D and history")
  func interactiveSession() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("twinlab-repl-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let history = folder + "/state/history"
    var environment = ProcessInfo.processInfo.environment
    environment["TWINLAB_HISTORY"] = history
    environment["TWINLAB_STDLIB"] = ReplTestSupport.stdlib
    environment["TERM"] = "xterm"
    environment["LANG"] = "C.UTF-8"
    environment["NO_COLOR"] = "1"
    let terminal = try Terminal(
      arguments: [ReplTestSupport.binary, "repl", ReplTestSupport.scenario],
      environment: environment, folder: ReplTestSupport.packageRoot)

    #expect(terminal.read(until: "twinlab> "), "no prompt: \(terminal.transcript)")

    // Tab completes the command; Enter runs it.
    var mark = terminal.end
    terminal.type(":sta\t")
    #expect(terminal.read(until: "tus", from: mark), "no completion: \(terminal.transcript)")
    terminal.type("\r")
    #expect(terminal.read(until: "state", from: mark), "no status: \(terminal.transcript)")

    // A run that would take a day of wall time stops on Ctrl-C.
    mark = terminal.end
    terminal.type(":run pace 1x\r")
    #expect(terminal.read(until: "pace 1x\r\n", from: mark), "\(terminal.transcript)")
    usleep(300_000)
    terminal.type("\u{3}")
    #expect(
      terminal.read(until: "interrupted at", from: mark), "run not stopped: \(terminal.transcript)")
    #expect(terminal.read(until: "twinlab> ", from: mark), "\(terminal.transcript)")

    // An unpaced run of a thousand simulated weeks also stops on Ctrl-C.
    let longLab = folder + "/long.lab"
    try Self.longLab.write(toFile: longLab, atomically: true, encoding: .utf8)
    mark = terminal.end
    terminal.type(":load \(longLab)\r")
    #expect(terminal.read(until: "loaded", from: mark), "no load: \(terminal.transcript)")
    mark = terminal.end
    terminal.type(":run\r")
    #expect(terminal.read(until: ":run\r\n", from: mark), "\(terminal.transcript)")
    usleep(300_000)
    terminal.type("\u{3}")
    #expect(
      terminal.read(until: "interrupted at", from: mark),
      "unpaced run not stopped: \(terminal.transcript)")
    #expect(terminal.read(until: "twinlab> ", from: mark), "\(terminal.transcript)")

    // The REPL still answers, with UTF-8 intact. Each line is typed only once
    // the prompt shows, because keys typed while the REPL is busy reach the
    // terminal in canonical mode, where Ctrl-D is not a character.
    mark = terminal.end
    terminal.type("let word = \"héllo→\"\r")
    #expect(terminal.read(until: "twinlab> ", from: mark), "\(terminal.transcript)")
    mark = terminal.end
    terminal.type("word\r")
    #expect(
      terminal.read(until: "\"héllo→\"\r\n", from: mark), "no answer: \(terminal.transcript)")
    #expect(terminal.read(until: "twinlab> ", from: mark), "\(terminal.transcript)")

    // An open bracket gives the continuation prompt until it closes.
    mark = terminal.end
    terminal.type("let pair = [1,\r")
    #expect(
      terminal.read(until: "    ...> ", from: mark), "no continuation: \(terminal.transcript)")
    mark = terminal.end
    terminal.type("2]\r")
    #expect(terminal.read(until: "twinlab> ", from: mark), "\(terminal.transcript)")
    mark = terminal.end
    terminal.type("pair\r")
    #expect(terminal.read(until: "[1, 2]", from: mark), "no list: \(terminal.transcript)")
    #expect(terminal.read(until: "twinlab> ", from: mark), "\(terminal.transcript)")

    // Ctrl-C at the prompt clears the line.
    mark = terminal.end
    #expect(terminal.waitForLineEditing(), "\(terminal.transcript)")
    terminal.type("nonsense")
    #expect(terminal.read(until: "nonsense", from: mark), "\(terminal.transcript)")
    terminal.type("\u{3}")
    #expect(terminal.read(until: "twinlab> ", from: mark), "\(terminal.transcript)")
    mark = terminal.end
    terminal.type("1 + 1\r")
    #expect(
      terminal.read(until: "\r\n2\r\n", from: mark), "line not cleared: \(terminal.transcript)")
    #expect(terminal.read(until: "twinlab> ", from: mark), "\(terminal.transcript)")

    // Ctrl-D on an empty line exits and saves history.
    #expect(terminal.waitForLineEditing(), "\(terminal.transcript)")
    terminal.type("\u{4}")
    #expect(terminal.exitStatus() == 0, "no clean exit: \(terminal.transcript)")

    let attributes = try FileManager.default.attributesOfItem(atPath: history)
    let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue
    #expect(mode == 0o600)
    let saved = try String(contentsOfFile: history, encoding: .utf8)
    #expect(saved.contains(":status"))
    #expect(saved.contains(":run\\040pace\\0401x"))
    #expect(!saved.contains("nonsense"))
    // The two-line entry is one history item with its newline kept.
    #expect(saved.contains("let\\040pair\\040=\\040[1,\\0122]"))
  }
}
