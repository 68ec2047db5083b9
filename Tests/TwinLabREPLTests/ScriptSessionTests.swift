import Foundation
import Testing

@testable import TwinLabREPL

/// Sessions piped into the built `twinlab repl`, one per command and error case.
@Suite("REPL scripts through a pipe")
struct ScriptSessionTests {
  struct Case: CustomStringConvertible, Sendable {
    var name: String
    var input: String
    var loadsScenario = true
    var status: Int32 = 0
    var output: [String] = []
    var error: [String] = []
    var absent: [String] = []
    var description: String { name }
  }

  static let commandCases: [Case] = [
    Case(name: "help lists commands", input: ":help\n", output: [":run [DURATION", ":quit"]),
    Case(
      name: "help explains one command", input: ":help patch\n",
      output: [":patch ID OP PATH [VALUE]", "repl.patch"]),
    Case(name: "status at the start", input: ":status\n", output: ["clock    06:00:00", "wip"]),
    Case(name: "run for a duration", input: ":run 2h\n", output: ["clock 08:00:00"]),
    Case(name: "run to a time of day", input: ":run until 14:00\n", output: ["clock 14:00:00"]),
    Case(name: "run paced", input: ":run 10min pace 100000x\n", output: ["clock 06:10:00"]),
    Case(name: "step events", input: ":step 3\n", output: ["3 events"]),
    Case(name: "pause a run", input: ":run 1h\n:pause\n", output: ["paused at 07:00:00"]),
    Case(
      name: "reset the clock", input: ":run 1h\n:reset\n:status\n",
      output: ["clock    06:00:00"]),
    Case(name: "kpis after a run", input: ":run 1d\n:kpis\n", output: ["products", "bottleneck"]),
    Case(name: "devices list units", input: ":devices\n", output: ["centrifuge-2", "Idle"]),
    Case(name: "queue of a step", input: ":run 2h\n:queue spin\n", absent: ["error"]),
    Case(
      name: "trace prints changes", input: ":trace on\n:step 2\n",
      output: ["trace on", "[06:00:00]"]),
    Case(name: "twins lists ids", input: ":twins\n", output: ["centrifuge-1", "labeler-1"]),
    Case(
      name: "twins runs a query",
      input: ":twins SELECT * FROM DIGITALTWINS T WHERE T.deviceType = 'press'\n",
      output: ["press-1", "press-2"], absent: ["centrifuge"]),
    Case(
      name: "twin shows one", input: ":twin centrifuge-1\n",
      output: ["centrifuge-1", "deviceType", "unitIndex"]),
    Case(
      name: "patch a twin status",
      input: ":patch centrifuge-1 replace /status \"Down\"\n"
        + ":query SELECT T.status FROM DIGITALTWINS T WHERE T.$dtId = 'centrifuge-1'\n",
      output: ["{ status: \"Down\" }"]),
    Case(
      name: "query counts unit twins",
      input: ":query SELECT COUNT() FROM DIGITALTWINS T"
        + " WHERE IS_OF_MODEL(T, 'dtmi:twinlab:Device;1')\n",
      // The lab has 1 scanner, 2 centrifuges, 2 presses, 3 pooling benches,
      // 1 QC bench and 1 labeler.
      output: ["{ COUNT: 10 }"]),
    Case(name: "backend mock", input: ":backend mock\n:twins\n", output: ["backend mock"]),
    Case(name: "models lists ids", input: ":models\n", output: ["dtmi:twinlab:Device;1"]),
    Case(name: "vars lists names", input: "let answer = 42\n:vars\n", output: ["answer"]),
    Case(
      name: "quit ends the script", input: ":quit\nprint(\"after\")\n", absent: ["after"]),
    Case(name: "reload the file", input: ":reload\n", output: ["reloaded"]),
    Case(
      name: "load a file", input: ":load scenarios/platelet-lab.lab\n:status\n",
      loadsScenario: false, output: ["loaded scenarios/platelet-lab.lab", "06:00:00"]),
  ]

