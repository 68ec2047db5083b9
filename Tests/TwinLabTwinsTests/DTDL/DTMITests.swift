import Testing
import TwinLabTwins

@Suite struct DTMITests {
  @Test(arguments: [
    "dtmi:foo;1", "dtmi:foo:bar", "dtmi:foo:bar;7", "dtmi:foo:bar;999999999",
    "dtmi:foo:bar;3.14", "dtmi:foo:bar;3.141592", "dtmi:a_b:c1;2",
  ])
  func validDTMIPasses(text: String) {
    #expect(DTMI.isValid(text))
  }

  @Test(arguments: [
    "dtmi:foo:bar;0", "dtmi:foo:bar;0.0", "dtmi:foo:bar;1234567890", "dtmi:foo:bar;1a",
    "dtmi:foo:bar;3.0", "dtmi:foo:bar;3.1415926", "dtmi:foo:bar;01", "dtmi:foo:bar;",
    "dtmi:test:invalidId_;1", "dtmi:test:_system;1", "dtmi:test:1seg;1", "dtmi:foo:bar.baz;1",
    "dtmi:foo::bar;1", "urn:foo:bar:1", "dtmi:;1", "dtmi:foo#frag", "",
  ])
  func invalidDTMIFails(text: String) {
    #expect(!DTMI.isValid(text))
  }

  @Test func systemSegmentNeedsOption() {
    #expect(DTMI.isValid("dtmi:foo:_contents:__temp;1", allowSystemSegments: true))
    #expect(!DTMI.isValid("dtmi:foo:_contents:__temp;1"))
  }

  @Test func reservedPrefixIsDetected() {
    #expect(DTMI.isReserved("dtmi:dtdl:context;3"))
    #expect(DTMI.isReserved("dtmi:standard:schema:geospatial:point;3"))
    #expect(!DTMI.isReserved("dtmi:twinlab:Lab;1"))
  }

  @Test func majorVersionIsParsed() {
    #expect(DTMI.majorVersion(of: "dtmi:a:b;12.5") == 12)
    #expect(DTMI.majorVersion(of: "dtmi:a:b") == nil)
  }
}
