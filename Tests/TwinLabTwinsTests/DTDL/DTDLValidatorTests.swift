import Foundation
import Testing
import TwinLabModel
import TwinLabTwins

/// Validates `texts` as one batch, one document per text.
func validate(_ texts: [String], allowUndefinedExtensions: Bool = false) throws
  -> DTDLValidationResult
{
  let documents = try texts.enumerated().map { index, text in
    (path: "model\(index).json", json: try JSONValue(parsing: text))
  }
  return DTDLValidator(allowUndefinedExtensions: allowUndefinedExtensions)
    .validate(documents: documents)
}

/// Builds the JSON text of an interface with `contents` and optional extra members.
func interface(_ id: String, _ contents: String = "[]", extra: String = "", version: Int = 3)
  -> String
{
  """
  {"@context": "dtmi:dtdl:context;\(version)", "@id": "\(id)", "@type": "Interface",
   "contents": \(contents)\(extra.isEmpty ? "" : ", " + extra)}
  """
}

@Suite struct DTDLValidatorTests {
  @Test(arguments: [
    ("{\"@id\": \"dtmi:a:B;1\", \"@type\": \"Interface\"}", "missing-context", "$"),
    (interface("dtmi:a:B_;1"), "invalid-id", "$.@id"),
    (interface("dtmi:dtdl:B;1"), "reserved-id", "$.@id"),
    (interface("dtmi:a:" + String(repeating: "x", count: 130) + ";1"), "id-too-long", "$.@id"),
    (
      interface("dtmi:a:B;1", #"[{"@type": "Property", "name": "1x", "schema": "double"}]"#),
      "invalid-name", "$.contents[0].name"
    ),
    (
      interface(
        "dtmi:a:B;1",
        #"[{"@type": "Property", "name": "x", "schema": "double"}, {"@type": "Telemetry", "name": "x", "schema": "double"}]"#
      ), "duplicate-name", "$.contents[1].name"
    ),
    (
      interface(
        "dtmi:a:B;1", #"[{"@type": "Property", "name": "x", "schema": "double", "unit": "metre"}]"#),
      "undefined-property", "$.contents[0].unit"
    ),
    (
      interface("dtmi:a:B;1", #"[{"@type": "Property", "name": "x", "schema": "decimal"}]"#),
      "invalid-value", "$.contents[0].schema"
    ),
    (
      interface("dtmi:a:B;1", #"[{"@type": "Property", "name": "x"}]"#),
      "missing-property", "$.contents[0]"
    ),
    (
      interface(
        "dtmi:a:B;1",
        #"[{"@type": "Property", "name": "x", "schema": {"@type": "Enum", "valueSchema": "integer", "enumValues": [{"name": "a", "enumValue": "A"}]}}]"#
      ), "invalid-enum-value", "$.contents[0].schema.enumValues[0].enumValue"
    ),
    (
      interface(
        "dtmi:a:B;1",
        #"[{"@type": "Property", "name": "x", "schema": {"@type": "Map", "mapKey": {"name": "k", "schema": "integer"}, "mapValue": {"name": "v", "schema": "double"}}}]"#
      ), "invalid-map-key", "$.contents[0].schema.mapKey.schema"
    ),
    (
      interface("dtmi:a:B;1", #"[{"@type": "Relationship", "name": "r", "minMultiplicity": 1}]"#),
      "invalid-multiplicity", "$.contents[0].minMultiplicity"
    ),
    (
      interface("dtmi:a:B;1", #"[{"@type": "Relationship", "name": "r", "maxMultiplicity": 0}]"#),
      "invalid-multiplicity", "$.contents[0].maxMultiplicity"
    ),
    (
      interface(
        "dtmi:a:B;1",
        #"[{"@type": "Property", "name": "x", "schema": "double", "writable": "yes"}]"#),
      "invalid-value", "$.contents[0].writable"
    ),
    (
      interface(
        "dtmi:a:B;1", #"[{"@type": ["Property", "Temperature"], "name": "x", "schema": "double"}]"#),
      "undefined-type", "$.contents[0].@type[1]"
    ),
    (
      interface("dtmi:a:B;1", extra: #""extends": "dtmi:a:Missing;1""#), "unresolved-reference",
      "$.extends"
    ),
    (interface("dtmi:a:B;1", extra: #""extends": "dtmi:a:B;1""#), "extends-cycle", "$.extends"),
    (
      """
      {"@context": ["dtmi:dtdl:context;3", "dtmi:vendor:extension;1"], "@id": "dtmi:a:B;1", "@type": "Interface"}
      """, "undefined-extension", "$.@context[1]"
    ),
    (interface("dtmi:a:B;1", extra: #""@graph": {}"#), "invalid-keyword", "$.@graph"),
    (
      interface("dtmi:a:B;1", extra: #""schemas": [{"@type": "Enum", "valueSchema": "string"}]"#),
      "missing-id", "$.schemas[0]"
    ),
  ])
  func invalidModelReportsRule(text: String, rule: String, path: String) throws {
    let result = try validate([text])
    #expect(result.problems.contains { $0.rule == rule && $0.path == path }, "\(result.problems)")
    #expect(result.problems.allSatisfy { $0.file == "model0.json" })
  }

  @Test func problemNamesModelID() throws {
    let result = try validate([
      interface("dtmi:a:B;1", #"[{"@type": "Property", "name": "x_", "schema": "double"}]"#)
    ])
    let problem = try #require(result.problems.first)
    #expect(problem.modelID == "dtmi:a:B;1")
    #expect(problem.rule == "invalid-name")
    #expect(problem.description.contains("model0.json: dtmi:a:B;1: $.contents[0].name"))
  }

  @Test func inheritedNameRedefinitionFails() throws {
    let base = interface(
      "dtmi:a:Base;1", #"[{"@type": "Property", "name": "x", "schema": "double"}]"#)
    let derived = interface(
      "dtmi:a:Derived;1", #"[{"@type": "Property", "name": "x", "schema": "double"}]"#,
      extra: #""extends": "dtmi:a:Base;1""#)
    let result = try validate([base, derived])
    #expect(result.problems.map(\.rule) == ["duplicate-name"])
    #expect(result.problems.first?.modelID == "dtmi:a:Derived;1")
  }

  @Test func resolvedInterfaceIncludesInherited() throws {
    let base = interface(
      "dtmi:a:Base;1",
      #"[{"@type": "Property", "name": "x", "schema": "double", "writable": true}, {"@type": "Relationship", "name": "r", "target": "dtmi:a:Base;1", "maxMultiplicity": 3, "properties": [{"@type": "Property", "name": "w", "schema": "integer"}]}]"#
    )
    let derived = interface(
      "dtmi:a:Derived;1",
      #"[{"@type": "Telemetry", "name": "t", "schema": {"@type": "Array", "elementSchema": "string"}}, {"@type": "Component", "name": "c", "schema": "dtmi:a:Part;1"}]"#,
      extra: #""extends": ["dtmi:a:Base;1"]"#)
    let part = interface("dtmi:a:Part;1")
    let result = try validate([derived, base, part])
    #expect(result.problems.isEmpty, "\(result.problems)")
    let resolved = try #require(result.interfaces["dtmi:a:Derived;1"])
    #expect(resolved.extends == ["dtmi:a:Base;1"])
    #expect(
      resolved.property(named: "x") == DTDLProperty(name: "x", schema: .double, isWritable: true))
    let relationship = try #require(resolved.relationship(named: "r"))
    #expect(relationship.target == "dtmi:a:Base;1")
    #expect(relationship.maxMultiplicity == 3)
    #expect(relationship.properties == [DTDLProperty(name: "w", schema: .integer)])
    #expect(resolved.telemetries == [DTDLTelemetry(name: "t", schema: .array(element: .string))])
    #expect(resolved.component(named: "c") == DTDLComponent(name: "c", schema: "dtmi:a:Part;1"))
    #expect(result.ancestors(of: "dtmi:a:Derived;1") == ["dtmi:a:Derived;1", "dtmi:a:Base;1"])
    #expect(result.ancestors(of: "dtmi:a:Part;1") == ["dtmi:a:Part;1"])
  }

  @Test func schemaReferenceResolvesToEnum() throws {
    let text = interface(
      "dtmi:a:B;1", #"[{"@type": "Property", "name": "s", "schema": "dtmi:a:B:S;1"}]"#,
      extra:
        #""schemas": [{"@id": "dtmi:a:B:S;1", "@type": "Enum", "valueSchema": "integer", "enumValues": [{"name": "one", "enumValue": 1}]}]"#
    )
    let result = try validate([text])
    #expect(result.problems.isEmpty, "\(result.problems)")
    let schema = result.interfaces["dtmi:a:B;1"]?.property(named: "s")?.schema
    #expect(
      schema
        == .enumeration(
          valueSchema: .integer, values: [DTDLEnumValue(name: "one", value: .number(1))]))
  }

  @Test func nestedComponentFailsInV3() throws {
    let inner = interface("dtmi:a:Inner;1")
    let middle = interface(
      "dtmi:a:Middle;1", #"[{"@type": "Component", "name": "i", "schema": "dtmi:a:Inner;1"}]"#)
    let outer = interface(
      "dtmi:a:Outer;1", #"[{"@type": "Component", "name": "m", "schema": "dtmi:a:Middle;1"}]"#)
    let result = try validate([inner, middle, outer])
    #expect(result.problems.map(\.rule) == ["nested-component"])
  }

  @Test func undefinedExtensionAllowedByOption() throws {
    let text = """
      {"@context": ["dtmi:dtdl:context;3", "dtmi:vendor:extension;1"], "@id": "dtmi:a:B;1",
       "@type": "Interface", "contents": [{"@type": ["Property", "Historized"], "name": "x", "schema": "double", "vendorKey": 1}]}
      """
    #expect(try validate([text]).problems.map(\.rule) == ["undefined-extension"])
    #expect(try validate([text], allowUndefinedExtensions: true).problems.isEmpty)
  }

  @Test func semanticTypeNeedsExtensionInV3() throws {
    let property =
      #"[{"@type": ["Telemetry", "Temperature"], "name": "t", "schema": "double", "unit": "degreeCelsius"}]"#
    let withContext = """
      {"@context": ["dtmi:dtdl:context;3", "dtmi:dtdl:extension:quantitativeTypes;1"], "@id": "dtmi:a:B;1",
       "@type": "Interface", "contents": \(property)}
      """
    #expect(try validate([withContext]).problems.isEmpty)
    #expect(
      try validate([interface("dtmi:a:B;1", property)]).problems.map(\.rule).contains(
        "undefined-type"))
    #expect(try validate([interface("dtmi:a:B;1", property, version: 2)]).problems.isEmpty)
    let stringSchema = property.replacingOccurrences(of: "\"double\"", with: "\"string\"")
    #expect(
      try validate([interface("dtmi:a:B;1", stringSchema, version: 2)]).problems.map(\.rule)
        == ["semantic-type-schema"])
  }

  @Test(arguments: [
    (
      #"[{"@type": "Property", "name": "a", "schema": {"@type": "Array", "elementSchema": "double"}}]"#,
      "array-in-property"
    ),
    (
      #"[{"@type": "Property", "name": "a234567890123456789012345678901234567890123456789012345678901234x", "schema": "double"}]"#,
      "name-too-long"
    ),
    (#"[{"@type": "CommandRequest", "name": "a", "schema": "double"}]"#, "undefined-type"),
  ])
  func v2OnlyRulesApply(contents: String, rule: String) throws {
    let result = try validate([interface("dtmi:a:B;1", contents, version: 2)])
    #expect(result.problems.map(\.rule).contains(rule), "\(result.problems)")
    #expect(
      try validate([interface("dtmi:a:B;1", contents)]).problems.allSatisfy { $0.rule != rule })
  }

  @Test func v2CannotExtendV3() throws {
    let v3 = interface("dtmi:a:New;1")
    let v2 = interface("dtmi:a:Old;1", extra: #""extends": "dtmi:a:New;1""#, version: 2)
    #expect(try validate([v3, v2]).problems.map(\.rule) == ["version-mismatch"])
    let v2Base = interface("dtmi:a:Old;1", version: 2)
    let v3Derived = interface("dtmi:a:New;1", extra: #""extends": "dtmi:a:Old;1""#)
    #expect(try validate([v2Base, v3Derived]).problems.isEmpty)
  }

  @Test func duplicateIDAcrossFilesFails() throws {
    let result = try validate([interface("dtmi:a:B;1"), interface("dtmi:a:B;1")])
    #expect(result.problems.map(\.rule) == ["duplicate-id"])
    #expect(result.problems.first?.file == "model1.json")
  }

  @Test func arrayFileHoldsSeveralModels() throws {
    let text =
      "[\(interface("dtmi:a:B;1")), \(interface("dtmi:a:C;1", extra: #""extends": "dtmi:a:B;1""#))]"
    let result = try validate([text])
    #expect(result.problems.isEmpty, "\(result.problems)")
    #expect(result.interfaces.keys.sorted() == ["dtmi:a:B;1", "dtmi:a:C;1"])
  }

  @Test func deepExtendsChainFails() throws {
    var texts: [String] = [interface("dtmi:a:I0;1")]
    for level in 1...11 {
      texts.append(
        interface("dtmi:a:I\(level);1", extra: "\"extends\": \"dtmi:a:I\(level - 1);1\""))
    }
    let result = try validate(texts)
    #expect(result.problems.map(\.rule) == ["extends-too-deep"])
    #expect(result.problems.first?.modelID == "dtmi:a:I11;1")
  }
}

extension DTDLValidatorTests {
  @Test func deeplyNestedSchemaFailsCleanly() throws {
    var schema = "\"double\""
    for _ in 0..<200 { schema = "{\"@type\": \"Array\", \"elementSchema\": \(schema)}" }
    let text = interface(
      "dtmi:a:B;1", "[{\"@type\": \"Property\", \"name\": \"p\", \"schema\": \(schema)}]")
    let result = try validate([text])
    #expect(
      result.problems.contains { $0.rule == "schema-too-deep" && $0.path == "$.contents[0].schema" }
    )
  }

  @Test func recursiveSchemaFails() throws {
    let text = interface(
      "dtmi:a:B;1", #"[{"@type": "Property", "name": "p", "schema": "dtmi:a:B:S;1"}]"#,
      extra:
        #""schemas": [{"@id": "dtmi:a:B:S;1", "@type": "Object", "fields": [{"name": "next", "schema": "dtmi:a:B:S;1"}]}]"#
    )
    let result = try validate([text])
    #expect(result.problems.map(\.rule) == ["recursive-schema"])
  }
}

extension DTDLValidatorTests {
  @Test func componentCycleFailsInV2() throws {
    let first = interface(
      "dtmi:a:First;1", #"[{"@type": "Component", "name": "second", "schema": "dtmi:a:Second;1"}]"#,
      version: 2)
    let second = interface(
      "dtmi:a:Second;1", #"[{"@type": "Component", "name": "first", "schema": "dtmi:a:First;1"}]"#,
      version: 2)
    let rules = try validate([first, second]).problems.map(\.rule)
    #expect(rules == ["component-cycle", "component-cycle"])
  }

  @Test func oversizedModelFails() throws {
    let description = String(repeating: "x", count: 500)
    let property =
      "{\"@type\": \"Property\", \"name\": \"p%d\", \"schema\": \"double\", \"description\": \"\(description)\"}"
    let contents = (0..<2200).map { property.replacingOccurrences(of: "%d", with: "\($0)") }
    let text = interface("dtmi:a:B;1", "[" + contents.joined(separator: ",") + "]")
    let result = try validate([text])
    #expect(result.problems.map(\.rule) == ["model-too-large"])
  }
}

extension DTDLValidatorTests {
  @Test(arguments: [
    ("Temperature", "degreeCelsius", true),
    ("Temperature", "metre", false),
    ("Humidity", "gramPerCubicMetre", true),
    ("TimeSpan", "second", true),
    ("TimeSpan", "percent", false),
  ])
  func semanticUnitMustMatchType(semanticType: String, unit: String, valid: Bool) throws {
    let text = """
      {"@context": ["dtmi:dtdl:context;3", "dtmi:dtdl:extension:quantitativeTypes;1"],
       "@id": "dtmi:a:B;1", "@type": "Interface", "contents": [{"@type": ["Telemetry", "\(semanticType)"],
       "name": "t", "schema": "double", "unit": "\(unit)"}]}
      """
    let rules = try validate([text]).problems.map(\.rule)
    #expect(rules == (valid ? [] : ["invalid-unit"]))
  }
}

extension DTDLValidatorTests {
  @Test func v3ModelMayHoldV2Element() throws {
    let v2Property =
      #"[{"@context": "dtmi:dtdl:context;2", "@type": "Property", "name": "p", "schema": "double"}]"#
    #expect(try validate([interface("dtmi:a:B;1", v2Property)]).problems.isEmpty)
    let v3Property = v2Property.replacingOccurrences(of: "context;2", with: "context;3")
    let rules = try validate([interface("dtmi:a:B;1", v3Property, version: 2)]).problems.map(\.rule)
    #expect(rules == ["invalid-context"])
  }
}

extension DTDLValidatorTests {
  @Test func dependencyResolvesReference() throws {
    let base = try JSONValue(
      parsing: interface(
        "dtmi:a:Base;1", #"[{"@type": "Property", "name": "x", "schema": "double"}]"#))
    let derived = try JSONValue(
      parsing: interface("dtmi:a:Derived;1", extra: #""extends": "dtmi:a:Base;1""#))
    let result = DTDLValidator().validate(
      documents: [(path: "derived.json", json: derived)],
      dependencies: [(path: "base.json", json: base)])
    #expect(result.problems.isEmpty, "\(result.problems)")
    #expect(result.interfaces.keys.sorted() == ["dtmi:a:Derived;1"])
    #expect(result.interfaces["dtmi:a:Derived;1"]?.property(named: "x")?.schema == .double)
  }

  @Test func dependencyIDCannotRepeat() throws {
    let model = try JSONValue(parsing: interface("dtmi:a:Base;1"))
    let result = DTDLValidator().validate(
      documents: [(path: "new.json", json: model)], dependencies: [(path: "old.json", json: model)])
    #expect(result.problems.map(\.rule) == ["duplicate-id"])
    #expect(result.problems.first?.file == "new.json")
  }
}

extension DTDLValidatorTests {
  @Test func longExtendsChainFailsCleanly() throws {
    var texts: [String] = [interface("dtmi:a:I0;1")]
    for level in 1...3000 {
      texts.append(
        interface("dtmi:a:I\(level);1", extra: "\"extends\": \"dtmi:a:I\(level - 1);1\""))
    }
    let result = try validate(texts)
    #expect(result.problems.contains { $0.rule == "extends-too-deep" })
    let rules = Set(result.problems.map(\.rule))
    #expect(rules.isSubset(of: ["extends-too-deep", "too-many-ancestors"]), "\(rules)")
  }

  @Test func longSchemaChainFailsCleanly() throws {
    var schemas: [String] = []
    for level in 0..<3000 {
      let next = level == 2999 ? "\"double\"" : "\"dtmi:a:B:S\(level + 1);1\""
      schemas.append(
        "{\"@id\": \"dtmi:a:B:S\(level);1\", \"@type\": \"Array\", \"elementSchema\": \(next)}")
    }
    let text = interface(
      "dtmi:a:B;1", #"[{"@type": "Property", "name": "p", "schema": "dtmi:a:B:S0;1"}]"#,
      extra: "\"schemas\": [" + schemas.joined(separator: ",") + "]")
    let result = try validate([text])
    #expect(result.problems.contains { $0.rule == "schema-too-deep" })
  }

  @Test func maximumJSONNestingFailsCleanly() throws {
    var schema = "\"double\""
    for _ in 0..<500 { schema = "{\"@type\": \"Array\", \"elementSchema\": \(schema)}" }
    let text = interface(
      "dtmi:a:B;1", "[{\"@type\": \"Property\", \"name\": \"p\", \"schema\": \(schema)}]")
    let result = try validate([text])
    #expect(result.problems.contains { $0.rule == "schema-too-deep" })
  }
}
