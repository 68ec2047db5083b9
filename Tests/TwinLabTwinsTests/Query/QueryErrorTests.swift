import Testing
import TwinLabModel

@testable import TwinLabTwins

@Suite struct QueryErrorTests {
  /// Bad queries, the column of the fault and a word the message must contain.
  @Test(arguments: [
    ("foo", 1, "SELECT"),
    ("SELECT", 7, "projection"),
    ("SELECT * FROM", 14, "DIGITALTWINS"),
    ("SELECT * FROM TWINS", 15, "TWINS"),
    ("SELECT * FROM DIGITALTWINS WHERE", 33, "end of query"),
    ("SELECT * FROM DIGITALTWINS WHERE temp == 1", 40, "="),
    ("SELECT * FROM DIGITALTWINS WHERE name = 'open", 41, "closing"),
    ("SELECT * FROM DIGITALTWINS WHERE temp # 1", 39, "#"),
    ("SELECT * FROM DIGITALTWINS WHERE temp IN 1", 42, "'['"),
    ("SELECT * FROM DIGITALTWINS WHERE STARTSWTH(name, 'a')", 34, "STARTSWITH"),
    ("SELECT * FROM DIGITALTWINS WHERE STARTSWITH(name, 1)", 51, "string"),
    ("SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL(X, 'dtmi:a:B;1')", 46, "alias"),
    ("SELECT * FROM DIGITALTWINS WHERE (temp = 1", 43, "')'"),
    ("SELECT TOP(x) FROM DIGITALTWINS", 12, "TOP"),
    ("SELECT * FROM DIGITALTWINS T JOIN D RELATED T.contains WHERE T.$dtId = 'r1'", 8, "JOIN"),
    ("SELECT D FROM DIGITALTWINS T JOIN D RELATED X.contains WHERE T.$dtId = 'r1'", 30, "X"),
    ("SELECT D FROM DIGITALTWINS T JOIN D RELATED T.contains", 1, "$dtId"),
    (
      "SELECT D FROM DIGITALTWINS T JOIN D RELATED T.contains WHERE T.$dtId = 'r1' AND temp = 1",
      81, "alias"
    ),
    ("SELECT R FROM RELATIONSHIPS R JOIN D RELATED R.x", 31, "JOIN"),
    ("SELECT * FROM DIGITALTWINS MATCH (a)-[]->(b)", 28, "MATCH"),
    ("SELECT * FROM DIGITALTWINS WHERE 1 = 1", 34, "property"),
    ("SELECT * FROM DIGITALTWINS extra tokens", 34, "end of the query"),
  ])
  func badQueryReportsColumn(query: String, column: Int, named: String) throws {
    let store = try QueryTests.seeded()
    let error = #expect(throws: TwinStoreError.self) { try store.query(query) }
    #expect(error?.code == "SqlQueryError")
    #expect(error?.status == 400)
    #expect(error?.column == column, "\(error?.message ?? "")")
    #expect(error?.message.contains(named) == true, "\(error?.message ?? "")")
    #expect(error?.message.contains("Position=\(column - 1)") == true)
  }

  @Test func queryLimitsAreEnforced() throws {
    let store = try QueryTests.seeded()
    let longQuery =
      "SELECT * FROM DIGITALTWINS WHERE name = '" + String(repeating: "a", count: 8000) + "'"
    let tooLong = #expect(throws: TwinStoreError.self) { try store.query(longQuery) }
    #expect(tooLong?.message.contains("8000") == true)

    let terms = (0...51).map { "temp = \($0)" }.joined(separator: " OR ")
    let tooMany = #expect(throws: TwinStoreError.self) {
      try store.query("SELECT * FROM DIGITALTWINS WHERE " + terms)
    }
    #expect(tooMany?.message.contains("50") == true)

    let list = (0...100).map(String.init).joined(separator: ", ")
    let tooLongList = #expect(throws: TwinStoreError.self) {
      try store.query("SELECT * FROM DIGITALTWINS WHERE temp IN [\(list)]")
    }
    #expect(tooLongList?.message.contains("100") == true)

    let joins = (1...6).map { "JOIN A\($0) RELATED T.contains" }.joined(separator: " ")
    let tooManyJoins = #expect(throws: TwinStoreError.self) {
      try store.query("SELECT T FROM DIGITALTWINS T \(joins) WHERE T.$dtId = 'r1'")
    }
    #expect(tooManyJoins?.message.contains("5") == true)
  }
}
