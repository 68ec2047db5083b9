import TwinLabModel

/// The twins and relationships that mirror one scenario, as `LabMirror` and
/// `twins sync` create them.
///
/// Ids: the lab twin is the lab's id (`central-processing-lab`), device units
/// are `centrifuge-1`, `centrifuge-2`, ..., staff pools `staff-NAME`, processes
/// `process-NAME` and the simulation `LAB-simulation`. Relationship ids are
/// `SOURCE-NAME-TARGET`.
public struct LabGraph: Sendable, Equatable {
  /// A twin with the properties it is created with.
  public struct Twin: Sendable, Equatable {
    public var id: String
    public var model: String
    /// Every property set at creation, runtime ones at their starting values.
    public var properties: JSONObject
    /// The properties that come from the scenario; `sync` updates a twin whose
    /// stored values differ in these.
    public var scenarioKeys: [String]
  }

  /// A relationship from `source` to `target`.
  public struct Relationship: Sendable, Equatable, Hashable {
    public var source: String
    public var name: String
    public var target: String
    public var id: String { "\(source)-\(name)-\(target)" }
  }

  public static let labModel = "dtmi:twinlab:Lab;1"
  public static let deviceModel = "dtmi:twinlab:Device;1"
  public static let staffModel = "dtmi:twinlab:StaffPool;1"
  public static let processModel = "dtmi:twinlab:Process;1"
  public static let simulationModel = "dtmi:twinlab:Simulation;1"
  /// The relationship names the graph uses, and the only ones `sync` deletes.
  public static let relationshipNames: Set<String> = [
    "contains", "runs", "simulates", "feeds", "operates", "uses",
  ]

  public var labId: String
  public var simulationId: String
  public var twins: [Twin] = []
  public var relationships: [Relationship] = []

  /// Builds the graph of `scenario`.
  public init(scenario: Scenario) {
    labId = Self.labId(for: scenario.name)
    simulationId = "\(labId)-simulation"
    twins.append(
      Twin(
        id: labId, model: Self.labModel, properties: ["name": .string(scenario.name)],
        scenarioKeys: ["name"]))
    for device in scenario.devices { addDevice(device) }
    for pool in scenario.staff { addStaff(pool, shifts: scenario.shifts) }
    for process in scenario.processes { addProcess(process, scenario: scenario) }
    twins.append(
      Twin(
        id: simulationId, model: Self.simulationModel,
        properties: [
          "scenario": .string(scenario.name), "seed": .number(Double(scenario.seed)),
          "status": .string("Initializing"), "simulatedTime": .number(0),
          "throughput": .number(0), "meanCycleTime": .number(0),
        ],
        scenarioKeys: ["scenario"]))
    relate(labId, "runs", simulationId)
    relate(simulationId, "simulates", labId)
    addStaffRelationships(scenario)
  }

  /// The twin id of unit `index` (from 0) of `device`: `centrifuge-1` for index 0.
  public static func unitId(device: String, index: Int) -> String { "\(device)-\(index + 1)" }
  public static func staffId(_ pool: String) -> String { "staff-\(pool)" }
  public static func processId(_ process: String) -> String { "process-\(process)" }

  /// The lab's name in lower case with dashes for other characters, as the
  /// language's `lab.id` gives it.
  public static func labId(for name: String) -> String {
    var id = ""
    for scalar in name.lowercased().unicodeScalars {
      if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
        id.unicodeScalars.append(scalar)
      } else if !id.hasSuffix("-") && !id.isEmpty {
        id += "-"
      }
    }
    while id.hasSuffix("-") { id.removeLast() }
    return id.isEmpty ? "lab" : id
  }

  /// Every unit twin id of `device`, in unit order.
  func unitIds(_ device: String) -> [String] {
    let count = twins.filter { $0.model == Self.deviceModel }
      .filter { $0.properties["deviceType"] == .string(device) }.count
    return (0..<count).map { Self.unitId(device: device, index: $0) }
  }

  private mutating func relate(_ source: String, _ name: String, _ target: String) {
    let relationship = Relationship(source: source, name: name, target: target)
    guard !relationships.contains(relationship) else { return }
    relationships.append(relationship)
  }

  private mutating func addDevice(_ device: Device) {
    var stateTimes = JSONObject()
    for key in LabGraph.stateTimeKeys { stateTimes[key] = .number(0) }
    for index in 0..<max(0, device.count) {
      var properties: JSONObject = [
        "deviceType": .string(device.name), "unitIndex": .number(Double(index + 1)),
        "batchSize": .number(Double(max(1, device.batch))), "status": .string("Idle"),
        "inUse": .number(0), "queueLength": .number(0), "utilization": .number(0),
        "totalProcessed": .number(0), "timeInState": .object(stateTimes),
      ]
      var keys = ["deviceType", "unitIndex", "batchSize"]
      // Device;1 defines `location` among the `twin { ... }` properties; others,
      // such as a maker's model name, have no place in the model and are left out.
      for property in device.twinProperties where property.name == "location" {
        if case .string(let text) = property.value {
          properties["location"] = .string(text)
          keys.append("location")
        }
      }
      let id = Self.unitId(device: device.name, index: index)
      twins.append(
        Twin(id: id, model: Self.deviceModel, properties: properties, scenarioKeys: keys))
      relate(labId, "contains", id)
    }
  }

  private mutating func addStaff(_ pool: StaffPool, shifts: [Shift]) {
    let names = pool.headcount.filter { $0.count > 0 }.map(\.shift)
    twins.append(
      Twin(
        id: Self.staffId(pool.name), model: Self.staffModel,
        properties: [
          "shift": .string(names.joined(separator: ", ")), "onShift": .number(0),
          "busy": .number(0), "utilization": .number(0),
        ],
        scenarioKeys: ["shift"]))
  }

  private mutating func addProcess(_ process: Process, scenario: Scenario) {
    let id = Self.processId(process.name)
    twins.append(
      Twin(
        id: id, model: Self.processModel,
        properties: [
          "name": .string(process.name), "arrived": .number(0), "completed": .number(0),
          "wip": .number(0), "meanCycleTime": .number(0),
        ],
        scenarioKeys: ["name"]))
    for (index, stage) in process.stages.enumerated() {
      guard let device = Self.device(of: stage) else { continue }
      for unit in unitIds(device) { relate(id, "uses", unit) }
      for next in Self.successorDevices(process, after: index) {
        for source in unitIds(device) {
          for target in unitIds(next) where target != source { relate(source, "feeds", target) }
        }
      }
    }
  }

  private mutating func addStaffRelationships(_ scenario: Scenario) {
    for pool in scenario.staff {
      var devices: [String] = []
      for process in scenario.processes {
        for stage in process.stages {
          guard let device = Self.device(of: stage) else { continue }
          let settings = scenario.devices.first { $0.name == device }
          let staff = Self.staff(of: stage) ?? settings?.timeStaff
          if staff == pool.name || settings?.setupStaff == pool.name { devices.append(device) }
        }
      }
      for device in devices {
        for unit in unitIds(device) { relate(Self.staffId(pool.name), "operates", unit) }
      }
    }
  }

  /// Keys of the `timeInState` object, in `UnitState` order.
  public static let stateTimeKeys = [
    "idle", "setup", "processing", "blocked", "waitingForStaff", "down", "off",
  ]
}
