import TwinLabLanguage
import TwinLabModel

/// The arguments of one host call, with readers that name the operation and
/// argument in their errors.
struct HostCall {
  let name: String
  let arguments: [HostArgument]

  /// The `index`-th argument without a label.
  func positional(_ index: Int) -> Value? {
    let unlabelled = arguments.filter { $0.label == nil }
    return index < unlabelled.count ? unlabelled[index].value : nil
  }

  /// The argument labelled `label`, if given.
  func labelled(_ label: String) -> Value? {
    arguments.first { $0.label == label }?.value
  }

  func string(_ index: Int, _ what: String) throws(HostError) -> String {
    guard let value = positional(index) else {
      throw HostError("\(name) needs the \(what) as argument \(index + 1)")
    }
    return try text(value, what)
  }

  func optionalString(_ index: Int, _ what: String) throws(HostError) -> String? {
    guard let value = positional(index) else { return nil }
    return try text(value, what)
  }

  func text(_ value: Value, _ what: String) throws(HostError) -> String {
    guard case .string(let text) = value else {
      throw HostError("\(name) needs the \(what) as a string, found \(value.typeName)")
    }
    return text
  }

  func flag(_ value: Value, _ what: String) throws(HostError) -> Bool {
    guard case .bool(let flag) = value else {
      throw HostError("\(name) needs \(what) as true or false, found \(value.typeName)")
    }
    return flag
  }

  func json(_ index: Int, _ what: String) throws(HostError) -> JSONValue {
    guard let value = positional(index) else {
      throw HostError("\(name) needs the \(what) as argument \(index + 1)")
    }
    return try ValueConversion.json(value, what: "the \(what)")
  }

  func optionalJSON(_ index: Int, _ what: String) throws(HostError) -> JSONValue? {
    guard let value = positional(index) else { return nil }
    return try ValueConversion.json(value, what: "the \(what)")
  }

  /// A list of documents, or a single document as a list of one.
  func documents(_ index: Int, _ what: String) throws(HostError) -> [JSONValue] {
    let document = try json(index, what)
    if case .array(let items) = document { return items }
    return [document]
  }
}
