/// A flow of entities through steps, from arrival to completion.
public struct Process: Sendable, Equatable {
  public var name: String
  public var arrivals: [ArrivalRule]
  /// Multiplies every arrival rule: batch sizes and stream rates. 1 by default.
  public var arrivalScale: Double
  /// Attributes given to every entity at arrival, in declaration order.
  public var attributes: [Attribute]
  public var stages: [Stage]
  /// The shelf life, if entities of this process expire.
  public var expiry: Expiry?

  public init(
    name: String, arrivals: [ArrivalRule] = [], arrivalScale: Double = 1,
    attributes: [Attribute] = [], stages: [Stage] = [], expiry: Expiry? = nil
  ) {
    self.name = name
    self.arrivals = arrivals
    self.arrivalScale = arrivalScale
    self.attributes = attributes
    self.stages = stages
    self.expiry = expiry
  }

  /// The index of the stage named `name` in `stages`.
  public func stageIndex(named name: String) -> Int? {
    stages.firstIndex { $0.name == name }
  }
}

/// One way entities enter a process.
public enum ArrivalRule: Sendable, Equatable {
  /// `batch` entities at the same time of day, every day.
  case daily(at: Double, batch: Int)
  /// One entity after each interval, while the time of day lies in `from..<to`;
  /// `nil` bounds mean the whole day.
  case stream(interval: Distribution, from: Double?, to: Double?)
}

/// An attribute set on each entity at arrival.
public struct Attribute: Sendable, Equatable {
  public var name: String
  public var rule: AttributeRule

  public init(name: String, rule: AttributeRule) {
    self.name = name
    self.rule = rule
  }
}

/// The rule that draws an attribute's value.
public enum AttributeRule: Sendable, Equatable {
  /// A label drawn with the given weights, which sum to 1.
  case choice([WeightedLabel])
  /// A number drawn from the distribution.
  case sample(Distribution)
  /// A time: the arrival time plus `sign` (+1 or -1) times a draw, in seconds of
  /// simulation clock. `collected = now - uniform(2h, 18h)` is `sign: -1`.
  case arrivalTimeOffset(sign: Double, Distribution)
}

/// A label with its probability.
public struct WeightedLabel: Sendable, Equatable {
  public var label: String
  /// Probability between 0 and 1.
  public var weight: Double

  public init(label: String, weight: Double) {
    self.label = label
    self.weight = weight
  }
}

/// The shelf life of entities of a process.
public struct Expiry: Sendable, Equatable {
  /// Age limit in seconds.
  public var limit: Double
  /// The time attribute the age counts from; `nil` counts from arrival.
  public var attribute: String?

  public init(limit: Double, attribute: String? = nil) {
    self.limit = limit
    self.attribute = attribute
  }
}

/// One stage of a process, in order.
public enum Stage: Sendable, Equatable {
  case step(Step)
  case hold(Hold)
  case pool(Pool)
  case route(Route)

  /// The stage's name: steps and pools are named, holds are named after their
  /// buffer, and routes are `route` followed by their position (`route-7`).
  public var name: String {
    switch self {
    case .step(let step): step.name
    case .hold(let hold): hold.name
    case .pool(let pool): pool.name
    case .route(let route): route.name
    }
  }
}

/// Work on a device unit.
public struct Step: Sendable, Equatable {
  public var name: String
  public var device: String
  /// Job time; `nil` uses the device's time.
  public var time: Distribution?
  /// Staff pool needed for the whole job time; `nil` uses the device's `timeStaff`.
  public var staff: String?
  /// The maximum number of entities waiting in front of the step; `nil` is unbounded.
  public var queueCapacity: Int?

  public init(
    name: String, device: String, time: Distribution? = nil, staff: String? = nil,
    queueCapacity: Int? = nil
  ) {
    self.name = name
    self.device = device
    self.time = time
    self.staff = staff
    self.queueCapacity = queueCapacity
  }
}

/// A minimum stay in a finite buffer.
public struct Hold: Sendable, Equatable {
  public var name: String
  /// Shortest stay in seconds.
  public var minimum: Double
  public var buffer: String

  public init(name: String, minimum: Double, buffer: String) {
    self.name = name
    self.minimum = minimum
    self.buffer = buffer
  }
}

/// Assembly of `size` entities with an equal attribute into one new entity.
public struct Pool: Sendable, Equatable {
  public var name: String
  public var size: Int
  /// The attribute whose values must match, such as the blood group.
  public var attribute: String
  public var device: String
  /// Job time; `nil` uses the device's time.
  public var time: Distribution?
  /// Staff pool needed for the whole job; `nil` uses the device's `timeStaff`.
  public var staff: String?

  public init(
    name: String, size: Int, attribute: String, device: String,
    time: Distribution? = nil, staff: String? = nil
  ) {
    self.name = name
    self.size = size
    self.attribute = attribute
    self.device = device
    self.time = time
    self.staff = staff
  }
}

/// A random branch: each entity takes one of `branches` or, failing all, `otherwise`.
public struct Route: Sendable, Equatable {
  public var name: String
  public var branches: [RouteBranch]
  public var otherwise: RouteAction

  public init(name: String, branches: [RouteBranch], otherwise: RouteAction = .next) {
    self.name = name
    self.branches = branches
    self.otherwise = otherwise
  }
}

/// One branch of a route with its probability.
public struct RouteBranch: Sendable, Equatable {
  /// Probability between 0 and 1; the branches of a route sum to at most 1.
  public var probability: Double
  public var action: RouteAction

  public init(probability: Double, action: RouteAction) {
    self.probability = probability
    self.action = action
  }
}

/// The destination of a routed entity.
public enum RouteAction: Sendable, Equatable {
  /// On to the following stage, or out as a finished product after the last one.
  case next
  /// Out of the lab, counted as scrapped with the reason.
  case scrap(reason: String)
  /// To the named stage of the same process.
  case goto(stage: String)
}
