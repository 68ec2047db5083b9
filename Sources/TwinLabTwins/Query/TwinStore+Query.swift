import TwinLabModel

extension TwinStore {
  /// The page size when the caller names none.
  public static let defaultPageSize = 100
  /// Maximum page size (`max-items-per-page`).
  public static let maxPageSize = 1000

  /// Runs a query and returns its first page.
  ///
  /// Rows come in ascending `$dtId` order (relationships: source id, then
  /// relationship id; joins: the FROM twin, then relationship id).
  ///
  /// - Parameter pageSize: rows per page, 1 to 1000; `nil` means 100.
  /// - Throws: `SqlQueryError` (400) with the column of the fault, `InvalidArgument`
  ///   for a page size out of range.
  public func query(_ text: String, pageSize: Int? = nil) throws(TwinStoreError) -> QueryPage {
    try runQuery(text, offset: 0, pageSize: pageSize)
  }

  /// Returns the page that `continuationToken` from an earlier page points to.
  ///
  /// - Throws: `BadRequest` (400) for a token this store did not issue.
  public func query(
    continuationToken: String, pageSize: Int? = nil
  ) throws(TwinStoreError) -> QueryPage {
    let (text, offset) = try ContinuationToken.decode(continuationToken)
    return try runQuery(text, offset: offset, pageSize: pageSize)
  }

  /// Runs a query and follows continuation tokens to return every row.
  public func queryAll(_ text: String) throws(TwinStoreError) -> [JSONValue] {
    var page = try query(text, pageSize: Self.maxPageSize)
    var rows = page.rows
    while let token = page.continuationToken {
      page = try query(continuationToken: token, pageSize: Self.maxPageSize)
      rows += page.rows
    }
    return rows
  }

  private func runQuery(
    _ text: String, offset: Int, pageSize: Int?
  ) throws(TwinStoreError) -> QueryPage {
    let size = pageSize ?? Self.defaultPageSize
    guard (1...Self.maxPageSize).contains(size) else {
      throw .invalidArgument(
        "The page size \(size) is out of range; max-items-per-page must be 1 to "
          + "\(Self.maxPageSize).")
    }
    let statement = try QueryParser.parse(text)
    let plan = try QueryPlan(statement, descendants: descendants(of:))

    if case .count = statement.selection {
      let count = matchingRows(plan, limit: nil, countOnly: true).count
      return QueryPage(rows: [.object(["COUNT": .number(Double(count))])], continuationToken: nil)
    }
    let matched = matchingRows(plan, limit: statement.top, countOnly: false).rows
    let start = min(offset, matched.count)
    let end = min(start + size, matched.count)
    let rows = matched[start..<end].map { render($0, plan: plan) }
    let token = end < matched.count ? ContinuationToken.encode(query: text, offset: end) : nil
    return QueryPage(rows: rows, continuationToken: token)
  }

  /// Collects the rows that pass the WHERE clause, at most `limit` of them.
  private func matchingRows(
    _ plan: QueryPlan, limit: Int?, countOnly: Bool
  ) -> (rows: [QueryPlan.Row], count: Int) {
    var rows: [QueryPlan.Row] = []
    var count = 0
    let limit = limit ?? Int.max
    var row = QueryPlan.Row(repeating: nil, count: plan.aliases.count)

    func accept() -> Bool {
      if let predicate = plan.predicate, !predicate(row) { return true }
      count += 1
      if !countOnly { rows.append(row) }
      return count < limit
    }

    func expand(_ joinIndex: Int) -> Bool {
      guard joinIndex < plan.joins.count else { return accept() }
      let join = plan.joins[joinIndex]
      guard case .twin(let source)? = row[join.sourceSlot], let all = outgoing[source.id] else {
        return true
      }
      for relationshipId in all.keys.sorted() {
        guard let relationship = all[relationshipId], relationship.name == join.name,
          let target = twins[relationship.targetId]
        else { continue }
        row[join.targetSlot] = .twin(target)
        if let slot = join.relationshipSlot { row[slot] = .relationship(relationship) }
        if !expand(joinIndex + 1) { return false }
      }
      row[join.targetSlot] = nil
      if let slot = join.relationshipSlot { row[slot] = nil }
      return true
    }

    guard limit > 0 else { return ([], 0) }
    switch plan.statement.collection {
    case .relationships:
      for relationship in allRelationships() {
        row[0] = .relationship(relationship)
        if !accept() { break }
      }
    case .twins:
      let ids = plan.pinnedIds.map { Array(Set($0)).sorted() } ?? twinIds
      for id in ids {
        guard let twin = twins[id] else { continue }
        row[0] = .twin(twin)
        if !expand(0) { break }
      }
    }
    return (rows, count)
  }

  /// `modelId` and every stored model that extends it, directly or not.
  func descendants(of modelId: String) -> [String] {
    [modelId] + models.keys.sorted().filter { $0 != modelId && lineage(of: $0).contains(modelId) }
  }

  private func render(_ row: QueryPlan.Row, plan: QueryPlan) -> JSONValue {
    switch plan.statement.selection {
    case .all, .count:
      return row[0]?.json ?? .null
    case .items:
      var object = JSONObject()
      for projection in plan.projections {
        guard let item = row[projection.slot],
          let value = item.value(at: projection.segments[...])
        else { continue }
        object[projection.key] = value
      }
      return .object(object)
    }
  }
}
