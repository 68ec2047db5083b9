/// Splits a subcommand's arguments into options and positional arguments.
///
/// Options take the forms `--name value`, `--name=value` and bare flags.
/// `--` ends the options. An option that the command does not declare is a
/// usage error that names it and lists the known ones.
struct ArgumentScanner {
  /// Options that take a value, without the leading dashes.
  var valued: Set<String>
  /// Options that take no value, without the leading dashes.
  var flags: Set<String>

  struct Result {
    var values: [String: String] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    /// The value of `--name` parsed by `parse`, or a usage error naming the option and value.
    func value<T>(
      _ name: String, as type: String, _ parse: (String) -> T?
    ) throws -> T? {
      guard let text = values[name] else { return nil }
      guard let value = parse(text) else {
        throw CommandFailure.usage("invalid value '\(text)' for --\(name); expected \(type)")
      }
      return value
    }
  }

  func scan(_ arguments: [String]) throws -> Result {
    var result = Result()
    var index = 0
    var optionsEnded = false

    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if optionsEnded || !argument.hasPrefix("--") || argument == "-" {
        if argument == "--" && !optionsEnded {
          optionsEnded = true
        } else {
          result.positionals.append(argument)
        }
        continue
      }

      var name = String(argument.dropFirst(2))
      var inlineValue: String?
      if let equals = name.firstIndex(of: "=") {
        inlineValue = String(name[name.index(after: equals)...])
        name = String(name[..<equals])
      }

      if flags.contains(name) {
        if inlineValue != nil {
          throw CommandFailure.usage("option --\(name) takes no value")
        }
        result.flags.insert(name)
      } else if valued.contains(name) {
        if let inlineValue {
          result.values[name] = inlineValue
        } else if index < arguments.count {
          result.values[name] = arguments[index]
          index += 1
        } else {
          throw CommandFailure.usage("option --\(name) needs a value")
        }
      } else {
        let known = (valued.union(flags)).sorted().map { "--\($0)" }.joined(separator: ", ")
        throw CommandFailure.usage(
          "unknown option '--\(name)'" + (known.isEmpty ? "" : "; known options: \(known)"))
      }
    }
    return result
  }
}
