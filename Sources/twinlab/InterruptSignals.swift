import Foundation

/// Unblocks `signals` on the calling thread and sets `handler` for each.
///
/// A parent may start the command with signals blocked (Foundation's `Process`
/// does), and Ctrl-C or `kill` must still reach the handler. Threads started
/// afterwards inherit this thread's mask.
func catchInterruptSignals(_ signals: [Int32], handler: @convention(c) (Int32) -> Void) {
  var mask = sigset_t()
  sigemptyset(&mask)
  for number in signals { sigaddset(&mask, number) }
  pthread_sigmask(SIG_UNBLOCK, &mask, nil)
  for number in signals { signal(number, handler) }
}

/// Restores the default action for `signals`.
func restoreInterruptSignals(_ signals: [Int32]) {
  for number in signals { signal(number, SIG_DFL) }
}
