import Foundation
import Synchronization

/// Set by the SIGINT handler; runs and paced waits poll it and stop.
///
/// An atomic store is one of the few things a signal handler may do safely.
let interruptRequested = Atomic<Bool>(false)

/// The thread that reads the terminal, as a `pthread_t`. A SIGINT that lands
/// on another thread is sent on to it, so that its blocking read returns.
let readingThread = Atomic<UInt>(0)

/// Ctrl-C handling for the REPL: the signal sets a flag instead of ending the process.
public enum InterruptFlag {
  /// Installs the SIGINT handler; call it on the thread that reads the terminal.
  /// `sa_flags` stays 0, without `SA_RESTART`, so a blocking read at the prompt
  /// returns with `EINTR`.
  public static func install() {
    var action = sigaction()
    readingThread.store(UInt(pthread_self()), ordering: .relaxed)
    action.__sigaction_handler.sa_handler = { signal in
      interruptRequested.store(true, ordering: .relaxed)
      let reader = pthread_t(readingThread.load(ordering: .relaxed))
      if pthread_equal(pthread_self(), reader) == 0 { pthread_kill(reader, signal) }
    }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
    // A parent may start us with SIGINT blocked; the mask survives exec.
    var mask = sigset_t()
    sigemptyset(&mask)
    sigaddset(&mask, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &mask, nil)
  }

  /// Whether Ctrl-C was pressed since the last `clear()`.
  public static var isSet: Bool { interruptRequested.load(ordering: .relaxed) }

  /// Forgets an earlier Ctrl-C.
  public static func clear() { interruptRequested.store(false, ordering: .relaxed) }
}
