import TwinLabEngine
import TwinLabLanguage
import TwinLabModel

/// The arguments of one engine call from a script, with typed accessors whose
/// errors name the call, the argument and what it takes.
struct ScriptCall {
  var name: String
  var positional: [Value]
  var labeled: [String: Value]

  init(name: String, arguments: [HostArgument]) {
    self.name = name
    positional = arguments.filter { $0.label == nil }.map(\.value)
    var labeled: [String: Value] = [:]
    for argument in arguments { if let label = argument.label { labeled[label] = argument.value } }
    self.labeled = labeled
  }

  func allow(_ labels: Set<String>) throws {
    for label in labeled.keys.sorted() where !labels.contains(label) {
      throw HostError(
        "\(name) takes no argument '\(label)'; it takes " + labels.sorted().joined(separator: ", "))
    }
  }

  func string(_ label: String) throws -> String? {
    guard let value = labeled[label] else { return nil }
    guard case .string(let text) = value else {
      throw HostError("\(name): \(label) must be a string, found \(value.typeName)")
    }
    return text
  }

  /// A whole number from 1 to 100000.
  func count(_ label: String) throws -> Int? {
    guard let value = labeled[label] else { return nil }
    guard case .number(let number) = value, number == number.rounded(), number >= 1,
      number <= 100_000
    else {
      throw HostError(
        "\(name): \(label) must be a whole number from 1 to 100000, found \(value)")
    }
    return Int(number)
  }

  func seconds(_ label: String) throws -> Double? {
    guard let value = labeled[label] else { return nil }
    switch value {
    case .duration(let seconds) where seconds >= 0 && seconds.isFinite: return seconds
    default:
      throw HostError("\(name): \(label) must be a duration such as 2d, found \(value)")
    }
  }

  func seed() throws -> UInt64? {
    guard let value = labeled["seed"] else { return nil }
    guard case .number(let number) = value, number == number.rounded(), number >= 0,
      number < 9e15
    else {
      throw HostError("\(name): seed must be a whole number of at least 0, found \(value)")
    }
    return UInt64(number)
  }

  /// The assignments of a `{ "path": value }` record.
  func assignments(_ label: String, in scenario: Scenario) throws -> [ParameterAssignment] {
    guard let value = labeled[label] else { return [] }
    guard case .record(let record) = value else {
      throw HostError("\(name): \(label) must be a record such as { \"centrifuge.count\": 3 }")
    }
    return try record.keys.map { path in
      let parameter = try Self.parameter(path, in: scenario)
      return ParameterAssignment(
        parameter: parameter, value: try Self.parameterValue(record[path] ?? .none, path))
    }
  }

  /// An experiment given as a record: name, horizon, warmup, replications,
  /// variants, sweep (a record of path to list or range) and measures.
  static func experiment(_ record: Record, in scenario: Scenario) throws -> Experiment {
    let known = ["name", "horizon", "warmup", "replications", "variants", "sweep", "measures"]
    for key in record.keys where !known.contains(key) {
      throw HostError(
        "experiment: unknown field '\(key)'; fields are " + known.joined(separator: ", "))
    }
    var experiment = Experiment(name: "script")
    if case .string(let name) = record["name"] { experiment.name = name }
    if case .duration(let seconds) = record["horizon"] { experiment.horizon = seconds }
    if case .duration(let seconds) = record["warmup"] { experiment.warmup = seconds }
    if case .number(let count) = record["replications"], count == count.rounded(), count >= 1,
      count <= 100_000
    {
      experiment.replications = Int(count)
    }
    if case .list(let names) = record["variants"] {
      experiment.variants = try names.map { value in
        guard case .string(let text) = value else {
          throw HostError("experiment: variants must be strings, found \(value.typeName)")
        }
        return text
      }
    }
    if case .record(let sweeps) = record["sweep"] {
      for path in sweeps.keys {
        let parameter = try parameter(path, in: scenario)
        let values: [Value]
        switch sweeps[path] {
        case .range(let low, let high) where low <= high && high - low < 10_000:
          values = (low...high).map { .number(Double($0)) }
        case .list(let items): values = items
        default:
          throw HostError("experiment: sweep \(path) needs a range such as 1...4 or a list")
        }
        experiment.sweeps.append(
          Sweep(parameter: parameter, values: try values.map { try parameterValue($0, path) }))
      }
    }
    if case .list(let names) = record["measures"] {
      experiment.measures = names.compactMap { value in
        if case .string(let text) = value { return text } else { return nil }
      }
    }
    return experiment
  }

  static func parameterValue(_ value: Value, _ path: String) throws -> ParameterValue {
    switch value {
    case .number(let number), .duration(let number), .percent(let number): return .number(number)
    case .rate(let perSecond): return .number(perSecond * 3600)
    default:
      throw HostError("\(path) takes a number, duration or percent, found \(value.typeName)")
    }
  }
}
