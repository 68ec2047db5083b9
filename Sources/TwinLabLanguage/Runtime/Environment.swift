/// A lexical scope: names bound to values, with the enclosing scope as parent.
public final class Environment: @unchecked Sendable {
  private(set) var values: [String: Value] = [:]
  let parent: Environment?

  init(parent: Environment? = nil) {
    self.parent = parent
  }

  /// Returns the value bound to `name` here or in an enclosing scope.
  func lookup(_ name: String) -> Value? {
    var scope: Environment? = self
    while let current = scope {
      if let value = current.values[name] { return value }
      scope = current.parent
    }
    return nil
  }

  /// Returns whether `name` is bound in this scope itself.
  func definesLocally(_ name: String) -> Bool {
    values[name] != nil
  }

  func define(_ name: String, _ value: Value) {
    values[name] = value
  }

  /// Rebinds an existing name in the nearest scope that has it; returns false when none has.
  func assign(_ name: String, _ value: Value) -> Bool {
    var scope: Environment? = self
    while let current = scope {
      if current.values[name] != nil {
        current.values[name] = value
        return true
      }
      scope = current.parent
    }
    return false
  }

  /// Every name visible from this scope.
  var allNames: Set<String> {
    var names = Set(values.keys)
    if let parent { names.formUnion(parent.allNames) }
    return names
  }
}
