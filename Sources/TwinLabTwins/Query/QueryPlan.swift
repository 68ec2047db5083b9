import TwinLabModel

/// A twin or relationship bound to an alias while a query runs.
enum BoundElement {
  case twin(DigitalTwin)
  case relationship(Relationship)

  var json: JSONValue {
    switch self {
    case .twin(let twin): twin.json
    case .relationship(let relationship): relationship.json
    }
  }

  /// Returns the value at `segments`, or `nil` when the item has none there.
  func value(at segments: ArraySlice<String>) -> JSONValue? {
    guard let first = segments.first else { return json }
    return value(first: MemberKey(first), rest: segments.dropFirst())
  }

  /// Returns the value at a member and the path below it. The compiled query
  /// classifies `first` once, so rows need no string comparisons for it.
  func value(first: MemberKey, rest: ArraySlice<String>) -> JSONValue? {
    var value: JSONValue?
    switch (self, first) {
    case (.twin(let twin), .dtId): value = .string(twin.id)
    case (.twin(let twin), .etag): value = .string(twin.etag)
    case (.twin(let twin), .member(let name)): value = twin.contents[name]
    case (.twin(let twin), _): value = twin.contents[first.name]
    case (.relationship(let relationship), .relationshipId): value = .string(relationship.id)
    case (.relationship(let relationship), .etag): value = .string(relationship.etag)
    case (.relationship(let relationship), .sourceId): value = .string(relationship.sourceId)
    case (.relationship(let relationship), .targetId): value = .string(relationship.targetId)
    case (.relationship(let relationship), .relationshipName): value = .string(relationship.name)
    case (.relationship(let relationship), _): value = relationship.properties[first.name]
    }
    for segment in rest {
      guard case .object(let object)? = value else { return nil }
      value = object[segment]
    }
    return value
  }
}

/// The first member of a property path: a system member such as `$dtId`, or a
/// property or component name.
enum MemberKey {
  case dtId, etag, relationshipId, sourceId, targetId, relationshipName
  case member(String)

  init(_ name: String) {
    switch name {
    case "$dtId": self = .dtId
    case "$etag": self = .etag
    case "$relationshipId": self = .relationshipId
    case "$sourceId": self = .sourceId
    case "$targetId": self = .targetId
    case "$relationshipName": self = .relationshipName
    default: self = .member(name)
    }
  }

  var name: String {
    switch self {
    case .dtId: "$dtId"
    case .etag: "$etag"
    case .relationshipId: "$relationshipId"
    case .sourceId: "$sourceId"
    case .targetId: "$targetId"
    case .relationshipName: "$relationshipName"
    case .member(let name): name
    }
  }
}

/// A query compiled against a store's models: aliases resolved to slots and the
/// WHERE clause turned into closures, so evaluation does no name lookups per row.
struct QueryPlan {
  typealias Row = [BoundElement?]
  typealias Predicate = (Row) -> Bool

  struct Join {
    var sourceSlot: Int
    var targetSlot: Int
    var relationshipSlot: Int?
    var name: String
  }

  struct Projection {
    var slot: Int
    var segments: [String]
    var key: String
  }

  var statement: QueryStatement
  /// Alias names by slot; slot 0 is the FROM collection.
  var aliases: [String?]
  var joins: [Join] = []
  var projections: [Projection] = []
  var predicate: Predicate?
  /// Twin ids that the WHERE clause pins for slot 0 with `$dtId = ...` or `IN`.
  var pinnedIds: [String]?

  init(_ statement: QueryStatement, descendants: (String) -> [String]) throws(TwinStoreError) {
    self.statement = statement
    aliases = [statement.alias]
    for join in statement.joins {
      guard let source = aliases.firstIndex(where: { $0 == join.source }) else {
        throw .query("the alias '\(join.source)' in JOIN is not defined", column: join.column)
      }
      if aliases.contains(where: { $0 == join.target }) {
        throw .query("the alias '\(join.target)' is defined twice", column: join.column)
      }
      aliases.append(join.target)
      var relationshipSlot: Int?
      if let relationshipAlias = join.relationshipAlias {
        aliases.append(relationshipAlias)
        relationshipSlot = aliases.count - 1
      }
      joins.append(
        Join(
          sourceSlot: source, targetSlot: relationshipSlot.map { $0 - 1 } ?? aliases.count - 1,
          relationshipSlot: relationshipSlot, name: join.relationshipName))
    }

    switch statement.selection {
    case .all where !joins.isEmpty:
      throw .query("SELECT * cannot be used with JOIN; select aliases instead", column: 8)
    case .items(let items):
      for item in items {
        let (slot, segments) = try resolve(item.path)
        let key = item.name ?? segments.last ?? aliases[slot] ?? item.path.text
        projections.append(Projection(slot: slot, segments: segments, key: key))
      }
    default:
      break
    }

    if let condition = statement.condition {
      predicate = try compile(condition, descendants: descendants)
      pinnedIds = Self.pins(in: condition, plan: self, slot: 0)
      if !joins.isEmpty,
        !(0..<aliases.count).contains(where: {
          Self.pins(in: condition, plan: self, slot: $0) != nil
        })
      {
        throw .query("a query with JOIN must fix some twin's $dtId in WHERE", column: 1)
      }
    } else if !joins.isEmpty {
      throw .query("a query with JOIN must fix some twin's $dtId in WHERE", column: 1)
    }
  }

