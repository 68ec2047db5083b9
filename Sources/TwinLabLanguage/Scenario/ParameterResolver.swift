import TwinLabModel

/// Resolves `whatif` and `experiment` declarations against the built lab:
/// model paths become `ModelParameter`s and values are type-checked.
struct ParameterResolver {
  let evaluator: Evaluator
  let environment: Environment
  let scenario: Scenario

  func fail(_ message: String, at span: SourceSpan, suggestion: String? = nil) -> RuntimeError {
    evaluator.fail(message, at: span, suggestion: suggestion)
  }

  /// Returns the parameter a dotted path names, such as `centrifuge.count` or `tech.late`.
  func parameter(_ path: [Name]) throws(RuntimeError) -> ModelParameter {
    guard let head = path.first else {
      throw fail(
        "empty model path", at: SourceSpan(start: SourceLocation(file: "", line: 1, column: 1)))
    }
    let fields = Array(path.dropFirst())
    func field(_ allowed: [String], _ kind: String) throws(RuntimeError) -> String {
      guard fields.count == 1, allowed.contains(fields[0].text) else {
        let span = fields.first?.span ?? head.span
        let found = fields.map(\.text).joined(separator: ".")
        throw fail(
          "unknown field '\(found)' of \(kind) '\(head.text)'; expected one of "
            + allowed.joined(separator: ", "), at: span,
          suggestion: fields.first.flatMap { nearestName(to: $0.text, among: allowed) })
      }
      return fields[0].text
    }

    if scenario.device(named: head.text) != nil {
      switch try field(["count", "batch", "fill", "time", "setup", "cost"], "device") {
      case "count": return .deviceCount(device: head.text)
      case "batch": return .deviceBatch(device: head.text)
      case "fill": return .deviceFill(device: head.text)
      case "time": return .deviceTime(device: head.text)
      case "setup": return .deviceSetup(device: head.text)
      default: return .deviceCostPerHour(device: head.text)
      }
    }
    if let pool = scenario.staffPool(named: head.text) {
      let shifts = pool.headcount.map(\.shift)
      let name = try field(shifts + ["cost"], "staff pool")
      return name == "cost"
        ? .staffCostPerHour(pool: head.text) : .staffHeadcount(pool: head.text, shift: name)
    }
    if scenario.buffer(named: head.text) != nil {
      _ = try field(["capacity"], "buffer")
      return .bufferCapacity(buffer: head.text)
    }
    if let process = scenario.process(named: head.text) {
      return try processParameter(process, head, fields)
    }
    let names =
      scenario.devices.map(\.name) + scenario.staff.map(\.name) + scenario.buffers.map(\.name)
      + scenario.processes.map(\.name)
    throw fail(
      "unknown lab element '\(head.text)' in model path", at: head.span,
      suggestion: nearestName(to: head.text, among: names))
  }

  func processParameter(_ process: Process, _ head: Name, _ fields: [Name]) throws(RuntimeError)
    -> ModelParameter
  {
    let path = fields.map(\.text)
    if path == ["arrivals", "scale"] { return .arrivalScale(process: process.name) }
    if path == ["expire"] { return .expiryLimit(process: process.name) }
    guard fields.count == 2 else {
      throw fail(
        "unknown path '\(head.text).\(path.joined(separator: "."))'; expected "
          + "\(head.text).arrivals.scale, \(head.text).expire or \(head.text).STEP.FIELD",
        at: fields.first?.span ?? head.span)
    }
    let stageNames = process.stages.map(\.name)
    guard let index = process.stageIndex(named: fields[0].text) else {
      throw fail(
        "unknown step '\(fields[0].text)' in process '\(process.name)'", at: fields[0].span,
        suggestion: nearestName(to: fields[0].text, among: stageNames + ["arrivals", "expire"]))
    }
    let (allowed, parameter): (String, ModelParameter)
    switch process.stages[index] {
    case .step:
      (allowed, parameter) = ("time", .stepTime(process: process.name, step: fields[0].text))
    case .hold:
      (allowed, parameter) = ("minimum", .holdMinimum(process: process.name, stage: fields[0].text))
    case .pool:
      (allowed, parameter) = ("size", .poolSize(process: process.name, stage: fields[0].text))
    case .route:
      throw fail("a route has no parameters a whatif can change", at: fields[0].span)
    }
    guard fields[1].text == allowed else {
      throw fail(
        "unknown field '\(fields[1].text)' of '\(fields[0].text)'; expected '\(allowed)'",
        at: fields[1].span, suggestion: nearestName(to: fields[1].text, among: [allowed]))
    }
    return parameter
  }

  /// Checks `value` against the parameter's type and converts it.
  func parameterValue(_ value: Value, for parameter: ModelParameter, at span: SourceSpan)
    throws(RuntimeError) -> ParameterValue
  {
    let path = parameter.path
    switch parameter {
    case .deviceCount, .staffHeadcount, .bufferCapacity, .deviceBatch, .poolSize:
      let minimum: Double
      switch parameter {
      case .deviceBatch, .poolSize: minimum = 1
      default: minimum = 0
      }
      guard case .number(let number) = value, number == number.rounded(), number >= minimum,
        number < 1e12
      else {
        throw fail(
          "\(path) must be a whole number of at least \(Int(minimum)), found \(value.typeName) \(value)",
          at: span)
      }
      return .number(number)
    case .deviceFill, .holdMinimum, .expiryLimit:
      guard case .duration(let seconds) = value, seconds >= 0 else {
        throw fail(
          "\(path) must be a non-negative duration, found \(value.typeName) \(value)", at: span)
      }
      return .number(seconds)
    case .deviceTime, .deviceSetup, .stepTime:
      let distribution = try LabBuilder.timeDistribution(value, path) { message in
        fail(message, at: span)
      }
      return .distribution(distribution)
    case .deviceCostPerHour, .staffCostPerHour:
      switch value {
      case .rate(let perSecond) where perSecond >= 0: return .number(perSecond * 3600)
      case .number(let perHour) where perHour >= 0: return .number(perHour)
      default:
        throw fail(
          "\(path) must be a cost per hour such as 38/h, found \(value.typeName) \(value)", at: span
        )
      }
    case .arrivalScale:
      switch value {
      case .number(let scale) where scale >= 0: return .number(scale)
      case .percent(let scale) where scale >= 0: return .number(scale)
      default:
        throw fail(
          "\(path) must be a non-negative number such as 1.2, found \(value.typeName) \(value)",
          at: span)
      }
    }
  }

  func whatIf(_ declaration: WhatIfDeclaration) throws(RuntimeError) -> WhatIf {
    guard case .string(let name) = try evaluator.evaluate(declaration.name, in: environment)
    else { throw fail("a whatif name must be a string", at: declaration.name.span) }
    var whatIf = WhatIf(name: name, assignments: [])
    for assignment in declaration.assignments {
      do throws(RuntimeError) {
        let parameter = try parameter(assignment.path)
        let value = try evaluator.evaluate(assignment.value, in: environment)
        whatIf.assignments.append(
          ParameterAssignment(
            parameter: parameter,
            value: try parameterValue(value, for: parameter, at: assignment.value.span)))
      } catch {
        evaluator.record(error)
      }
    }
    return whatIf
  }
}
