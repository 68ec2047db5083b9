import Foundation
import Testing
import TwinLabTwins

@Suite("Azure CLI credential")
struct AzureCLICredentialTests {
  @Test("token read from az output")
  func tokenFromOutput() throws {
    let fake = try FakeAzureCLI(
      script: #"""
        echo "$@" > "$(dirname "$0")/args"
        echo '{"accessToken":"cli-token","expiresOn":"2027-01-15 08:00:00.000000","expires_on":1800003600,"tokenType":"Bearer"}'
        """#)
    let chain = try AzureCredentialChain(environment: fake.environment)

    let token = try chain.token(at: Date(timeIntervalSince1970: 1_800_000_000))

    #expect(chain.name == "Azure CLI")
    #expect(token.secret == "cli-token")
    #expect(token.expiresOn == Date(timeIntervalSince1970: 1_800_003_600))
    #expect(
      fake.savedArguments
        == "account get-access-token --output json --resource https://digitaltwins.azure.net\n")
  }

  @Test("local expiresOn used without expires_on")
  func localExpiry() throws {
    let fake = try FakeAzureCLI(
      script: #"echo '{"accessToken":"cli-token","expiresOn":"2027-01-15 08:00:00.000000"}'"#)
    let credential = try AzureCLICredential(environment: fake.environment)

    let token = try credential.token(at: Date())

    var components = DateComponents()
    (components.year, components.month, components.day, components.hour) = (2027, 1, 15, 8)
    #expect(token.expiresOn == Calendar.current.date(from: components))
  }

  @Test(
    "az failures mapped",
    arguments: [
      (
        "echo \"ERROR: Please run 'az login' to setup account.\" >&2; exit 1",
        CredentialError.cliNotLoggedIn
      ),
      (
        "echo 'ERROR: something broke' >&2; exit 3",
        .cliFailed(status: 3, detail: "ERROR: something broke")
      ),
      (
        "echo '\"accessToken\": \"leaked\"' >&2; exit 2",
        .cliFailed(status: 2, detail: "error output withheld")
      ),
      (
        "echo 'not json'",
        .invalidResponse(source: "Azure CLI", detail: "the output has no accessToken")
      ),
      (
        #"echo '{"accessToken":"t"}'"#,
        .invalidResponse(source: "Azure CLI", detail: "the output has no expires_on or expiresOn")
      ),
    ])
  func failuresMapped(script: String, expected: CredentialError) throws {
    let fake = try FakeAzureCLI(script: script)
    let credential = try AzureCLICredential(environment: fake.environment)

    #expect(throws: expected) { try credential.token(at: Date()) }
  }

  @Test("slow az times out")
  func slowCLITimesOut() throws {
    let fake = try FakeAzureCLI(script: "exec sleep 30")
    let credential = try AzureCLICredential(
      environment: fake.environment, timeout: .milliseconds(300))

    #expect(throws: CredentialError.cliTimedOut(after: .milliseconds(300))) {
      try credential.token(at: Date())
    }
  }

  @Test("missing az reported")
  func missingCLI() {
    let environment = ["PATH": "/nonexistent-twinlab-dir"]

    #expect(throws: CredentialError.cliNotFound(path: "/nonexistent-twinlab-dir")) {
      try AzureCLICredential(environment: environment)
    }
    let error = #expect(throws: CredentialError.self) {
      try AzureCredentialChain(environment: environment)
    }
    guard case .notConfigured(let checked) = error else {
      Issue.record("expected notConfigured, got \(String(describing: error))")
      return
    }
    #expect(checked.count == 4)
  }
}
