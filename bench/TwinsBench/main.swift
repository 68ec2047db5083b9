// Measures the twin store: query latency over 10,000 twins and patch
// throughput. Run with:
//   swift run -c release twinlab-bench-twins
import Foundation
import TwinLabModel
import TwinLabTwins

let twinCount = 10_000
let device = "dtmi:bench:Device;1"
let pump = "dtmi:bench:Pump;1"

func milliseconds(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
}

/// CPU time of the calling thread, which other processes on a busy machine
/// inflate less than wall time.
func cpuMilliseconds(_ body: () throws -> Void) rethrows -> Double {
  var start = timespec()
  var end = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
  try body()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
  return Double(end.tv_sec - start.tv_sec) * 1000 + Double(end.tv_nsec - start.tv_nsec) / 1e6
}

func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  return sorted[sorted.count / 2]
}

let status = DTDLSchema.enumeration(
  valueSchema: .string,
  values: ["Idle", "Processing", "Blocked", "Down"].map {
    DTDLEnumValue(name: $0, value: .string($0))
  })
let deviceProperties = [
  DTDLProperty(name: "status", schema: status),
  DTDLProperty(name: "utilization", schema: .double),
  DTDLProperty(name: "queueLength", schema: .integer),
  DTDLProperty(name: "location", schema: .string),
]
var store = TwinStore()
try store.uploadModels([
  DTDLInterface(
    id: device, properties: deviceProperties,
    relationships: [DTDLRelationship(name: "feeds", target: device)]),
  DTDLInterface(
    id: pump, extends: [device],
    properties: deviceProperties + [DTDLProperty(name: "flow", schema: .double)],
    relationships: [DTDLRelationship(name: "feeds", target: device)]),
])

let states = ["Idle", "Processing", "Blocked", "Down"]
let loadTime = try milliseconds {
  for index in 0..<twinCount {
    var body: JSONObject = [
      "status": .string(states[index % 4]),
      "utilization": .number(Double(index % 100) / 100),
      "queueLength": .number(Double(index % 17)),
      "location": .string("bay-\(index % 40)"),
    ]
    body["$metadata"] = .object(["$model": .string(index % 5 == 0 ? pump : device)])
    try store.createOrReplaceTwin("device-\(index)", .object(body))
  }
}
print("create \(twinCount) twins: \(String(format: "%.1f", loadTime)) ms")

let queries = [
  "SELECT COUNT() FROM DIGITALTWINS WHERE status = 'Down' AND utilization > 0.5",
  "SELECT * FROM DIGITALTWINS WHERE status = 'Down' AND utilization > 0.5",
  "SELECT T.$dtId, T.queueLength FROM DIGITALTWINS T WHERE STARTSWITH(T.location, 'bay-1')",
  "SELECT COUNT() FROM DIGITALTWINS WHERE IS_OF_MODEL('dtmi:bench:Device;1') AND queueLength IN [1, 2, 3]",
  "SELECT * FROM DIGITALTWINS WHERE $dtId = 'device-4242'",
]
for query in queries {
  var times: [Double] = []
  var cpuTimes: [Double] = []
  var rows = 0
  for _ in 0..<30 {
    var wall = 0.0
    cpuTimes.append(
      try cpuMilliseconds {
        wall = try milliseconds {
          rows = try store.query(query, pageSize: 1000).rows.count
        }
      })
    times.append(wall)
  }
  print(
    "query, \(rows) rows in first page: median wall \(String(format: "%.2f", median(times))) ms, "
      + "CPU \(String(format: "%.2f", median(cpuTimes))) ms: \(query)")
}

let patchCount = 50_000
var patches: [JSONValue] = []
for index in 0..<1000 {
  patches.append(
    .array([
      .object([
        "op": .string("replace"), "path": .string("/utilization"),
        "value": .number(Double(index) / 1000),
      ])
    ]))
}
let patchTime = try milliseconds {
  for index in 0..<patchCount {
    try store.updateTwin("device-\(index % twinCount)", patch: patches[index % patches.count])
  }
}
print(
  "patch: \(patchCount) patches in \(String(format: "%.0f", patchTime)) ms = "
    + "\(String(format: "%.0f", Double(patchCount) / patchTime * 1000)) patches/s")

let path = NSTemporaryDirectory() + "twinlab-bench-\(getpid())/twins.json"
let saveTime = try milliseconds { try store.save(to: path) }
let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
let reloadTime = try milliseconds { _ = try TwinStore.load(from: path) }
print(
  "save \(twinCount) twins (\(bytes / 1024) KiB): \(String(format: "%.0f", saveTime)) ms; "
    + "load: \(String(format: "%.0f", reloadTime)) ms")
try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