  static let languageCases: [Case] = [
    Case(
      name: "expression prints value", input: "let x = 2 * 3\nx\n", loadsScenario: false,
      output: ["6"]),
    Case(
      name: "print shows no none", input: "print(\"hi\")\n", loadsScenario: false,
      output: ["hi"], absent: ["none"]),
    Case(
      name: "function over lines", input: "fn twice(n) {\n  return n * 2\n}\ntwice(4)\n",
      loadsScenario: false, output: ["8"]),
    Case(
      name: "repl functions drive engine",
      input: "repl.run(2h)\nlet s = repl.status()\nprint(s.clock)\n",
      output: ["08:00:00"]),
    Case(
      name: "repl run paced by name", input: "repl.run(\"30min\", pace: 100000)\n",
      output: ["clock 06:30:00"]),
    Case(
      name: "repl patch from the language",
      input: "repl.patch(\"press-2\", \"replace\", \"/status\", \"Down\")\n:devices\n",
      output: ["press-2\", status: \"Down\""]),
    Case(
      name: "simulate returns a record",
      input: "let r = simulate(lab, horizon: 2d, warmup: 1d)\nprint(r.bottleneck)\n",
      output: ["tech"]),
  ]

  static let twinsModuleCases: [Case] = [
    Case(
      name: "twins module reads same graph",
      input: ":run 1h\nlet t = twins.get(\"centrifuge-1\")\nprint(t.deviceType)\n",
      output: ["centrifuge"]),
    Case(
      name: "twins patch drives engine",
      input: ":run 1h\n"
        + "twins.patch(\"press-1\", [{ op: \"replace\", path: \"/status\", value: \"Down\" }])\n"
        + ":run 10min\n:devices\n",
      output: ["{ unit: \"press-1\", status: \"Down\" }"]),
    Case(
      name: "twins connect switches backend",
      input: "twins.connect(\"mock\")\n:twins\n",
      output: ["central-processing-lab", "centrifuge-1"]),
  ]

  static let errorCases: [Case] = [
    Case(
      name: "syntax error stops", input: "let = 3\nprint(\"after\")\n", loadsScenario: false,
      status: 65, error: ["<stdin>:1:"], absent: ["after"]),
    Case(
      name: "undefined name has line", input: "let a = 1\n\nnope\n", loadsScenario: false,
      status: 65, error: ["<stdin>:3:1: error: undefined name 'nope'"]),
    Case(
      name: "unit mismatch is language", input: "5min + 3\n", loadsScenario: false,
      status: 65, error: ["<stdin>:1:"]),
    Case(
      name: "unknown command suggests", input: ":stauts\n", status: 65,
      error: ["<stdin>:1:1: error: unknown command ':stauts'; did you mean ':status'?"]),
    Case(
      name: "bad duration is usage", input: ":run soon\n", status: 65,
      error: ["expected a positive duration"]),
    Case(
      name: "unknown step suggests", input: ":queue spn\n", status: 65,
      error: ["did you mean"]),
    Case(
      name: "run without lab is runtime", input: ":run 1h\n", loadsScenario: false,
      status: 70, error: ["no lab is declared"]),
    Case(
      name: "function without lab is runtime", input: "repl.step()\n", loadsScenario: false,
      status: 70, error: ["<stdin>:1:", "no lab is declared"]),
    Case(
      name: "missing twin is bad data", input: ":twin nobody-1\n", status: 65,
      error: ["nobody-1"]),
    Case(
      name: "bad status value fails", input: ":patch centrifuge-1 replace /status \"Broken\"\n",
      status: 65, error: ["Broken"]),
    Case(
      name: "azure endpoint is checked", input: ":backend azure https://example.invalid\n",
      status: 65, error: ["invalid Azure endpoint"]),
    Case(
      name: "http backend down is runtime", input: ":backend http http://127.0.0.1:9\n",
      status: 70, error: ["127.0.0.1:9"]),
    Case(
      name: "unknown backend is usage", input: ":backend cloud\n", status: 65,
      error: ["unknown backend 'cloud'"]),
    Case(
      name: "unknown repl function suggests", input: "repl.rn(1h)\n", status: 65,
      error: ["<stdin>:1:", "the repl module has no operation 'rn'", "run"]),
    Case(
      name: "bad step count is usage", input: ":step -2\n", status: 65,
      error: ["expected a whole number"]),
    Case(
      name: "bad trace word is usage", input: ":trace maybe\n", status: 65,
      error: ["expected on or off"]),
    Case(
      name: "bad pace is usage", input: ":run 1h pace fast\n", status: 65,
      error: ["expected a pace factor"]),
    Case(
      name: "pace without value is usage", input: ":run 1h pace\n", status: 65,
      error: ["'pace' needs a value"]),
    Case(
      name: "patch without value is usage", input: ":patch press-1 replace /status\n",
      status: 65, error: ["'replace' needs a VALUE"]),
    Case(
      name: "reload without file fails", input: ":reload\n", loadsScenario: false,
      status: 65, error: ["nothing to reload"]),
    Case(
      name: "input ends inside bracket", input: "let r = [1,\n", loadsScenario: false,
      status: 65, error: ["<stdin>:1:1: error: the input ends inside"]),
    Case(
      name: "missing load file", input: ":load nowhere.lab\n", loadsScenario: false,
      status: 65, error: ["nowhere.lab"]),
  ]

