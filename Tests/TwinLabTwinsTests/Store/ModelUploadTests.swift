import Testing
import TwinLabModel

@testable import TwinLabTwins

@Suite struct ModelUploadTests {
  static let base = #"""
    {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:up:Base;1", "@type": "Interface",
     "displayName": "Base",
     "contents": [{"@type": "Property", "name": "size", "schema": "integer"}]}
    """#
  static let derived = #"""
    {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:up:Derived;1", "@type": "Interface",
     "extends": "dtmi:up:Base;1",
     "contents": [{"@type": "Property", "name": "label", "schema": "string"}]}
    """#

  @Test func laterBatchExtendsStoredModel() throws {
    var store = TwinStore()
    let first = try store.uploadModels(documents: [try JSONValue(parsing: Self.base)])
    #expect(first.map(\.id) == ["dtmi:up:Base;1"])
    #expect(first.first?.json().serialized().contains(#""displayName":{"en":"Base"}"#) == true)
    try store.uploadModels(documents: [try JSONValue(parsing: Self.derived)])
    let twin = try store.createOrReplaceTwin(
      "t1",
      try JSONValue(
        parsing: #"{"size": 3, "label": "x", "$metadata": {"$model": "dtmi:up:Derived;1"}}"#))
    #expect(twin.modelId == "dtmi:up:Derived;1")
    let rows = try store.queryAll("SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('dtmi:up:Base;1')")
    #expect(rows.count == 1)
    #expect(
      try store.model("dtmi:up:Base;1").json(includeDefinition: true).serialized().contains("size"))
  }

  /// Upload bodies that fail, with the code and a word the message must contain.
  @Test(arguments: [
    (#"[{"@context": "dtmi:dtdl:context;3", "@type": "Interface"}]"#, "DTDLParserError", "@id"),
    (
      #"[{"@context": "dtmi:dtdl:context;3", "@id": "dtmi:up:Bad;1", "@type": "Interface","#
        + #" "contents": [{"@type": "Property", "name": "x", "schema": "quaternion"}]}]"#,
      "DTDLParserError", "quaternion"
    ),
    (
      #"[{"@context": "dtmi:dtdl:context;3", "@id": "dtmi:up:Orphan;1", "@type": "Interface","#
        + #" "extends": "dtmi:up:Missing;1"}]"#,
      "DTDLParserError", "dtmi:up:Missing;1"
    ),
    ("[" + base + "]", "ModelIdAlreadyExists", "dtmi:up:Base;1"),
  ])
  func badUploadNamesProblem(body: String, code: String, named: String) throws {
    var store = TwinStore()
    try store.uploadModels(documents: [try JSONValue(parsing: Self.base)])
    let before = store.snapshotJSON
    let error = #expect(throws: TwinStoreError.self) {
      try store.uploadModels(documents: [try JSONValue(parsing: body)])
    }
    #expect(error?.code == code)
    #expect(error?.message.contains(named) == true, "\(error?.message ?? "")")
    #expect(store.snapshotJSON == before)
  }
}
