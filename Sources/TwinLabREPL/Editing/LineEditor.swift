import CEditLine
import Foundation

/// The result of one read from the terminal.
public enum LineRead: Equatable, Sendable {
  /// A line, without its newline.
  case line(String)
  /// Ctrl-C at the prompt: the line was discarded.
  case interrupted
  /// Ctrl-D on an empty line, or the end of input.
  case endOfInput
}

/// Line editing on a terminal through libedit's native API: emacs keys,
/// a history kept in a file, and Tab completion.
///
/// The editor owns its `EditLine` and `History` and frees both in `deinit`,
/// after saving the history.
public final class LineEditor {
  private let editor: OpaquePointer
  private let history: OpaquePointer
  private let historyPath: String?
  private var promptText: UnsafeMutablePointer<CChar>?
  /// Set by the Ctrl-C key function while a line is edited.
  fileprivate var isLineInterrupted = false
  /// Returns the candidates for the word before the cursor, given the text before it.
  let complete: (_ textBeforeCursor: String) -> Completion

  /// The candidates for the word before the cursor.
  public struct Completion: Equatable, Sendable {
    /// The word being completed, as typed.
    public var word: String
    /// Full replacements for `word`.
    public var candidates: [String]

    public init(word: String, candidates: [String]) {
      self.word = word
      self.candidates = candidates
    }
  }

  /// Opens an editor on the standard streams.
  ///
  /// - Parameters:
  ///   - historyPath: Where history is loaded from and saved to; `nil` keeps none.
  ///   - complete: Finds completions for the text before the cursor.
  public init?(
    historyPath: String?, complete: @escaping (String) -> Completion
  ) {
    // Without a UTF-8 locale libedit drops every non-ASCII byte.
    let locale = setlocale(LC_CTYPE, "").map { String(cString: $0) } ?? "C"
    if locale == "C" || locale == "POSIX" { setlocale(LC_CTYPE, "C.UTF-8") }
    guard let editor = CEditLine_initStandard("twinlab"), let history = history_init() else {
      return nil
    }
    self.editor = editor
    self.history = history
    self.historyPath = historyPath
    self.complete = complete
    var event = HistEvent()
    _ = CEditLine_historySetSize(history, &event, 1000)
    _ = CEditLine_historySetUnique(history, &event, 1)
    if let historyPath { _ = CEditLine_historyLoad(history, &event, historyPath) }
    _ = CEditLine_setEditor(editor, "emacs")
    _ = CEditLine_setHistory(editor, history)
    // libedit's signal handlers would re-raise SIGINT and end the process, so
    // they stay off. While a line is edited, Ctrl-C arrives as a key, not as a
    // signal: a signal that lands between two reads would be lost and leave the
    // prompt waiting. Outside the editor, as during a run, Ctrl-C stays SIGINT.
    _ = CEditLine_setSignalHandling(editor, 0)
    _ = CEditLine_fixEditMode(editor, "-isig")
    _ = CEditLine_addFunction(editor, "twinlab-interrupt", "Discard the line", interruptLine)
    _ = CEditLine_bindKey(editor, "^C", "twinlab-interrupt")
    _ = CEditLine_setClientData(editor, Unmanaged.passUnretained(self).toOpaque())
    _ = CEditLine_setPrompt(editor) { editor in
      guard let editor, let data = CEditLine_clientData(editor) else { return nil }
      return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().promptText
    }
    _ = CEditLine_addFunction(editor, "twinlab-complete", "Complete the word", completeWord)
    _ = CEditLine_bindKey(editor, "^I", "twinlab-complete")
  }

  deinit {
    saveHistory()
    el_end(editor)
    history_end(history)
    free(promptText)
  }

  /// Reads one line, showing `prompt`.
  public func readLine(prompt: String) -> LineRead {
    free(promptText)
    promptText = strdup(prompt)
    // libedit's own SIGWINCH handling is off with its signal handling, so the
    // width is read again before each line.
    el_resize(editor)
    var count: Int32 = 0
    isLineInterrupted = false
    guard let line = el_gets(editor, &count) else {
      if isLineInterrupted || count < 0 {
        // libedit echoes ^C without ending the line.
        FileHandle.standardOutput.write(Data("\n".utf8))
        return .interrupted
      }
      // Ends the line libedit echoed ^D on, so the shell prompt starts afresh.
      FileHandle.standardOutput.write(Data("\n".utf8))
      return .endOfInput
    }
    var text = String(cString: line)
    if text.hasSuffix("\n") { text.removeLast() }
    return .line(text)
  }

  /// Adds a whole entry, possibly several lines long, to the history.
  public func remember(_ entry: String) {
    var text = entry
    while text.last?.isWhitespace == true { text.removeLast() }
    guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return }
    var event = HistEvent()
    _ = CEditLine_historyEnter(history, &event, text)
  }

  /// Writes the history file, with mode 0600, creating its folder with mode 0700.
  public func saveHistory() {
    guard let historyPath else { return }
    let folder = (historyPath as NSString).deletingLastPathComponent
    if !folder.isEmpty {
      try? FileManager.default.createDirectory(
        atPath: folder, withIntermediateDirectories: true,
        attributes: [.posixPermissions: 0o700])
    }
    var event = HistEvent()
    _ = CEditLine_historySave(history, &event, historyPath)
    chmod(historyPath, 0o600)
  }

  /// Handles Tab: inserts the rest of a single match, or the common prefix
  /// of several and lists them.
  fileprivate func completeAtCursor() -> UInt8 {
    guard let info = el_line(editor)?.pointee, let start = info.buffer else {
      return UInt8(CC_ERROR)
    }
    let length = info.cursor - start
    let bytes = UnsafeRawBufferPointer(start: start, count: max(0, length))
    let before = String(decoding: bytes, as: UTF8.self)
    let completion = complete(before)
    let matches = completion.candidates
    guard !matches.isEmpty else { return UInt8(CC_ERROR) }
    let prefix = Self.commonPrefix(matches)
    var insertion = String(prefix.dropFirst(completion.word.count))
    if matches.count == 1, !prefix.hasSuffix("/") { insertion += " " }
    if !insertion.isEmpty {
      _ = el_insertstr(editor, insertion)
      return UInt8(CC_REFRESH)
    }
    guard matches.count > 1 else { return UInt8(CC_REFRESH) }
    let listing = "\n" + matches.joined(separator: "  ") + "\n"
    FileHandle.standardOutput.write(Data(listing.utf8))
    return UInt8(CC_REDISPLAY)
  }

  /// The longest prefix, in characters, that every string shares.
  static func commonPrefix(_ strings: [String]) -> String {
    guard var prefix = strings.first else { return "" }
    for string in strings.dropFirst() {
      while !string.hasPrefix(prefix) { prefix.removeLast() }
    }
    return prefix
  }
}

/// libedit's key function for Ctrl-C: ends the read so that `readLine` reports an interrupt.
private func interruptLine(_ editor: OpaquePointer?, _ key: Int32) -> UInt8 {
  guard let editor, let data = CEditLine_clientData(editor) else { return UInt8(CC_ERROR) }
  Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().isLineInterrupted = true
  return UInt8(CC_EOF)
}

/// libedit's key function for Tab; finds the editor through its client data.
private func completeWord(_ editor: OpaquePointer?, _ key: Int32) -> UInt8 {
  guard let editor, let data = CEditLine_clientData(editor) else { return UInt8(CC_ERROR) }
  return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().completeAtCursor()
}