  @Test("commands print their results", arguments: commandCases)
  func commands(_ testCase: Case) throws {
    try check(testCase)
  }

  @Test("language statements work as in a file", arguments: languageCases)
  func language(_ testCase: Case) throws {
    try check(testCase)
  }

  @Test("twins module shares the backend", arguments: twinsModuleCases)
  func twinsModule(_ testCase: Case) throws {
    try check(testCase)
  }

  @Test("errors stop with the right status", arguments: errorCases)
  func errors(_ testCase: Case) throws {
    try check(testCase)
  }

  @Test("help covers every command", arguments: ReplCommands.all.map(\.name))
  func helpCoversCommand(_ name: String) throws {
    let run = try ReplTestSupport.runRepl(":help \(name)\n")
    #expect(run.status == 0)
    #expect(run.output.contains(ReplCommands.usage(of: name)))
    #expect(run.output.contains("repl.\(name)"))
  }

  @Test("scripts keep no history")
  func scriptsKeepNoHistory() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("twinlab-repl-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = try ReplTestSupport.runRepl(
      "1 + 1\n", environment: ["TWINLAB_HISTORY": folder + "/history"])
    #expect(run.status == 0)
    #expect(run.output == "2\n")
    #expect(!FileManager.default.fileExists(atPath: folder + "/history"))
  }

  @Test("a missing file exits 66")
  func missingFileExits() throws {
    let run = try ReplTestSupport.runRepl("", arguments: ["no/such.lab"])
    #expect(run.status == 66)
    #expect(run.error.contains("no/such.lab"))
  }

  private func check(_ testCase: Case) throws {
    let arguments = testCase.loadsScenario ? [ReplTestSupport.scenario] : []
    let run = try ReplTestSupport.runRepl(testCase.input, arguments: arguments)
    #expect(run.status == testCase.status, "stderr: \(run.error)")
    for text in testCase.output {
      #expect(run.output.contains(text), "stdout: \(run.output)")
    }
    for text in testCase.error {
      #expect(run.error.contains(text), "stderr: \(run.error)")
    }
    for text in testCase.absent {
      #expect(!run.output.contains(text), "stdout: \(run.output)")
    }
    #expect(!run.output.contains("twinlab>"), "no prompt when stdin is not a terminal")
  }
}
