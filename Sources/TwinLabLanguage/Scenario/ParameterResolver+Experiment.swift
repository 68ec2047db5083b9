import TwinLabModel

extension ParameterResolver {
  /// KPI names an experiment may measure.
  static let measures = [
    "throughput", "cycle_time", "wip", "utilization", "staff_utilization", "queue", "wait",
    "blocked", "expired", "scrapped", "lost", "cost_per_unit", "bottleneck",
  ]

  func experiment(_ declaration: ExperimentDeclaration, whatIfNames: [String])
    throws(RuntimeError) -> Experiment
  {
    guard case .string(let name) = try evaluator.evaluate(declaration.name, in: environment)
    else { throw fail("an experiment name must be a string", at: declaration.name.span) }
    var experiment = Experiment(name: name)
    for item in declaration.settings {
      do throws(RuntimeError) {
        try add(item, to: &experiment, whatIfNames: whatIfNames)
      } catch {
        evaluator.record(error)
      }
    }
    return experiment
  }

  func add(_ item: ExperimentItem, to experiment: inout Experiment, whatIfNames: [String])
    throws(RuntimeError)
  {
    switch item {
    case .setting(let keyword, let expression):
      let value = try evaluator.evaluate(expression, in: environment)
      switch keyword.text {
      case "horizon", "warmup":
        guard case .duration(let seconds) = value, seconds >= 0 else {
          throw fail(
            "\(keyword.text) must be a non-negative duration, found \(value.typeName) \(value)",
            at: expression.span)
        }
        if keyword.text == "horizon" {
          guard seconds > 0 else { throw fail("horizon must be positive", at: expression.span) }
          experiment.horizon = seconds
        } else {
          experiment.warmup = seconds
        }
      case "replications":
        guard case .number(let number) = value, number == number.rounded(), number >= 1,
          number <= 1_000_000
        else {
          throw fail(
            "replications must be a whole number from 1 to 1000000, found \(value)",
            at: expression.span)
        }
        experiment.replications = Int(number)
      default:
        let known = ["horizon", "warmup", "replications", "variants", "sweep", "measure"]
        throw fail(
          "unknown experiment setting '\(keyword.text)'; expected one of "
            + known.joined(separator: ", "), at: keyword.span,
          suggestion: nearestName(to: keyword.text, among: known))
      }
    case .variants(let names):
      for name in names {
        guard name.text == "baseline" || whatIfNames.contains(name.text) else {
          throw fail(
            "unknown variant '\(name.text)'; declare it with whatif \"\(name.text)\" { ... } "
              + "or use baseline", at: name.span,
            suggestion: nearestName(to: name.text, among: whatIfNames + ["baseline"]))
        }
        experiment.variants.append(name.text)
      }
    case .sweep(let path, let valuesExpression):
      let parameter = try parameter(path)
      let values: [Value]
      switch try evaluator.evaluate(valuesExpression, in: environment) {
      case .range(let low, let high):
        guard low <= high, high - low < 10_000 else {
          throw fail(
            "a sweep range must run upwards with at most 10000 values", at: valuesExpression.span)
        }
        values = (low...high).map { .number(Double($0)) }
      case .list(let items) where !items.isEmpty:
        values = items
      case let other:
        throw fail(
          "a sweep needs a range such as 1...4 or a non-empty list, found \(other.typeName)",
          at: valuesExpression.span)
      }
      var converted: [ParameterValue] = []
      for value in values {
        converted.append(try parameterValue(value, for: parameter, at: valuesExpression.span))
      }
      experiment.sweeps.append(Sweep(parameter: parameter, values: converted))
    case .measures(let names):
      for name in names {
        guard Self.measures.contains(name.text) else {
          throw fail(
            "unknown measure '\(name.text)'; known measures are "
              + Self.measures.joined(separator: ", "), at: name.span,
            suggestion: nearestName(to: name.text, among: Self.measures))
        }
        experiment.measures.append(name.text)
      }
    }
  }
}

extension Evaluator {
  /// Resolves the collected `whatif` and `experiment` blocks against the lab.
  func finishDeclarations(in environment: Environment) {
    guard var lab = scenario else {
      for declaration in whatIfs {
        diagnostics.append(
          Diagnostic(
            .error, at: declaration.name.span.start, "whatif needs a lab declared in the file"))
      }
      for declaration in experiments {
        diagnostics.append(
          Diagnostic(
            .error, at: declaration.name.span.start, "experiment needs a lab declared in the file"))
      }
      return
    }
    let resolver = ParameterResolver(evaluator: self, environment: environment, scenario: lab)
    for declaration in whatIfs {
      do throws(RuntimeError) {
        let whatIf = try resolver.whatIf(declaration)
        if lab.whatifs.contains(where: { $0.name == whatIf.name }) || whatIf.name == "baseline" {
          throw fail("duplicate whatif name '\(whatIf.name)'", at: declaration.name.span)
        }
        lab.locations["whatif:\(whatIf.name)"] = declaration.name.span.start
        lab.whatifs.append(whatIf)
      } catch {
        record(error)
      }
    }
    let names = lab.whatifs.map(\.name)
    for declaration in experiments {
      do throws(RuntimeError) {
        let experiment = try resolver.experiment(declaration, whatIfNames: names)
        if lab.experiments.contains(where: { $0.name == experiment.name }) {
          throw fail("duplicate experiment name '\(experiment.name)'", at: declaration.name.span)
        }
        lab.locations["experiment:\(experiment.name)"] = declaration.name.span.start
        lab.experiments.append(experiment)
      } catch {
        record(error)
      }
    }
    whatIfs = []
    experiments = []
    scenario = lab
  }
}