  /// Returns the slot and the property segments a path refers to.
  func resolve(_ path: QueryPath) throws(TwinStoreError) -> (Int, [String]) {
    if let first = path.segments.first, let slot = aliases.firstIndex(where: { $0 == first }) {
      return (slot, Array(path.segments.dropFirst()))
    }
    if aliases.count == 1 { return (0, path.segments) }
    let names = aliases.compactMap { $0 }.joined(separator: ", ")
    throw .query(
      "'\(path.text)' must start with an alias when the query has JOIN; the aliases are \(names)",
      column: path.column)
  }

  private func accessor(
    _ path: QueryPath
  ) throws(TwinStoreError) -> (Row) -> JSONValue? {
    let (slot, segments) = try resolve(path)
    guard let first = segments.first else { return { row in row[slot]?.json } }
    let key = MemberKey(first)
    let rest = segments.dropFirst()
    return { row in row[slot]?.value(first: key, rest: rest) }
  }

  private func compile(
    _ condition: QueryCondition, descendants: (String) -> [String]
  ) throws(TwinStoreError) -> Predicate {
    switch condition {
    case .and(let left, let right):
      let first = try compile(left, descendants: descendants)
      let second = try compile(right, descendants: descendants)
      return { first($0) && second($0) }
    case .or(let left, let right):
      let first = try compile(left, descendants: descendants)
      let second = try compile(right, descendants: descendants)
      return { first($0) || second($0) }
    case .not(let inner):
      let compiled = try compile(inner, descendants: descendants)
      return { !compiled($0) }
    case .constant(let value):
      return { _ in value }
    case .comparison(let left, let op, let right, _):
      return try compileComparison(left, op, right)
    case .membership(let path, let values, let negated):
      let get = try accessor(path)
      return { row in
        guard let value = get(row) else { return false }
        return values.contains { QueryValues.equal(value, $0) } != negated
      }
    case .isOfModel(let alias, let model, let exact):
      var slot = 0
      if let alias {
        guard alias.segments.count == 1,
          let found = aliases.firstIndex(where: { $0 == alias.segments[0] })
        else {
          throw .query("'\(alias.text)' is not an alias of this query", column: alias.column)
        }
        slot = found
      } else if aliases.count > 1 {
        throw .query("IS_OF_MODEL needs an alias in a query with JOIN", column: 1)
      }
      // The models that pass the test are listed once here, because comparing a
      // twin's model id with a few strings is cheaper per row than hashing it.
      let accepted = exact ? [model] : descendants(model)
      return { row in
        guard case .twin(let twin)? = row[slot] else { return false }
        return accepted.contains(twin.modelId)
      }
    case .typeCheck(let check, let path):
      let get = try accessor(path)
      return { row in QueryValues.check(check, get(row)) }
    case .stringMatch(let match, let path, let needle):
      let get = try accessor(path)
      return { row in
        guard case .string(let text)? = get(row) else { return false }
        switch match {
        case .startsWith: return text.hasPrefix(needle)
        case .endsWith: return text.hasSuffix(needle)
        case .contains: return needle.isEmpty || text.contains(needle)
        }
      }
    case .arrayContains(let path, let needle):
      let get = try accessor(path)
      return { row in
        guard case .array(let elements)? = get(row) else { return false }
        return elements.contains { QueryValues.equal($0, needle) }
      }
    }
  }

  private func compileComparison(
    _ left: QueryOperand, _ op: ComparisonOperator, _ right: QueryOperand
  ) throws(TwinStoreError) -> Predicate {
    switch (left, right) {
    case (.path(let path), .literal(let literal)):
      let get = try accessor(path)
      return { row in
        guard let value = get(row) else { return false }
        return QueryValues.compare(value, op, literal)
      }
    case (.literal(let literal), .path(let path)):
      let get = try accessor(path)
      return { row in
        guard let value = get(row) else { return false }
        return QueryValues.compare(literal, op, value)
      }
    case (.path(let leftPath), .path(let rightPath)):
      let first = try accessor(leftPath)
      let second = try accessor(rightPath)
      return { row in
        guard let a = first(row), let b = second(row) else { return false }
        return QueryValues.compare(a, op, b)
      }
    case (.literal(let a), .literal(let b)):
      let result = QueryValues.compare(a, op, b)
      return { _ in result }
    }
  }

  /// Returns the `$dtId` values that `condition` requires for the twin in `slot`, found in
  /// its top-level AND terms, or `nil` when it requires none.
  static func pins(in condition: QueryCondition, plan: QueryPlan, slot: Int) -> [String]? {
    func isIdPath(_ path: QueryPath) -> Bool {
      guard let (found, segments) = try? plan.resolve(path) else { return false }
      return found == slot && segments == ["$dtId"]
    }
    switch condition {
    case .and(let left, let right):
      return pins(in: left, plan: plan, slot: slot) ?? pins(in: right, plan: plan, slot: slot)
    case .comparison(.path(let path), .equal, .literal(.string(let id)), _),
      .comparison(.literal(.string(let id)), .equal, .path(let path), _):
      return isIdPath(path) ? [id] : nil
    case .membership(let path, let values, negated: false):
      guard isIdPath(path) else { return nil }
      return values.compactMap {
        if case .string(let id) = $0 { return id }
        return nil
      }
    default:
      return nil
    }
  }
}
