import Foundation
import TwinLabEngine
import TwinLabLanguage
import TwinLabModel
import TwinLabScripting

/// Applies patches of unit twins (`centrifuge-1`, `centrifuge-2`, ...) to the
/// engine; `LabMirror` carries the engine's states the other way.
///
/// A patch of a unit twin's `/status` acts on the engine.
/// `Down` takes the unit down until its status is patched to anything else.
/// `Off` lowers the device's capacity. Units are numbered and the first N are in
/// service, so patching unit k to `Off` leaves k - 1 in service. Patching an
/// `Off` unit k back to `Idle` puts units 1 to k in service.
final class UnitTwinLink {
  /// Unit twin ids, each with its device name and 0-based index.
  let units: [String: (device: String, index: Int)]
  /// Units taken down by a patch, by twin id.
  private var downByPatch: Set<String> = []

  init(scenario: Scenario) {
    var units: [String: (device: String, index: Int)] = [:]
    for device in scenario.devices {
      for index in 0..<max(0, device.count) {
        units[LabGraph.unitId(device: device.name, index: index)] = (device.name, index)
      }
    }
    self.units = units
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
