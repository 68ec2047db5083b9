import TwinLabModel

extension LabBuilder {
  mutating func process(_ name: Name, _ items: [ProcessItem]) throws(RuntimeError) -> Process {
    var process = Process(name: name.text)
    var gotos: [(Name, String)] = []
    var stageSpans: [String: SourceSpan] = [:]
    let poolCount = items.filter {
      if case .stage(let s) = $0 { s.keyword.text == "pool" } else { false }
    }.count

    for item in items {
      do throws(RuntimeError) {
        switch item {
        case .arrivals(let settings):
          for setting in settings { process.arrivals.append(try arrival(setting, name)) }
        case .attribute(let attributeName, let expression):
          if process.attributes.contains(where: { $0.name == attributeName.text }) {
            throw fail("duplicate attribute '\(attributeName.text)'", at: attributeName.span)
          }
          process.attributes.append(
            Attribute(name: attributeName.text, rule: try attributeRule(expression)))
        case .route(let keyword, let entries):
          let stageName = "route-\(process.stages.count)"
          let route = try route(stageName, entries, &gotos)
          try addStage(.route(route), keyword.span, &process, &stageSpans)
        case .stage(let setting) where setting.keyword.text == "expire":
          process.expiry = try expiry(setting, process)
        case .stage(let setting):
          let stage = try stage(setting, process, poolCount: poolCount)
          try addStage(stage, setting.name?.span ?? setting.keyword.span, &process, &stageSpans)
        }
      } catch {
        evaluator.record(error)
      }
    }
    if process.arrivals.isEmpty {
      evaluator.record(
        fail(
          "process '\(name.text)' has no arrivals; add an 'arrivals { ... }' block", at: name.span))
    }
    if process.stages.isEmpty {
      evaluator.record(fail("process '\(name.text)' has no steps", at: name.span))
    }
    let stageNames = process.stages.map(\.name)
    for (target, _) in gotos where !stageNames.contains(target.text) {
      evaluator.record(
        fail(
          "unknown step '\(target.text)' in goto of process '\(name.text)'", at: target.span,
          suggestion: nearestName(to: target.text, among: stageNames)))
    }
    return process
  }

  mutating func addStage(
    _ stage: Stage, _ span: SourceSpan, _ process: inout Process,
    _ spans: inout [String: SourceSpan]
  ) throws(RuntimeError) {
    if let previous = spans[stage.name] {
      throw fail(
        "duplicate step name '\(stage.name)' in process '\(process.name)' (first at line "
          + "\(previous.start.line))", at: span)
    }
    spans[stage.name] = span
    scenario.locations["\(process.name).\(stage.name)"] = span.start
    process.stages.append(stage)
  }

  mutating func arrival(_ setting: Setting, _ process: Name) throws(RuntimeError) -> ArrivalRule {
    let value = try required(setting)
    if setting.keyword.text == "at" {
      var batch = 1
      if let batchExpression = modifier(setting, "batch")?.value {
        batch = try count(batchExpression, "arrival batch of '\(process.text)'")
      }
      return .daily(at: try clock(value), batch: batch)
    }
    let interval = try timeDistribution(
      value, "arrival interval of '\(process.text)'", rateIsExponential: true)
    guard interval.mean > 0 else {
      throw fail("arrival interval must have a positive mean", at: value.span)
    }
    let from = try modifier(setting, "from")?.value.map { (e) throws(RuntimeError) in try clock(e) }
    let to = try modifier(setting, "to")?.value.map { (e) throws(RuntimeError) in try clock(e) }
    if (from == nil) != (to == nil) {
      throw fail(
        "give both 'from' and 'to' for an arrival window, or neither", at: setting.keyword.span)
    }
    return .stream(interval: interval, from: from, to: to)
  }

  /// Builds an attribute rule: a choice, a sample, or `now` plus or minus a duration.
  func attributeRule(_ expression: Expression) throws(RuntimeError) -> AttributeRule {
    switch expression.kind {
    case .now:
      return .arrivalTimeOffset(sign: 1, .constant(0))
    case .binary(let op, let left, let right) where left.kind == .now && (op == "+" || op == "-"):
      let offset = try timeDistribution(right, "the offset from 'now'")
      return .arrivalTimeOffset(sign: op == "-" ? -1 : 1, offset)
    default:
      break
    }
    switch try value(expression) {
    case .distribution(.choice(let labels)): return .choice(labels)
    case .distribution(.durations(let model)), .distribution(.numbers(let model)):
      return .sample(model)
    case .number(let number): return .sample(.constant(number))
    case .duration(let seconds): return .sample(.constant(seconds))
    case .string(let label): return .choice([WeightedLabel(label: label, weight: 1)])
    case let other:
      throw fail(
        "an attribute must be a choice, a distribution, a number or 'now - DURATION', "
          + "found \(other.typeName)", at: expression.span)
    }
  }

