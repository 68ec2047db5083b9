import Foundation
import TwinLabModel

@testable import TwinLabTwins

/// Models and twins shared by the store tests.
enum StoreFixtures {
  static let room = "dtmi:test:Room;1"
  static let thermostat = "dtmi:test:Thermostat;1"
  static let device = "dtmi:test:Device;1"
  static let pump = "dtmi:test:Pump;1"
  static let floor = "dtmi:test:Floor;1"

  /// A clock that starts at 2026-01-02T03:04:05Z and advances one second per
  /// reading, so every write has a distinct time.
  final class Clock: @unchecked Sendable {
    var seconds = 1_767_323_045.0

    func read() -> Date {
      seconds += 1
      return Date(timeIntervalSince1970: seconds)
    }
  }

  static var interfaces: [DTDLInterface] {
    let status = DTDLSchema.enumeration(
      valueSchema: .string,
      values: ["Idle", "Running", "Down"].map { DTDLEnumValue(name: $0, value: .string($0)) })
    let level = DTDLSchema.enumeration(
      valueSchema: .integer,
      values: [
        DTDLEnumValue(name: "low", value: .number(1)),
        DTDLEnumValue(name: "high", value: .number(2)),
      ])
    let thermostatInterface = DTDLInterface(
      id: thermostat, properties: [DTDLProperty(name: "setPoint", schema: .double)])
    let roomInterface = DTDLInterface(
      id: room,
      properties: [
        DTDLProperty(name: "name", schema: .string),
        DTDLProperty(name: "temp", schema: .double),
        DTDLProperty(name: "count", schema: .integer),
        DTDLProperty(name: "status", schema: status),
        DTDLProperty(name: "level", schema: level),
        DTDLProperty(name: "opened", schema: .date),
        DTDLProperty(name: "checked", schema: .dateTime),
        DTDLProperty(name: "cycle", schema: .duration),
        DTDLProperty(name: "occupied", schema: .boolean),
        DTDLProperty(
          name: "config",
          schema: .object(fields: [
            DTDLField(name: "mode", schema: .string), DTDLField(name: "limit", schema: .integer),
          ])),
        DTDLProperty(name: "tags", schema: .map(keyName: "key", value: .string)),
        DTDLProperty(name: "readings", schema: .array(element: .double)),
      ],
      relationships: [
        DTDLRelationship(
          name: "contains", target: device,
          properties: [DTDLProperty(name: "since", schema: .dateTime)]),
        DTDLRelationship(name: "near"),
      ],
      components: [DTDLComponent(name: "thermostat", schema: thermostat)])
    let deviceInterface = DTDLInterface(
      id: device,
      properties: [
        DTDLProperty(name: "status", schema: status), DTDLProperty(name: "load", schema: .double),
      ],
      relationships: [DTDLRelationship(name: "feeds", target: device)])
    let pumpInterface = DTDLInterface(
      id: pump, extends: [device],
      properties: deviceInterface.properties + [DTDLProperty(name: "flow", schema: .double)],
      relationships: deviceInterface.relationships)
    let floorInterface = DTDLInterface(
      id: floor,
      relationships: [DTDLRelationship(name: "hasRoom", target: room, maxMultiplicity: 2)])
    return [thermostatInterface, roomInterface, deviceInterface, pumpInterface, floorInterface]
  }

  /// A store with the fixture models and a fixed clock.
  static func store() throws -> TwinStore {
    let clock = Clock()
    var store = TwinStore(clock: { clock.read() })
    try store.uploadModels(interfaces)
    return store
  }

  static func roomBody(_ properties: JSONObject = [:]) -> JSONValue {
    var body = properties
    body["thermostat"] = .object(["$metadata": .object([:])])
    body["$metadata"] = .object(["$model": .string(room)])
    return .object(body)
  }

  static func body(model: String, _ properties: JSONObject = [:]) -> JSONValue {
    var body = properties
    body["$metadata"] = .object(["$model": .string(model)])
    return .object(body)
  }

  static func json(_ text: String) throws -> JSONValue {
    try JSONValue(parsing: text)
  }
}

// Literal forms keep the tables of twin bodies short.
extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral,
  ExpressibleByDictionaryLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int) { self = .number(Double(value)) }
  public init(floatLiteral value: Double) { self = .number(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    var object = JSONObject()
    for (key, value) in elements { object[key] = value }
    self = .object(object)
  }
}
