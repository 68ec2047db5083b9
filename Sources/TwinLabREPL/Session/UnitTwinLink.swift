import Foundation
import TwinLabEngine
import TwinLabLanguage
import TwinLabModel
import TwinLabTwins

/// Keeps one twin per device unit (`centrifuge-1`, `centrifuge-2`, ...) and the
/// engine consistent in both directions.
///
/// Engine to twins: every unit state change sets the unit twin's `status`;
/// changes are merged per twin (last value wins) and written by `flush()`.
///
/// Twins to engine: a patch of a unit twin's `/status` acts on the engine.
/// `Down` takes the unit down until its status is patched to anything else.
/// `Off` lowers the device's capacity. Units are numbered and the first N are in
/// service, so patching unit k to `Off` leaves k - 1 in service. Patching an
/// `Off` unit k back to `Idle` puts units 1 to k in service.
final class UnitTwinLink {
  static let deviceModel = "dtmi:twinlab:Device;1"

  /// Unit twin ids, each with its device name and 0-based index.
  private(set) var units: [String: (device: String, index: Int)] = [:]
  /// Units taken down by a patch, by twin id.
  private var downByPatch: Set<String> = []
  /// Status changes not yet written, by twin id.
  private var pending: [String: String] = [:]
  private var pendingOrder: [String] = []

  /// Uploads the lab's DTDL models if missing and creates a twin per device unit.
  func provision(
    _ scenario: Scenario, backend: any TwinBackend, modelsFolder: String?
  ) throws(HostError) {
    do {
      let known = try backend.listModels().compactMap { model -> String? in
        guard case .object(let object) = model, case .string(let id)? = object["id"] else {
          return nil
        }
        return id
      }
      if !known.contains(Self.deviceModel) {
        _ = try backend.uploadModels(try Self.readModels(in: modelsFolder))
      }
      units = [:]
      downByPatch = []
      pending = [:]
      pendingOrder = []
      for device in scenario.devices {
        for index in 0..<device.count {
          let id = "\(device.name)-\(index + 1)"
          let twin: JSONValue = .object([
            "$metadata": .object(["$model": .string(Self.deviceModel)]),
            "deviceType": .string(device.name),
            "unitIndex": .number(Double(index + 1)),
            "status": .string(UnitState.idle.rawValue),
            "batchSize": .number(Double(max(1, device.batch))),
          ])
          _ = try backend.createOrReplaceTwin(id, twin, ifNoneMatch: nil)
          units[id] = (device.name, index)
        }
      }
    } catch let error as HostError {
      throw error
    } catch {
      throw HostError("cannot provision the device twins: \(error)")
    }
  }

  private static func readModels(in folder: String?) throws(HostError) -> [JSONValue] {
    guard let folder else {
      throw HostError("cannot find the DTDL models: no stdlib folder (set TWINLAB_STDLIB)")
    }
    let path = folder + "/dtdl"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    var documents: [JSONValue] = []
    for name in names.sorted() where name.hasSuffix(".json") {
      guard let data = FileManager.default.contents(atPath: path + "/" + name) else { continue }
      do {
        documents.append(try JSONValue(parsing: Array(data)))
      } catch {
        throw HostError("cannot read the model \(path)/\(name): \(error)")
      }
    }
    if documents.isEmpty { throw HostError("no DTDL models in \(path)") }
    return documents
  }

  /// Records a unit's new state for the next flush.
  func record(_ change: SimulationChange) {
    guard case .unit(let device, let index, _, let state) = change else { return }
    let id = "\(device)-\(index + 1)"
    guard units[id] != nil else { return }
    if pending.updateValue(state.rawValue, forKey: id) == nil { pendingOrder.append(id) }
  }

  /// Writes every pending status, one patch per twin.
  func flush(to backend: any TwinBackend) throws(HostError) {
    let order = pendingOrder
    let statuses = pending
    pending = [:]
    pendingOrder = []
    for id in order {
      guard let status = statuses[id] else { continue }
      let patch: JSONValue = .array([
        .object(["op": .string("replace"), "path": .string("/status"), "value": .string(status)])
      ])
      do {
        try backend.updateTwin(id, patch: patch, ifMatch: nil)
      } catch {
        throw HostError("cannot update twin '\(id)': \(error)")
      }
    }
  }

  /// Applies a patched status of unit twin `id` to the engine.
  func apply(status: String, of id: String, to simulation: Simulation) throws(HostError) {
    guard let unit = units[id] else { return }
    do {
      if status == UnitState.down.rawValue {
        try simulation.setUnitDown(device: unit.device, index: unit.index, isDown: true)
        downByPatch.insert(id)
        return
      }
      if downByPatch.remove(id) != nil {
        try simulation.setUnitDown(device: unit.device, index: unit.index, isDown: false)
      }
      let inService = simulation.unitStates.filter {
        $0.device == unit.device && $0.state != .off
      }.count
      if status == UnitState.off.rawValue {
        try simulation.setDeviceCount(device: unit.device, count: unit.index)
      } else if unit.index >= inService {
        try simulation.setDeviceCount(device: unit.device, count: unit.index + 1)
      }
    } catch {
      throw HostError("the engine rejected the change to '\(id)': \(error)")
    }
  }
}
