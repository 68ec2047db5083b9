import Testing
import TwinLabModel

@Suite struct NearestNameTests {
  @Test(arguments: [
    ("mins", ["ms", "s", "min", "h", "d", "w"], "min"),
    ("centrifug", ["centrifuge", "press", "scanner"], "centrifuge"),
    ("presss", ["centrifuge", "press"], "press"),
    ("tehc", ["tech", "nurse"], "tech"),
  ])
  func typoFindsNearestName(name: String, candidates: [String], expected: String) {
    #expect(nearestName(to: name, among: candidates) == expected)
  }

  @Test func distantNameHasNoSuggestion() {
    #expect(nearestName(to: "pooling", among: ["scanner", "labeler"]) == nil)
  }

  @Test func swapCountsAsOneEdit() {
    #expect(editDistance("abc", "acb") == 1)
    #expect(editDistance("", "abc") == 3)
    #expect(editDistance("kitten", "sitting") == 3)
  }
}
