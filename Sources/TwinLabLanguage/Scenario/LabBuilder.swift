import TwinLabModel

/// Turns a `lab` block into a `Scenario`, reporting every bad value or
/// reference as a diagnostic and going on with the next declaration.
struct LabBuilder {
  let evaluator: Evaluator
  let environment: Environment
  var scenario: Scenario
  /// Declaration sites by element name, used for duplicate checks.
  var declared: [String: (kind: String, span: SourceSpan)] = [:]
  /// References to check once every element is declared.
  var references: [(kind: String, name: Name, context: String)] = []

  init(evaluator: Evaluator, environment: Environment, name: String, file: String) {
    self.evaluator = evaluator
    self.environment = environment
    self.scenario = Scenario(name: name, sourcePath: file)
  }

  func fail(_ message: String, at span: SourceSpan, suggestion: String? = nil) -> RuntimeError {
    evaluator.fail(message, at: span, suggestion: suggestion)
  }

  mutating func build(_ items: [LabItem]) -> Scenario {
    for item in items {
      do throws(RuntimeError) {
        try add(item)
      } catch {
        evaluator.record(error)
      }
    }
    checkReferences()
    return scenario
  }

  mutating func declare(_ name: Name, as kind: String) throws(RuntimeError) {
    if let previous = declared[name.text] {
      let place = previous.span.start
      throw fail(
        "duplicate name '\(name.text)': a \(previous.kind) of that name is declared at "
          + "line \(place.line), column \(place.column)", at: name.span)
    }
    declared[name.text] = (kind, name.span)
    scenario.locations[name.text] = name.span.start
  }

  mutating func add(_ item: LabItem) throws(RuntimeError) {
    switch item {
    case .setting(let keyword, let expression):
      try addSetting(keyword, expression)
    case .shift(let name, let from, let to):
      try declare(name, as: "shift")
      let shift = Shift(name: name.text, start: try clock(from), end: try clock(to))
      scenario.shifts.append(shift)
    case .staff(let name, let entries):
      try declare(name, as: "staff pool")
      scenario.staff.append(try staffPool(name, entries))
    case .device(let name, let settings):
      try declare(name, as: "device")
      scenario.devices.append(try device(name, settings))
    case .buffer(let name, let settings):
      try declare(name, as: "buffer")
      var buffer = Buffer(name: name.text, capacity: 0)
      var hasCapacity = false
      for setting in settings {
        if let value = setting.value {
          buffer.capacity = try count(value, "buffer capacity")
          hasCapacity = true
        }
      }
      guard hasCapacity else {
        throw fail("buffer '\(name.text)' needs 'capacity N'", at: name.span)
      }
      scenario.buffers.append(buffer)
    case .process(let name, let items):
      try declare(name, as: "process")
      scenario.processes.append(try process(name, items))
    case .statement(let statement):
      if case .returned = try evaluator.execute(statement, in: environment) {
        throw fail("'return' outside a function", at: statement.span)
      }
    }
  }

  mutating func addSetting(_ keyword: Name, _ expression: Expression) throws(RuntimeError) {
    switch keyword.text {
    case "start":
      scenario.start = try clock(expression)
    case "seed":
      let seed = try count(expression, "seed")
      scenario.seed = UInt64(seed)
    case "horizon":
      let horizon = try duration(expression, "horizon")
      guard horizon > 0 else { throw fail("horizon must be positive", at: expression.span) }
      scenario.horizon = horizon
    default:
      scenario.warmup = try duration(expression, "warmup")
    }
    if let warmup = scenario.warmup, let horizon = scenario.horizon, warmup >= horizon {
      throw fail(
        "warmup \(Value.format(duration: warmup)) must be shorter than the horizon "
          + "\(Value.format(duration: horizon))", at: expression.span)
    }
  }

  mutating func staffPool(_ name: Name, _ entries: [Setting]) throws(RuntimeError) -> StaffPool {
    var pool = StaffPool(name: name.text, headcount: [])
    for entry in entries {
      guard let value = entry.value else { continue }
      if entry.keyword.text == "cost" {
        pool.costPerHour = try costPerHour(value)
        continue
      }
      if pool.headcount.contains(where: { $0.shift == entry.keyword.text }) {
        throw fail("shift '\(entry.keyword.text)' is listed twice", at: entry.keyword.span)
      }
      references.append(("shift", entry.keyword, "in staff pool '\(name.text)'"))
      let headcount = try count(value, "head-count of '\(name.text)' on '\(entry.keyword.text)'")
      pool.headcount.append(ShiftHeadcount(shift: entry.keyword.text, count: headcount))
    }
    return pool
  }

  /// Checks that every referenced device, staff pool, shift and buffer exists.
  func checkReferences() {
    let kinds: [String: [String]] = [
      "device": scenario.devices.map(\.name), "staff pool": scenario.staff.map(\.name),
      "shift": scenario.shifts.map(\.name), "buffer": scenario.buffers.map(\.name),
    ]
    for (kind, name, context) in references {
      let known = kinds[kind] ?? []
      guard !known.contains(name.text), declared[name.text]?.kind != kind else { continue }
      var message = "unknown \(kind) '\(name.text)' \(context)"
      if let other = declared[name.text] { message += "; '\(name.text)' is a \(other.kind)" }
      evaluator.record(
        fail(message, at: name.span, suggestion: nearestName(to: name.text, among: known)))
    }
  }
}
