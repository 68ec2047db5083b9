import TwinLabModel

/// The kind of operand a modifier word takes: a value, a name, or none.
enum ModifierShape {
  case value
  case name
  case flag
}

/// The grammar of one setting keyword: whether a name or value follows it,
/// and the modifier words it accepts.
struct SettingShape {
  var takesName = false
  var modifiers: [String: ModifierShape] = [:]
}

extension Parser {
  static let deviceSettings: [String: SettingShape] = [
    "count": SettingShape(), "batch": SettingShape(modifiers: ["fill": .value]),
    "fill": SettingShape(), "time": SettingShape(modifiers: ["with": .name]),
    "setup": SettingShape(modifiers: ["with": .name]),
    "failure": SettingShape(modifiers: ["every": .value, "repair": .value, "busy": .flag]),
    "cost": SettingShape(), "twin": SettingShape(),
  ]

  static let stageSettings: [String: SettingShape] = [
    "step": SettingShape(
      takesName: true,
      modifiers: ["on": .name, "time": .value, "with": .name, "queue": .value]),
    "hold": SettingShape(modifiers: ["at": .flag, "least": .value, "in": .name]),
    "pool": SettingShape(
      modifiers: ["by": .name, "on": .name, "time": .value, "with": .name]),
    "expire": SettingShape(modifiers: ["after": .name]),
  ]

  static let arrivalSettings: [String: SettingShape] = [
    "at": SettingShape(modifiers: ["batch": .value]),
    "every": SettingShape(modifiers: ["from": .value, "to": .value]),
  ]

  mutating func parseLab() throws(ParseError) -> LabDeclaration {
    advance()
    let name = try parseTitle("lab")
    let items = try parseBlock("the lab block") {
      (parser: inout Parser) throws(ParseError) -> LabItem in
      let item = try parser.parseLabItem()
      // A statement has already consumed its own terminator.
      if case .statement = item { return item }
      try parser.expectStatementEnd()
      return item
    }
    return LabDeclaration(name: name, items: items)
  }

  mutating func parseLabItem() throws(ParseError) -> LabItem {
    guard let word = current.identifier else {
      throw expected("a lab declaration (device, staff, shift, buffer, process, ...)")
    }
    switch word {
    case "start", "seed", "horizon", "warmup":
      let keyword = Name(text: word, span: advance().span)
      return .setting(keyword, try parseExpression())
    case "shift":
      advance()
      let name = try expectName("a shift name after 'shift'")
      let span = current.span
      let range = try parseExpression()
      guard case .binary("-", let from, let to) = range.kind else {
        throw failure("expected a shift as 'START - END', such as 07:00 - 15:30", at: span)
      }
      return .shift(name, from: from, to: to)
    case "staff":
      advance()
      let name = try expectName("a staff pool name after 'staff'")
      let entries = try parseBlock("the staff block") {
        (parser: inout Parser) throws(ParseError) -> Setting in
        let keyword = try parser.expectName("a shift name or 'cost'")
        let value = try parser.parseExpression()
        try parser.expectStatementEnd()
        return Setting(keyword: keyword, value: value, modifiers: [])
      }
      return .staff(name, entries)
    case "device", "buffer":
      advance()
      let name = try expectName("a \(word) name after '\(word)'")
      let shapes: [String: SettingShape] =
        word == "device" ? Self.deviceSettings : ["capacity": SettingShape()]
      let settings = try parseSettingBlock("the \(word) block", shapes: shapes)
      return word == "device" ? .device(name, settings) : .buffer(name, settings)
    case "process":
      advance()
      let name = try expectName("a process name after 'process'")
      return .process(name, try parseProcessBlock())
    case "let", "fn", "if", "for", "assert":
      return .statement(try parseStatement())
    default:
      let known = [
        "start", "seed", "horizon", "warmup", "shift", "staff", "device", "buffer", "process",
      ]
      throw failure(
        "unknown lab declaration '\(word)'; expected one of \(known.joined(separator: ", "))",
        suggestion: nearestName(to: word, among: known))
    }
  }

