/// Derives one generator per named random source from a run's seed and
/// replication, so that a source's numbers depend only on its name, the seed
/// and the replication (common random numbers across scenario variants).
///
/// The seed picks the starting state by SplitMix64; the name picks the stream
/// by a 64-bit FNV-1a hash (each stream is 2^127 steps long); the replication
/// picks the substream (each 2^76 steps long).
public struct RandomStreams: Sendable {
  public let seed: UInt64
  public let replication: Int
  private let base: MRG32k3a

  public init(seed: UInt64, replication: Int) {
    self.seed = seed
    self.replication = max(0, replication)
    var mixer = seed
    var state: [UInt64] = []
    for _ in 0..<6 { state.append(Self.splitMix(&mixer)) }
    base = MRG32k3a(state: state)
  }

  /// The generator for the source called `name`, at this replication's substream.
  public func generator(named name: String) -> MRG32k3a {
    var generator = base
    generator.apply(JumpMatrices.stream.power(Self.hash(name)))
    if replication > 0 {
      generator.apply(JumpMatrices.substream.power(UInt64(replication)))
    }
    return generator
  }

  /// The 64-bit FNV-1a hash of the name's UTF-8 bytes.
  static func hash(_ name: String) -> UInt64 {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in name.utf8 {
      value ^= UInt64(byte)
      value = value &* 0x0000_0100_0000_01b3
    }
    return value
  }

  static func splitMix(_ state: inout UInt64) -> UInt64 {
    state = state &+ 0x9e37_79b9_7f4a_7c15
    var z = state
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }
}
