import Testing
import TwinLabModel

@testable import TwinLabTwins

@Suite struct ModelStoreTests {
  @Test func uploadListsModelsById() throws {
    let store = try StoreFixtures.store()
    let ids = store.listModels().map(\.id)
    #expect(ids == ids.sorted())
    #expect(ids.count == 5)
    #expect(try store.model(StoreFixtures.room).isDecommissioned == false)
  }

  @Test func duplicateUploadChangesNothing() throws {
    var store = try StoreFixtures.store()
    let before = store.snapshotJSON
    let fresh = DTDLInterface(id: "dtmi:test:New;1")
    let duplicate = DTDLInterface(id: StoreFixtures.room)
    let error = #expect(throws: TwinStoreError.self) {
      try store.uploadModels([fresh, duplicate])
    }
    #expect(error?.status == 409)
    #expect(error?.code == "ModelIdAlreadyExists")
    #expect(error?.message.contains(StoreFixtures.room) == true)
    #expect(store.snapshotJSON == before)
    #expect(throws: TwinStoreError.self) { try store.model("dtmi:test:New;1") }
  }

  @Test(arguments: [
    ([DTDLInterface](), 400, "InvalidArgument"),
    (
      [DTDLInterface(id: "dtmi:a:A;1"), DTDLInterface(id: "dtmi:a:A;1")], 409,
      "ModelIdAlreadyExists"
    ),
    ([DTDLInterface(id: "dtmi:a:B;1", extends: ["dtmi:a:Missing;1"])], 400, "DTDLParserError"),
    (
      [
        DTDLInterface(
          id: "dtmi:a:C;1", components: [DTDLComponent(name: "c", schema: "dtmi:a:X;1")])
      ],
      400, "DTDLParserError"
    ),
    ((0...250).map { DTDLInterface(id: "dtmi:a:M\($0);1") }, 400, "LimitExceeded"),
  ])
  func badUploadIsRejected(interfaces: [DTDLInterface], status: Int, code: String) throws {
    var store = try StoreFixtures.store()
    let error = #expect(throws: TwinStoreError.self) { try store.uploadModels(interfaces) }
    #expect(error?.status == status)
    #expect(error?.code == code)
    #expect(store.listModels().count == 5)
  }

  @Test func referencedModelCannotBeDeleted() throws {
    var store = try StoreFixtures.store()
    let error = #expect(throws: TwinStoreError.self) { try store.deleteModel(StoreFixtures.device) }
    #expect(error?.status == 409)
    #expect(error?.code == "ModelReferencesNotDeleted")
    #expect(error?.message.contains(StoreFixtures.pump) == true)
    try store.deleteModel(StoreFixtures.pump)
    try store.deleteModel(StoreFixtures.device)
    let missing = #expect(throws: TwinStoreError.self) { try store.model(StoreFixtures.device) }
    #expect(missing?.code == "ModelNotFound")
    #expect(missing?.status == 404)
  }

  @Test func modelWithTwinsCanBeDeleted() throws {
    var store = try StoreFixtures.store()
    try store.createOrReplaceTwin("f1", StoreFixtures.body(model: StoreFixtures.floor))
    try store.deleteModel(StoreFixtures.floor)
    #expect(try store.twin("f1").modelId == StoreFixtures.floor)
    let error = #expect(throws: TwinStoreError.self) {
      try store.updateTwin("f1", patch: .array([]))
    }
    #expect(error?.code == "ValidationFailed")
  }

  @Test func decommissionedModelRejectsNewTwins() throws {
    var store = try StoreFixtures.store()
    try store.createOrReplaceTwin("d1", StoreFixtures.body(model: StoreFixtures.device))
    try store.decommissionModel(StoreFixtures.device)
    let error = #expect(throws: TwinStoreError.self) {
      try store.createOrReplaceTwin("d2", StoreFixtures.body(model: StoreFixtures.device))
    }
    #expect(error?.code == "ModelDecommissioned")
    #expect(error?.status == 400)
    try store.updateTwin(
      "d1", patch: try StoreFixtures.json(#"[{"op":"add","path":"/load","value":2}]"#))
    #expect(
      try store.model(StoreFixtures.device).json().serialized().contains(#""decommissioned":true"#))
  }
}
