// Measures the REST path: raw JSON Patch throughput through the service router over
// loopback HTTP, and GET latency under 50 concurrent clients. Run with:
//   swift run -c release twinlab-bench-rest            (in-process server)
//   swift run -c release twinlab-bench-rest URL        (a running `twinlab serve`)
// Each patch is its own request, because nothing merges patches here.
import Foundation
import Synchronization
import TwinLabModel
import TwinLabTwins

let twinCount = 50
let patchCount = 5_000
let readerCount = 50
let readsPerReader = 200
let model = "dtmi:bench:RestDevice;1"

func seconds(since start: UInt64) -> Double {
  Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
  sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
}

func backend(_ endpoint: String) throws -> RESTBackend {
  let client = try HTTPClient(configuration: HTTPClientConfiguration(retryPolicy: .none))
  return try RESTBackend(endpoint: endpoint, client: client)
}

var server: HTTPServer?
var endpoint: String
if CommandLine.arguments.count > 1 {
  endpoint = CommandLine.arguments[1]
} else {
  let router = TwinServiceRouter()
  let started = try HTTPServer(handler: router.handler)
  server = started
  endpoint = started.baseURL
}

let setup = try backend(endpoint)
let definition = try JSONValue(
  parsing: """
    {"@context": "dtmi:dtdl:context;3", "@id": "\(model)", "@type": "Interface",
     "contents": [{"@type": "Property", "name": "load", "schema": "double"},
                  {"@type": "Property", "name": "status", "schema": "string"}]}
    """)
if (try? setup.model(model)) == nil {
  _ = try setup.uploadModels([definition])
}
for index in 0..<twinCount {
  let body: JSONValue = .object([
    "$metadata": .object(["$model": .string(model)]), "load": .number(0),
    "status": .string("Idle"),
  ])
  _ = try setup.createOrReplaceTwin("bench-\(index)", body, ifNoneMatch: nil)
}

// Patches: one client, one request per patch, round robin over the twins.
var start = DispatchTime.now().uptimeNanoseconds
for index in 0..<patchCount {
  let patch: JSONValue = .array([
    .object([
      "op": .string("replace"), "path": .string("/load"), "value": .number(Double(index)),
    ])
  ])
  try setup.updateTwin("bench-\(index % twinCount)", patch: patch, ifMatch: nil)
}
let patchSeconds = seconds(since: start)

// The same patches from 4 clients at once.
let parallelClients = 4
let failures = Atomic<Int>(0)
start = DispatchTime.now().uptimeNanoseconds
let patchGroup = DispatchGroup()
for client in 0..<parallelClients {
  patchGroup.enter()
  let target = endpoint
  Thread.detachNewThread {
    defer { patchGroup.leave() }
    guard let own = try? backend(target) else {
      failures.add(1, ordering: .relaxed)
      return
    }
    for index in stride(from: client, to: patchCount, by: parallelClients) {
      let patch: JSONValue = .array([
        .object([
          "op": .string("replace"), "path": .string("/load"), "value": .number(Double(index)),
        ])
      ])
      if (try? own.updateTwin("bench-\(index % twinCount)", patch: patch, ifMatch: nil)) == nil {
        failures.add(1, ordering: .relaxed)
      }
    }
  }
}
patchGroup.wait()
let parallelPatchSeconds = seconds(since: start)

// Reads: 50 clients, each with its own connection, GET twins as fast as they can.
final class Latencies: Sendable {
  let values = Mutex<[Double]>([])
}
let latencies = Latencies()
let readGroup = DispatchGroup()
start = DispatchTime.now().uptimeNanoseconds
for reader in 0..<readerCount {
  readGroup.enter()
  let target = endpoint
  Thread.detachNewThread {
    defer { readGroup.leave() }
    guard let own = try? backend(target) else {
      failures.add(1, ordering: .relaxed)
      return
    }
    var local: [Double] = []
    for index in 0..<readsPerReader {
      let begin = DispatchTime.now().uptimeNanoseconds
      if (try? own.twin("bench-\((reader + index) % twinCount)")) == nil {
        failures.add(1, ordering: .relaxed)
      }
      local.append(Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e6)
    }
    latencies.values.withLock { $0 += local }
  }
}
readGroup.wait()
let readSeconds = seconds(since: start)
let sorted = latencies.values.withLock { $0 }.sorted()

print("endpoint: \(server == nil ? endpoint : "in-process server at \(endpoint)")")
print(
  "patches, 1 client:  \(patchCount) in \(String(format: "%.2f", patchSeconds)) s = "
    + "\(Int(Double(patchCount) / patchSeconds)) patches/s")
print(
  "patches, \(parallelClients) clients: \(patchCount) in "
    + "\(String(format: "%.2f", parallelPatchSeconds)) s = "
    + "\(Int(Double(patchCount) / parallelPatchSeconds)) patches/s")
print(
  "GET, \(readerCount) clients: \(sorted.count) requests in \(String(format: "%.2f", readSeconds)) s"
    + " = \(Int(Double(sorted.count) / readSeconds)) requests/s; p50 "
    + String(format: "%.2f", percentile(sorted, 0.5)) + " ms, p99 "
    + String(format: "%.2f", percentile(sorted, 0.99)) + " ms, max "
    + String(format: "%.2f", sorted.last ?? 0) + " ms")
print("failed requests: \(failures.load(ordering: .relaxed))")
server?.stop()
