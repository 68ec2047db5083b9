import Foundation
import TwinLabEngine
import TwinLabModel

/// Writes state changes as JSON lines to a file, buffered in 64 KiB blocks.
final class TraceWriter {
  private let handle: FileHandle
  private var buffer = ""

  init(path: String) throws {
    guard FileManager.default.createFile(atPath: path, contents: nil) else {
      throw CommandFailure(status: .noInput, message: "cannot create trace file '\(path)'")
    }
    guard let handle = FileHandle(forWritingAtPath: path) else {
      throw CommandFailure(
        status: .noInput, message: "cannot open trace file '\(path)' for writing")
    }
    self.handle = handle
  }

  func write(time: Double, change: SimulationChange) {
    var object = JSONObject()
    object["t"] = .number((time * 1_000_000).rounded() / 1_000_000)
    switch change {
    case .unit(let device, let index, let from, let to):
      object["kind"] = .string("unit")
      object["unit"] = .string("\(device)-\(index + 1)")
      object["from"] = .string(from.rawValue)
      object["to"] = .string(to.rawValue)
    case .staff(let pool, let busy, let onDuty):
      object["kind"] = .string("staff")
      object["pool"] = .string(pool)
      object["busy"] = .number(Double(busy))
      object["on_duty"] = .number(Double(onDuty))
    case .queue(let step, let length):
      object["kind"] = .string("queue")
      object["step"] = .string(step)
      object["length"] = .number(Double(length))
    case .entity(let process, let id, let event):
      object["kind"] = .string("entity")
      object["process"] = .string(process)
      object["entity"] = .number(Double(id))
      switch event {
      case .arrived: object["event"] = .string("arrived")
      case .lost: object["event"] = .string("lost")
      case .completed: object["event"] = .string("completed")
      case .expired: object["event"] = .string("expired")
      case .scrapped(let reason):
        object["event"] = .string("scrapped")
        object["reason"] = .string(reason)
      }
    case .jobStarted(let device, let index, let entities):
      object["kind"] = .string("job_started")
      object["unit"] = .string("\(device)-\(index + 1)")
      object["entities"] = .number(Double(entities))
    case .jobFinished(let device, let index, let entities):
      object["kind"] = .string("job_finished")
      object["unit"] = .string("\(device)-\(index + 1)")
      object["entities"] = .number(Double(entities))
    }
    buffer += JSONValue.object(object).serialized()
    buffer += "\n"
    if buffer.utf8.count >= 65_536 { flush() }
  }

  private func flush() {
    handle.write(Data(buffer.utf8))
    buffer = ""
  }

  func close() throws {
    flush()
    try handle.close()
  }
}
