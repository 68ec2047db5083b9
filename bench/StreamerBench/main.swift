// Measures property updates per second through the twin streamer into the
// embedded store. With merging, updates 1 ms of simulated time apart (a fast
// simulation) meet in 60 s flush windows, about 600 per twin. Without, every
// update has a window of its own and so becomes a patch. Run with:
//   swift run -c release twinlab-bench-streamer
import Foundation
import TwinLabModel
import TwinLabTwins

let twinCount = 100
let model = "dtmi:bench:Unit;1"
let properties = ["status", "queueLength", "utilization", "totalProcessed"]

/// CPU seconds of the calling thread.
func cpuSeconds() -> Double {
  var now = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
  return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

func makeBackend() throws -> EmbeddedBackend {
  let backend = try EmbeddedBackend()
  let contents: [JSONValue] = [
    ("status", "string"), ("queueLength", "integer"), ("utilization", "double"),
    ("totalProcessed", "long"),
  ].map { name, schema in
    .object(["@type": .string("Property"), "name": .string(name), "schema": .string(schema)])
  }
  _ = try backend.uploadModels([
    .object([
      "@context": .string("dtmi:dtdl:context;3"), "@id": .string(model),
      "@type": .string("Interface"), "contents": .array(contents),
    ])
  ])
  for index in 0..<twinCount {
    _ = try backend.createOrReplaceTwin(
      "unit-\(index)", .object(["$metadata": .object(["$model": .string(model)])]),
      ifNoneMatch: nil)
  }
  return backend
}

/// Streams `count` updates round-robin over the twins and properties, `step`
/// simulated seconds apart; returns the summary and the CPU seconds taken.
func measure(count: Int, window: Double, step: Double) throws -> (StreamerSummary, Double) {
  let backend = try makeBackend()
  let streamer = TwinStreamer(backend: backend, options: StreamerOptions(window: window))
  let ids = (0..<twinCount).map { "unit-\($0)" }
  let paths = properties.map { "/" + $0 }
  let statuses: [JSONValue] = ["Idle", "Processing", "Blocked"].map { .string($0) }
  let start = cpuSeconds()
  for index in 0..<count {
    let twin = ids[index % twinCount]
    let property = (index / twinCount) % paths.count
    let value: JSONValue =
      property == 0
      ? statuses[index % 3]
      : property == 2 ? .number(Double(index % 1000) / 1000) : .number(Double(index % 97))
    streamer.update(twin, paths[property], value, time: Double(index) * step)
  }
  let summary = streamer.finish()
  return (summary, cpuSeconds() - start)
}

func report(_ label: String, _ result: (StreamerSummary, Double)) {
  let (summary, seconds) = result
  let rate = Double(summary.produced) / seconds
  print(
    "\(label): \(summary.produced) updates, \(summary.merged) merged, \(summary.sent) patches,"
      + " \(summary.failed) failed in \(String(format: "%.3f", seconds)) s CPU:"
      + " \(String(format: "%.0f", rate)) updates/s")
}

for round in 1...3 {
  report("merging on  #\(round)", try measure(count: 5_000_000, window: 60, step: 0.001))
  report("merging off #\(round)", try measure(count: 50_000, window: 1e-6, step: 1))
}
