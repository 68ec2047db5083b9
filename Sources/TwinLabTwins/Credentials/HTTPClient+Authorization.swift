extension HTTPClient {
  /// Sends `request` with a bearer token from `tokens`; on a 401 it drops the cached token and
  /// sends the request once more with a new one.
  ///
  /// - Returns: The final response; a second 401 is returned as it is.
  /// - Throws: `CredentialError` when no token can be had, wrapped in
  ///   `AuthorizedRequestError.credential`, or the client's `HTTPClientError`, wrapped in
  ///   `AuthorizedRequestError.transport`.
  public func send(
    _ request: HTTPClientRequest, authorizedBy tokens: TokenCache
  ) throws(AuthorizedRequestError) -> HTTPResponse {
    var authorized = request
    for attempt in 1...2 {
      let token: AccessToken
      do {
        token = try tokens.token()
      } catch {
        throw .credential(error)
      }
      authorized.headers["Authorization"] = token.authorizationHeader

      let response: HTTPResponse
      do {
        response = try send(authorized)
      } catch {
        throw .transport(error)
      }
      guard response.status == 401, attempt == 1 else { return response }
      tokens.invalidate()
    }
    // The loop returns on its second pass at the latest.
    preconditionFailure("unreachable")
  }
}

/// Why an authorized request failed: no token, or no response.
public enum AuthorizedRequestError: Error, Equatable, CustomStringConvertible {
  /// No token could be had.
  case credential(CredentialError)
  /// The request got no response.
  case transport(HTTPClientError)

  public var description: String {
    switch self {
    case .credential(let error): return error.description
    case .transport(let error): return error.description
    }
  }
}
