import TwinLabModel

/// A parsed query, before aliases are resolved.
struct QueryStatement {
  enum Selection {
    case all
    case count
    case items([ProjectionItem])
  }

  enum Collection {
    case twins
    case relationships
  }

  var selection: Selection
  var top: Int?
  var collection: Collection
  var alias: String?
  var joins: [JoinClause]
  var condition: QueryCondition?
}

/// A property path as written: `T.name`, `$dtId`, `$metadata.$model`.
struct QueryPath {
  var segments: [String]
  var column: Int

  var text: String { segments.joined(separator: ".") }
}

struct ProjectionItem {
  var path: QueryPath
  var name: String?
}

/// `JOIN target RELATED source.relationshipName [relationshipAlias]`.
struct JoinClause {
  var target: String
  var source: String
  var relationshipName: String
  var relationshipAlias: String?
  var column: Int
}

enum ComparisonOperator: String {
  case equal = "="
  case notEqual = "!="
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="
}

enum QueryOperand {
  case path(QueryPath)
  case literal(JSONValue)
}

/// Type checks: `IS_DEFINED`, `IS_NULL`, `IS_BOOL`, `IS_NUMBER`, `IS_STRING`,
/// `IS_PRIMITIVE`, `IS_OBJECT`.
enum TypeCheck: String, CaseIterable {
  case defined = "IS_DEFINED"
  case null = "IS_NULL"
  case bool = "IS_BOOL"
  case number = "IS_NUMBER"
  case string = "IS_STRING"
  case primitive = "IS_PRIMITIVE"
  case object = "IS_OBJECT"
}

enum StringMatch: String, CaseIterable {
  case startsWith = "STARTSWITH"
  case endsWith = "ENDSWITH"
  case contains = "CONTAINS"
}

indirect enum QueryCondition {
  case and(QueryCondition, QueryCondition)
  case or(QueryCondition, QueryCondition)
  case not(QueryCondition)
  case comparison(QueryOperand, ComparisonOperator, QueryOperand, column: Int)
  case membership(QueryPath, [JSONValue], negated: Bool)
  case isOfModel(alias: QueryPath?, model: String, exact: Bool)
  case typeCheck(TypeCheck, QueryPath)
  case stringMatch(StringMatch, QueryPath, String)
  case arrayContains(QueryPath, JSONValue)
  case constant(Bool)
}
