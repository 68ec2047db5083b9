/// Process exit codes, from BSD's sysexits.
enum ExitStatus: Int32 {
  case success = 0
  /// A wrong option, argument or command.
  case usage = 64
  /// A bad scenario, model, patch, query or other input data.
  case dataError = 65
  /// An input file that does not exist or cannot be read.
  case noInput = 66
  /// A failure inside TwinLab or while running, such as a backend that fails.
  case software = 70
}

/// An error that ends a command with a message on stderr and an exit status.
struct CommandFailure: Error {
  var status: ExitStatus
  var message: String

  static func usage(_ message: String) -> CommandFailure {
    CommandFailure(status: .usage, message: message)
  }
}
