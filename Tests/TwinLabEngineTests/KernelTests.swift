import Testing

@testable import TwinLabEngine

@Suite struct KernelTests {
  @Test func entityQueueKeepsOrder() {
    var queue = EntityQueue()
    for entity in 0..<200 { queue.append(entity) }
    var taken: [Int] = []
    for _ in 0..<150 { taken.append(queue.removeFirst()) }
    #expect(taken == Array(0..<150))
    queue.remove(170)
    queue.moveFirst(10, to: &taken)
    #expect(taken.suffix(10) == Array(150..<160))
    #expect(queue.count == 39)
    #expect(queue.first == 160)
    queue.remove(160)
    #expect(queue.first == 161)
  }

  @Test func eventQueueOrdersByTimePriorityAndSequence() {
    var queue = EventQueue()
    queue.schedule(.arrival(process: 0, rule: 1), at: 10)
    queue.schedule(.arrival(process: 0, rule: 2), at: 10)
    queue.schedule(.phaseEnd(unit: 0, token: 0), at: 10)
    queue.schedule(.shiftBoundary(index: 0), at: 10)
    queue.schedule(.warmupEnd, at: 5)
    var order: [EventKind] = []
    while let event = queue.removeFirst() { order.append(event.kind) }
    #expect(
      order == [
        .warmupEnd, .shiftBoundary(index: 0), .phaseEnd(unit: 0, token: 0),
        .arrival(process: 0, rule: 1), .arrival(process: 0, rule: 2),
      ])
  }

  @Test func holdModelKeepsPendingCount() {
    let outcome = HoldModel(pending: 1_000).run(operations: 10_000)
    #expect(outcome.eventsProcessed == 10_000)
    #expect(outcome.bytesPerPendingEvent <= 200)
    #expect(outcome.finalTime > 0)
  }
}
