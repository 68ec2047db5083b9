import TwinLabModel

extension LabBuilder {
  mutating func device(_ name: Name, _ settings: [Setting]) throws(RuntimeError) -> Device {
    var device = Device(name: name.text)
    // Each setting is checked on its own, so every bad setting in the block is
    // reported; the device is left out of the lab when any is bad.
    var hasErrors = false
    for setting in settings {
      do throws(RuntimeError) {
        try apply(setting, to: &device, name)
      } catch {
        evaluator.record(error)
        hasErrors = true
      }
    }
    // The diagnostics are already recorded, so the error carries none.
    if hasErrors { throw RuntimeError(diagnostic: nil) }
    return device
  }

  private mutating func apply(_ setting: Setting, to device: inout Device, _ name: Name)
    throws(RuntimeError)
  {
    let what = "\(setting.keyword.text) of device '\(name.text)'"
    switch setting.keyword.text {
    case "count":
      device.count = try count(try required(setting), what)
    case "batch":
      device.batch = try count(try required(setting), what, minimum: 1)
      if let fill = modifier(setting, "fill")?.value {
        device.fill = try duration(fill, "fill of device '\(name.text)'")
      }
    case "fill":
      device.fill = try duration(try required(setting), what)
    case "time":
      device.time = try timeDistribution(try required(setting), what)
      device.timeStaff = staffReference(setting, name)
    case "setup":
      device.setup = try timeDistribution(try required(setting), what)
      device.setupStaff = staffReference(setting, name)
    case "failure":
      guard let every = modifier(setting, "every")?.value,
        let repair = modifier(setting, "repair")?.value
      else {
        throw fail(
          "failure needs 'every DISTRIBUTION repair DISTRIBUTION'", at: setting.keyword.span)
      }
      device.failure = Failure(
        interval: try positiveMean(every, "failure interval of '\(name.text)'"),
        repair: try timeDistribution(repair, "repair time of '\(name.text)'"),
        countsBusyTimeOnly: modifier(setting, "busy") != nil)
    case "cost":
      device.costPerHour = try costPerHour(try required(setting))
    default:
      device.twinProperties = try twinProperties(try required(setting))
    }
  }

  func required(_ setting: Setting) throws(RuntimeError) -> Expression {
    guard let value = setting.value else {
      throw fail("'\(setting.keyword.text)' needs a value", at: setting.keyword.span)
    }
    return value
  }

  func modifier(_ setting: Setting, _ word: String) -> Modifier? {
    setting.modifiers.first { $0.word.text == word }
  }

  /// Records the `with STAFF` of a setting for checking and returns the pool name.
  mutating func staffReference(_ setting: Setting, _ owner: Name) -> String? {
    guard let staff = modifier(setting, "with")?.name else { return nil }
    references.append(("staff pool", staff, "in '\(owner.text)'"))
    return staff.text
  }

  /// A time distribution whose mean must be positive, such as a failure interval.
  func positiveMean(_ expression: Expression, _ what: String) throws(RuntimeError)
    -> Distribution
  {
    let distribution = try timeDistribution(expression, what)
    guard distribution.mean > 0 else {
      throw fail("\(what) must have a positive mean", at: expression.span)
    }
    return distribution
  }

  func twinProperties(_ expression: Expression) throws(RuntimeError) -> [TwinProperty] {
    guard case .record(let record) = try value(expression) else {
      throw fail("twin needs a record such as { model: \"C-2000\" }", at: expression.span)
    }
    var properties: [TwinProperty] = []
    for (key, fieldValue) in record.fields {
      let scalar: TwinScalar
      switch fieldValue {
      case .string(let text): scalar = .string(text)
      case .number(let number): scalar = .number(number)
      case .bool(let flag): scalar = .bool(flag)
      default:
        throw fail(
          "twin property '\(key)' must be a string, number or bool, found \(fieldValue.typeName)",
          at: expression.span)
      }
      properties.append(TwinProperty(name: key, value: scalar))
    }
    return properties
  }
}
