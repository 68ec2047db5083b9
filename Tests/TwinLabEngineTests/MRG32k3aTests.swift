import Testing

@testable import TwinLabEngine

@Suite struct MRG32k3aTests {
  /// With every seed value 12345 the recurrences give p1 = 3023790853 and
  /// p2 = 2478282264, so the first output is 545508589 / (m1 + 1).
  @Test func firstOutputFollowsRecurrence() {
    var generator = MRG32k3a(state: [12345, 12345, 12345, 12345, 12345, 12345])
    let first = generator.next()
    #expect(first == 545_508_589.0 / 4_294_967_088.0)
    #expect(abs(first - 0.127_011_122_046_577) < 1e-14)
  }

  /// The jump matrices published with RngStreams, derived here by repeated squaring.
  @Test func jumpMatricesMatchPublished() {
    #expect(
      JumpMatrices.substream.first.rows == [
        [82_758_667, 1_871_391_091, 4_127_413_238],
        [3_672_831_523, 69_195_019, 1_871_391_091],
        [3_672_091_415, 3_528_743_235, 69_195_019],
      ])
    #expect(
      JumpMatrices.substream.second.rows == [
        [1_511_326_704, 3_759_209_742, 1_610_795_712],
        [4_292_754_251, 1_511_326_704, 3_889_917_532],
        [3_859_662_829, 4_292_754_251, 3_708_466_080],
      ])
    #expect(
      JumpMatrices.stream.first.rows == [
        [2_427_906_178, 3_580_155_704, 949_770_784],
        [226_153_695, 1_230_515_664, 3_580_155_704],
        [1_988_835_001, 986_791_581, 1_230_515_664],
      ])
    #expect(
      JumpMatrices.stream.second.rows == [
        [1_464_411_153, 277_697_599, 1_610_723_613],
        [32_183_930, 1_464_411_153, 1_022_607_788],
        [2_824_425_944, 32_183_930, 2_093_834_863],
      ])
  }

  @Test func jumpEqualsSteppingAhead() {
    var stepped = MRG32k3a(state: [1, 2, 3, 4, 5, 6])
    var jumped = stepped
    for _ in 0..<1000 { _ = stepped.next() }
    jumped.apply(JumpMatrices.oneStep.power(1000))
    #expect(stepped == jumped)
  }

  @Test func streamsDependOnNameOnly() {
    let streams = RandomStreams(seed: 7, replication: 0)
    var a = streams.generator(named: "device:press:time")
    var b = RandomStreams(seed: 7, replication: 0).generator(named: "device:press:time")
    var c = streams.generator(named: "device:scanner:time")
    let first = a.next()
    #expect(first == b.next())
    #expect(first != c.next())
    var other = RandomStreams(seed: 7, replication: 1).generator(named: "device:press:time")
    #expect(other.next() != first)
  }
}
