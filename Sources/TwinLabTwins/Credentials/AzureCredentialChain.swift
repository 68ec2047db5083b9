import Foundation

/// The credential sources for Azure Digital Twins, checked in a fixed order.
///
/// 1. An explicit token in `AZURE_DIGITAL_TWINS_TOKEN`.
/// 2. A client secret from `AZURE_TENANT_ID`, `AZURE_CLIENT_ID` and `AZURE_CLIENT_SECRET`, with
///    the authority from `AZURE_AUTHORITY_HOST`.
/// 3. Managed identity through `IDENTITY_ENDPOINT` and `IDENTITY_HEADER`.
/// 4. The Azure CLI found on `PATH`.
///
/// The first configured source is used. Its failure is reported as it is, without falling back
/// to later sources, so that a wrong secret is not hidden by another identity.
public struct AzureCredentialChain: TokenCredential {
  /// The source chosen from the environment.
  public let selected: any TokenCredential

  public var name: String { selected.name }

  /// Chooses the first configured source in `environment`.
  ///
  /// - Parameters:
  ///   - environment: The variables to read, usually `ProcessInfo.processInfo.environment`.
  ///   - httpConfiguration: Timeouts and retries for token requests.
  ///   - cliTimeout: The maximum run time of the Azure CLI.
  /// - Throws: `CredentialError.notConfigured` when no source is configured, or the error of a
  ///   configured source whose settings are invalid, such as a plain-HTTP authority.
  public init(
    environment: [String: String],
    httpConfiguration: HTTPClientConfiguration = HTTPClientConfiguration(),
    cliTimeout: Duration = .seconds(10)
  ) throws(CredentialError) {
    func value(_ name: String) -> String? {
      guard let value = environment[name], !value.isEmpty else { return nil }
      return value
    }

    if let token = value("AZURE_DIGITAL_TWINS_TOKEN") {
      selected = ExplicitTokenCredential(secret: token)
      return
    }
    if let tenant = value("AZURE_TENANT_ID"), let client = value("AZURE_CLIENT_ID"),
      let secret = value("AZURE_CLIENT_SECRET")
    {
      selected = try ClientSecretCredential(
        tenantID: tenant, clientID: client, clientSecret: secret,
        authorityHost: value("AZURE_AUTHORITY_HOST") ?? ClientSecretCredential.defaultAuthorityHost,
        httpConfiguration: httpConfiguration)
      return
    }
    if let endpoint = value("IDENTITY_ENDPOINT"), let header = value("IDENTITY_HEADER") {
      selected = try ManagedIdentityCredential(
        endpoint: endpoint, identityHeader: header, clientID: value("AZURE_CLIENT_ID"),
        httpConfiguration: httpConfiguration)
      return
    }
    do {
      selected = try AzureCLICredential(environment: environment, timeout: cliTimeout)
    } catch {
      throw .notConfigured(checked: [
        "AZURE_DIGITAL_TWINS_TOKEN is not set",
        "AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET are not all set",
        "IDENTITY_ENDPOINT and IDENTITY_HEADER are not both set",
        "no 'az' on PATH",
      ])
    }
  }

  public func token(at now: Date) throws(CredentialError) -> AccessToken {
    try selected.token(at: now)
  }
}
