import TwinLabModel

/// A value of the scenario language.
public enum Value: Sendable {
  case number(Double)
  /// Seconds.
  case duration(Double)
  /// Seconds since midnight.
  case clock(Double)
  /// Events per second.
  case rate(Double)
  /// A fraction: `45%` is 0.45.
  case percent(Double)
  case string(String)
  case bool(Bool)
  case none
  case list([Value])
  case record(Record)
  /// An integer range with both ends included, `1...4`.
  case range(Int, Int)
  case distribution(DistributionValue)
  case function(FunctionValue)
  /// A declared lab element, such as a device, with its fields.
  case element(kind: String, name: String, fields: Record)
  /// A built-in function or host operation, by name.
  case builtin(String)
  /// The arrival time of an entity plus or minus a draw, inside an `attribute` rule.
  case arrivalOffset(sign: Double, Distribution)

  /// The type's name as error messages show it.
  public var typeName: String {
    switch self {
    case .number: "number"
    case .duration: "duration"
    case .clock: "clock time"
    case .rate: "rate"
    case .percent: "percent"
    case .string: "string"
    case .bool: "bool"
    case .none: "none"
    case .list: "list"
    case .record: "record"
    case .range: "range"
    case .distribution(let distribution): distribution.typeName
    case .function, .builtin: "function"
    case .element(let kind, _, _): kind
    case .arrivalOffset: "arrival time"
    }
  }
}

/// A record: string keys in insertion order.
public struct Record: Sendable, Equatable {
  public private(set) var keys: [String] = []
  private var storage: [String: Value] = [:]

  public init(_ fields: [(String, Value)] = []) {
    for (key, value) in fields { self[key] = value }
  }

  public subscript(key: String) -> Value? {
    get { storage[key] }
    set {
      guard let newValue else {
        if storage.removeValue(forKey: key) != nil { keys.removeAll { $0 == key } }
        return
      }
      if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
    }
  }

  /// The fields in key order.
  public var fields: [(key: String, value: Value)] {
    keys.compactMap { key in storage[key].map { (key, $0) } }
  }

  public static func == (lhs: Record, rhs: Record) -> Bool {
    lhs.keys == rhs.keys && lhs.keys.allSatisfy { lhs.storage[$0] == rhs.storage[$0] }
  }
}

/// A distribution value: a model distribution of durations or plain numbers,
/// or a weighted choice of labels.
public enum DistributionValue: Sendable, Equatable {
  case durations(Distribution)
  case numbers(Distribution)
  case choice([WeightedLabel])

  var typeName: String {
    switch self {
    case .durations: "distribution of durations"
    case .numbers: "distribution of numbers"
    case .choice: "choice"
    }
  }
}

/// A user function with the environment it closes over.
public struct FunctionValue: @unchecked Sendable {
  public var name: String
  public var parameters: [String]
  var body: [Statement]
  // The environment is shared on purpose: closures see later changes to captured names.
  let closure: Environment
}

extension Value: Equatable {
  public static func == (lhs: Value, rhs: Value) -> Bool {
    switch (lhs, rhs) {
    case (.number(let a), .number(let b)), (.duration(let a), .duration(let b)),
      (.clock(let a), .clock(let b)), (.rate(let a), .rate(let b)),
      (.percent(let a), .percent(let b)):
      a == b
    case (.number(let a), .percent(let b)), (.percent(let a), .number(let b)): a == b
    case (.string(let a), .string(let b)): a == b
    case (.bool(let a), .bool(let b)): a == b
    case (.none, .none): true
    case (.list(let a), .list(let b)): a == b
    case (.record(let a), .record(let b)): a == b
    case (.range(let a1, let a2), .range(let b1, let b2)): a1 == b1 && a2 == b2
    case (.distribution(let a), .distribution(let b)): a == b
    case (.function(let a), .function(let b)): a.closure === b.closure && a.body == b.body
    case (.element(let k1, let n1, _), .element(let k2, let n2, _)): k1 == k2 && n1 == n2
    case (.builtin(let a), .builtin(let b)): a == b
    case (.arrivalOffset(let s1, let d1), .arrivalOffset(let s2, let d2)): s1 == s2 && d1 == d2
    default: false
    }
  }
}
