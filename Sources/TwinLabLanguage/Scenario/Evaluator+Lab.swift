import TwinLabModel

extension Evaluator {
  func buildLab(_ declaration: LabDeclaration, at span: SourceSpan, in environment: Environment)
    throws(RuntimeError)
  {
    if let labSpan, !allowsRedefinition {
      throw fail(
        "a second lab; the lab at line \(labSpan.start.line) of \(labSpan.start.file) "
          + "is the only one a scenario may declare", at: span)
    }
    guard case .string(let name) = try evaluate(declaration.name, in: environment) else {
      throw fail("a lab name must be a string", at: declaration.name.span)
    }
    var builder = LabBuilder(
      evaluator: self, environment: Environment(parent: environment), name: name,
      file: span.start.file)
    var lab = builder.build(declaration.items)
    lab.locations["lab"] = span.start
    checkTimes(lab)
    scenario = lab
    labSpan = span
    defineElements(of: lab, in: environment)
  }

  /// Reports steps and pools that have no time of their own and whose device has none.
  func checkTimes(_ lab: Scenario) {
    for process in lab.processes {
      for stage in process.stages {
        let (device, time): (String, Distribution?)
        switch stage {
        case .step(let step): (device, time) = (step.device, step.time)
        case .pool(let pool): (device, time) = (pool.device, pool.time)
        default: continue
        }
        guard time == nil, let found = lab.device(named: device), found.time == nil,
          let location = lab.locations["\(process.name).\(stage.name)"]
        else { continue }
        diagnostics.append(
          Diagnostic(
            .error, at: location, length: stage.name.count,
            "'\(stage.name)' has no time: give 'time' on the step or on device '\(device)'"))
      }
    }
  }

  /// Binds `lab` and each element's name to values that scripts can read.
  func defineElements(of lab: Scenario, in environment: Environment) {
    let time = { (distribution: Distribution?) -> Value in
      switch distribution {
      case .constant(let seconds)?: .duration(seconds)
      case let other?: .distribution(.durations(other))
      case nil: .none
      }
    }
    var devices: [Value] = []
    for device in lab.devices {
      let fields = Record([
        ("name", .string(device.name)), ("count", .number(Double(device.count))),
        ("batch", .number(Double(device.batch))), ("time", time(device.time)),
        ("cost", .rate(device.costPerHour / 3600)),
      ])
      devices.append(.element(kind: "device", name: device.name, fields: fields))
    }
    let staff: [Value] = lab.staff.map { pool in
      var fields = Record([("name", .string(pool.name)), ("cost", .rate(pool.costPerHour / 3600))])
      for entry in pool.headcount { fields[entry.shift] = .number(Double(entry.count)) }
      return .element(kind: "staff pool", name: pool.name, fields: fields)
    }
    let buffers: [Value] = lab.buffers.map { buffer in
      .element(
        kind: "buffer", name: buffer.name,
        fields: Record([
          ("name", .string(buffer.name)), ("capacity", .number(Double(buffer.capacity))),
        ]))
    }
    let processes: [Value] = lab.processes.map { process in
      .element(
        kind: "process", name: process.name,
        fields: Record([
          ("name", .string(process.name)),
          ("steps", .list(process.stages.map { .string($0.name) })),
        ]))
    }
    let labFields = Record([
      ("id", .string(Self.identifier(for: lab.name))), ("name", .string(lab.name)),
      ("devices", .list(devices)), ("staff", .list(staff)), ("buffers", .list(buffers)),
      ("processes", .list(processes)),
    ])
    environment.define("lab", .element(kind: "lab", name: lab.name, fields: labFields))
    for element in devices + staff + buffers + processes {
      guard case .element(_, let name, _) = element, environment.lookup(name) == nil else {
        continue
      }
      environment.define(name, element)
    }
  }

  /// Makes a twin id for the lab: its name in lower case with dashes for other characters.
  static func identifier(for name: String) -> String {
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
}