  mutating func stage(_ setting: Setting, _ process: Process, poolCount: Int) throws(RuntimeError)
    -> Stage
  {
    let context = "in process '\(process.name)'"
    switch setting.keyword.text {
    case "step":
      guard let stepName = setting.name, let device = modifier(setting, "on")?.name else {
        throw fail("a step needs 'step NAME on DEVICE'", at: setting.keyword.span)
      }
      if let stray = setting.value {
        throw fail(
          "unexpected value after the step name; write 'step NAME on DEVICE time DURATION'",
          at: stray.span)
      }
      references.append(("device", device, "in step '\(stepName.text)'"))
      var step = Step(name: stepName.text, device: device.text)
      if let time = modifier(setting, "time")?.value {
        step.time = try timeDistribution(time, "time of step '\(stepName.text)'")
      }
      step.staff = staffReference(setting, stepName)
      if let queue = modifier(setting, "queue")?.value {
        step.queueCapacity = try count(queue, "queue of step '\(stepName.text)'")
      }
      return .step(step)
    case "hold":
      guard let minimum = modifier(setting, "least")?.value ?? setting.value,
        let buffer = modifier(setting, "in")?.name
      else {
        throw fail("a hold needs 'hold at least DURATION in BUFFER'", at: setting.keyword.span)
      }
      references.append(("buffer", buffer, context))
      let used = process.stages.contains { $0.name == buffer.text }
      let name = used ? "\(buffer.text)-\(process.stages.count)" : buffer.text
      return .hold(
        Hold(name: name, minimum: try duration(minimum, "hold time"), buffer: buffer.text))
    case "pool":
      guard let size = setting.value, let attribute = modifier(setting, "by")?.name,
        let device = modifier(setting, "on")?.name
      else {
        throw fail("a pool needs 'pool N by ATTRIBUTE on DEVICE'", at: setting.keyword.span)
      }
      let attributes = process.attributes.map(\.name)
      guard attributes.contains(attribute.text) else {
        throw fail(
          "unknown attribute '\(attribute.text)' \(context); declare it with 'attribute' first",
          at: attribute.span, suggestion: nearestName(to: attribute.text, among: attributes))
      }
      let rule = process.attributes.first { $0.name == attribute.text }?.rule
      guard case .choice = rule else {
        throw fail(
          "pool needs a choice attribute such as a blood group, but '\(attribute.text)' is "
            + "drawn from a distribution or is a time", at: attribute.span)
      }
      references.append(("device", device, "in pool"))
      let name = poolCount == 1 ? "pool" : "pool-\(process.stages.count)"
      var pool = Pool(
        name: name, size: try count(size, "pool size", minimum: 1), attribute: attribute.text,
        device: device.text)
      if let time = modifier(setting, "time")?.value {
        pool.time = try timeDistribution(time, "pool time")
      }
      pool.staff = staffReference(setting, device)
      return .pool(pool)
    default:
      throw fail(
        "'\(setting.keyword.text)' is not a stage; expected step, hold, pool, route or expire",
        at: setting.keyword.span)
    }
  }

  func expiry(_ setting: Setting, _ process: Process) throws(RuntimeError) -> Expiry {
    let limit = try duration(try required(setting), "expiry")
    guard limit > 0 else { throw fail("expiry must be positive", at: setting.keyword.span) }
    guard let attribute = modifier(setting, "after")?.name else {
      return Expiry(limit: limit)
    }
    let timeAttributes = process.attributes.filter {
      if case .arrivalTimeOffset = $0.rule { true } else { false }
    }.map(\.name)
    guard timeAttributes.contains(attribute.text) else {
      throw fail(
        "unknown time attribute '\(attribute.text)' in expire; declare it as "
          + "'attribute \(attribute.text) = now - DURATION'", at: attribute.span,
        suggestion: nearestName(to: attribute.text, among: timeAttributes))
    }
    return Expiry(limit: limit, attribute: attribute.text)
  }

  func route(_ name: String, _ entries: [RouteEntry], _ gotos: inout [(Name, String)])
    throws(RuntimeError) -> Route
  {
    var route = Route(name: name, branches: [])
    var total = 0.0
    var hasElse = false
    for entry in entries {
      let action: RouteAction
      switch entry.action.text {
      case "scrap":
        var reason = "scrap"
        if let argument = entry.argument {
          guard case .string(let text) = try value(argument) else {
            throw fail("scrap needs a reason in quotes", at: argument.span)
          }
          reason = text
        }
        action = .scrap(reason: reason)
      case "goto":
        guard let target = entry.target else { throw fail("goto needs a step", at: entry.span) }
        gotos.append((target, name))
        action = .goto(stage: target.text)
      default:
        action = .next
      }
      guard let probabilityExpression = entry.probability else {
        if hasElse { throw fail("a route has one 'else'", at: entry.span) }
        hasElse = true
        route.otherwise = action
        continue
      }
      let probability: Double
      switch try value(probabilityExpression) {
      case .percent(let fraction), .number(let fraction): probability = fraction
      case let other:
        throw fail("route probability must be a percent, found \(other.typeName)", at: entry.span)
      }
      guard probability >= 0, probability <= 1 else {
        throw fail("route probability must lie between 0% and 100%", at: entry.span)
      }
      total += probability
      route.branches.append(RouteBranch(probability: probability, action: action))
    }
    guard total <= 1 + 1e-9 else {
      throw fail(
        "route probabilities sum to \(Value.format((total * 1e6).rounded() / 1e4))%, more than 100%",
        at: entries.first?.span ?? SourceSpan(start: SourceLocation(file: "", line: 1, column: 1)))
    }
    return route
  }
}