  mutating func parseSettingBlock(_ context: String, shapes: [String: SettingShape])
    throws(ParseError) -> [Setting]
  {
    try parseBlock(context) { (parser: inout Parser) throws(ParseError) -> Setting in
      let setting = try parser.parseSetting(shapes: shapes)
      try parser.expectStatementEnd()
      return setting
    }
  }

  /// Parses `keyword [name] [value] {modifier [value|name]}` by the keyword's shape.
  mutating func parseSetting(shapes: [String: SettingShape]) throws(ParseError) -> Setting {
    guard let word = current.identifier, let shape = shapes[word] else {
      let known = shapes.keys.sorted()
      let found = current.identifier.map { "'\($0)'" } ?? current.describedForError
      throw failure(
        "unknown setting \(found); expected one of \(known.joined(separator: ", "))",
        suggestion: current.identifier.flatMap { nearestName(to: $0, among: known) })
    }
    let keyword = Name(text: word, span: advance().span)
    var setting = Setting(keyword: keyword, name: nil, value: nil, modifiers: [])
    if shape.takesName {
      setting.name = try expectName("a name after '\(word)'")
    }
    let startsModifier = { (token: Token) in token.identifier.map { shape.modifiers[$0] != nil } }
    if !atStatementEnd, startsModifier(current) != true {
      setting.value = try parseExpression()
    }
    while let modifierWord = current.identifier, let modifierShape = shape.modifiers[modifierWord] {
      let wordName = Name(text: modifierWord, span: advance().span)
      var modifier = Modifier(word: wordName, value: nil, name: nil)
      switch modifierShape {
      case .value: modifier.value = try parseExpression()
      case .name: modifier.name = try expectName("a name after '\(modifierWord)'")
      case .flag: break
      }
      setting.modifiers.append(modifier)
    }
    if !atStatementEnd, let extra = current.identifier {
      let known = shape.modifiers.keys.sorted()
      throw failure(
        "unknown word '\(extra)' in '\(word)'"
          + (known.isEmpty ? "" : "; expected one of \(known.joined(separator: ", "))"),
        suggestion: nearestName(to: extra, among: known))
    }
    return setting
  }

  mutating func parseProcessBlock() throws(ParseError) -> [ProcessItem] {
    try parseBlock("the process block") {
      (parser: inout Parser) throws(ParseError) -> ProcessItem in
      let item = try parser.parseProcessItem()
      try parser.expectStatementEnd()
      return item
    }
  }

  mutating func parseProcessItem() throws(ParseError) -> ProcessItem {
    switch current.identifier {
    case "arrivals":
      advance()
      return .arrivals(try parseSettingBlock("the arrivals block", shapes: Self.arrivalSettings))
    case "attribute":
      advance()
      let name = try expectName("an attribute name after 'attribute'")
      try expectSymbol("=", "after the attribute name")
      return .attribute(name, try parseExpression())
    case "route":
      let keyword = Name(text: "route", span: advance().span)
      return .route(keyword, try parseRouteBlock())
    default:
      var shapes = Self.stageSettings
      shapes["arrivals"] = SettingShape()
      shapes["attribute"] = SettingShape()
      shapes["route"] = SettingShape()
      return .stage(try parseSetting(shapes: shapes))
    }
  }

  mutating func parseRouteBlock() throws(ParseError) -> [RouteEntry] {
    try parseBlock("the route block") { (parser: inout Parser) throws(ParseError) -> RouteEntry in
      let span = parser.current.span
      var probability: Expression?
      if parser.current.isWord("else") {
        parser.advance()
      } else {
        probability = try parser.parseExpression()
      }
      try parser.expectSymbol(":", "after the route probability")
      let action = try parser.expectName("a route action (next, scrap \"reason\", goto STEP)")
      var entry = RouteEntry(
        probability: probability, action: action, argument: nil, target: nil, span: span)
      switch action.text {
      case "scrap":
        if !parser.atStatementEnd { entry.argument = try parser.parseExpression() }
      case "goto":
        entry.target = try parser.expectName("a step name after 'goto'")
      case "next":
        break
      default:
        throw parser.failure(
          "unknown route action '\(action.text)'; expected next, scrap or goto",
          at: action.span,
          suggestion: nearestName(to: action.text, among: ["next", "scrap", "goto"]))
      }
      try parser.expectStatementEnd()
      return entry
    }
  }
}
