/// L'Ecuyer's combined multiple recursive generator MRG32k3a, with streams
/// 2^127 steps apart and substreams 2^76 steps apart, as in the RngStreams
/// package (L'Ecuyer, Simard, Chen and Kelton 2002).
///
/// The state is six integers: three below `m1` (not all zero) and three below
/// `m2` (not all zero). Outputs lie strictly inside (0, 1).
public struct MRG32k3a: Sendable, Equatable {
  static let m1: Int64 = 4_294_967_087
  static let m2: Int64 = 4_294_944_443
  static let a12: Int64 = 1_403_580
  static let a13n: Int64 = 810_728
  static let a21: Int64 = 527_612
  static let a23n: Int64 = 1_370_589
  static let normalization = 1.0 / Double(m1 + 1)

  /// The first component's three most recent values, oldest first.
  public private(set) var first: (Int64, Int64, Int64)
  /// The second component's three most recent values, oldest first.
  public private(set) var second: (Int64, Int64, Int64)

  /// Creates a generator from a raw state. Values are reduced into range, and an
  /// all-zero component becomes 12345s because the recurrence needs a nonzero state.
  public init(state: [UInt64]) {
    let values = (0..<6).map { index in index < state.count ? state[index] : 12345 }
    var a = (
      Int64(values[0] % UInt64(Self.m1)), Int64(values[1] % UInt64(Self.m1)),
      Int64(values[2] % UInt64(Self.m1))
    )
    var b = (
      Int64(values[3] % UInt64(Self.m2)), Int64(values[4] % UInt64(Self.m2)),
      Int64(values[5] % UInt64(Self.m2))
    )
    if a == (0, 0, 0) { a = (12345, 12345, 12345) }
    if b == (0, 0, 0) { b = (12345, 12345, 12345) }
    first = a
    second = b
  }

  /// Advances the state and returns the next uniform number in (0, 1).
  @inline(__always)
  public mutating func next() -> Double {
    var p1 = (Self.a12 * first.1 - Self.a13n * first.0) % Self.m1
    if p1 < 0 { p1 += Self.m1 }
    first = (first.1, first.2, p1)

    var p2 = (Self.a21 * second.2 - Self.a23n * second.0) % Self.m2
    if p2 < 0 { p2 += Self.m2 }
    second = (second.1, second.2, p2)

    let difference = p1 > p2 ? p1 - p2 : p1 - p2 + Self.m1
    return Double(difference) * Self.normalization
  }

  public static func == (lhs: MRG32k3a, rhs: MRG32k3a) -> Bool {
    lhs.first == rhs.first && lhs.second == rhs.second
  }

  /// Advances the state by `matrices.first` on the first component and
  /// `matrices.second` on the second.
  mutating func apply(_ matrices: JumpMatrices) {
    first = matrices.first.times(first, modulus: Self.m1)
    second = matrices.second.times(second, modulus: Self.m2)
  }
}

/// A 3x3 matrix over the integers modulo m, for jumping ahead in a recurrence.
struct ModularMatrix: Equatable, Sendable {
  var rows: [[Int64]]

  static func multiply(_ a: Int64, _ b: Int64, modulus: Int64) -> Int64 {
    // Both factors are below 2^32, so the product fits in 64 unsigned bits.
    Int64((UInt64(a) &* UInt64(b)) % UInt64(modulus))
  }

  func times(_ other: ModularMatrix, modulus: Int64) -> ModularMatrix {
    var result = [[Int64]](repeating: [0, 0, 0], count: 3)
    for i in 0..<3 {
      for j in 0..<3 {
        var sum: Int64 = 0
        for k in 0..<3 {
          sum = (sum + Self.multiply(rows[i][k], other.rows[k][j], modulus: modulus)) % modulus
        }
        result[i][j] = sum
      }
    }
    return ModularMatrix(rows: result)
  }

  func times(_ v: (Int64, Int64, Int64), modulus: Int64) -> (Int64, Int64, Int64) {
    let vector = [v.0, v.1, v.2]
    var out: [Int64] = [0, 0, 0]
    for i in 0..<3 {
      var sum: Int64 = 0
      for k in 0..<3 {
        sum = (sum + Self.multiply(rows[i][k], vector[k], modulus: modulus)) % modulus
      }
      out[i] = sum
    }
    return (out[0], out[1], out[2])
  }

  /// This matrix raised to 2^exponent, by repeated squaring.
  func squared(times exponent: Int, modulus: Int64) -> ModularMatrix {
    var result = self
    for _ in 0..<exponent { result = result.times(result, modulus: modulus) }
    return result
  }

  /// This matrix raised to `power`, by square and multiply.
  ///
  /// - Complexity: O(log power) matrix products.
  func power(_ power: UInt64, modulus: Int64) -> ModularMatrix {
    var result = ModularMatrix(rows: [[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    var base = self
    var remaining = power
    while remaining > 0 {
      if remaining & 1 == 1 { result = result.times(base, modulus: modulus) }
      base = base.times(base, modulus: modulus)
      remaining >>= 1
    }
    return result
  }
}

/// One jump for both components of MRG32k3a.
struct JumpMatrices: Sendable {
  var first: ModularMatrix
  var second: ModularMatrix

  /// One step of each component's recurrence.
  static let oneStep = JumpMatrices(
    first: ModularMatrix(rows: [
      [0, 1, 0], [0, 0, 1], [MRG32k3a.m1 - MRG32k3a.a13n, MRG32k3a.a12, 0],
    ]),
    second: ModularMatrix(rows: [
      [0, 1, 0], [0, 0, 1], [MRG32k3a.m2 - MRG32k3a.a23n, 0, MRG32k3a.a21],
    ])
  )

  /// 2^76 steps: from one substream to the next.
  static let substream = JumpMatrices(
    first: oneStep.first.squared(times: 76, modulus: MRG32k3a.m1),
    second: oneStep.second.squared(times: 76, modulus: MRG32k3a.m2))

  /// 2^127 steps: from one stream to the next.
  static let stream = JumpMatrices(
    first: oneStep.first.squared(times: 127, modulus: MRG32k3a.m1),
    second: oneStep.second.squared(times: 127, modulus: MRG32k3a.m2))

  func power(_ n: UInt64) -> JumpMatrices {
    JumpMatrices(
      first: first.power(n, modulus: MRG32k3a.m1), second: second.power(n, modulus: MRG32k3a.m2))
  }
}
