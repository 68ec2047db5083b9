import CCurl

extension HTTPClient {
  /// Sends one attempt of `request` on the easy handle and collects the response.
  func transfer(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPResponse {
    let url = redactedURL(request.url)
    let lowercasedURL = request.url.lowercased()
    let isTLS = lowercasedURL.hasPrefix("https://")
    guard isTLS || lowercasedURL.hasPrefix("http://"),
      !request.url.unicodeScalars.contains(where: { $0.properties.isWhitespace })
    else { throw .invalidURL(url) }

    var headerList: UnsafeMutablePointer<curl_slist>?
    defer { curl_slist_free_all(headerList) }
    for line in try headerLines(for: request, url: url) {
      headerList = curl_slist_append(headerList, line)
    }

    // Options persist on the handle; the reset clears them but keeps open connections.
    curl_easy_reset(handle)
    errorBuffer.initialize(to: 0)
    let sink = HTTPTransferSink(abortFlag: abortFlag)
    let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()
    var codes = [
      CCurl_setoptString(handle, CURLOPT_URL, request.url),
      CCurl_setoptLong(handle, CURLOPT_NOSIGNAL, 1),
      CCurl_setoptString(handle, CURLOPT_PROTOCOLS_STR, "http,https"),
      CCurl_setoptLong(handle, CURLOPT_FOLLOWLOCATION, 0),
      CCurl_setoptLong(handle, CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.curlMS),
      CCurl_setoptLong(handle, CURLOPT_TIMEOUT_MS, configuration.timeout.curlMS),
      CCurl_setoptLong(handle, CURLOPT_SSL_VERIFYPEER, 1),
      CCurl_setoptLong(handle, CURLOPT_SSL_VERIFYHOST, 2),
      CCurl_setoptLong(
        handle, CURLOPT_HTTP_VERSION,
        isTLS ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1),
      CCurl_setoptPointer(handle, CURLOPT_ERRORBUFFER, errorBuffer),
      CCurl_setoptString(handle, CURLOPT_USERAGENT, configuration.userAgent),
      CCurl_setoptPointer(handle, CURLOPT_HTTPHEADER, headerList),
      CCurl_setoptWriteFunction(handle, CURLOPT_WRITEFUNCTION, httpTransferWriteBody),
      CCurl_setoptPointer(handle, CURLOPT_WRITEDATA, sinkPointer),
      CCurl_setoptWriteFunction(handle, CURLOPT_HEADERFUNCTION, httpTransferWriteHeader),
      CCurl_setoptPointer(handle, CURLOPT_HEADERDATA, sinkPointer),
      CCurl_setoptLong(handle, CURLOPT_NOPROGRESS, 0),
      CCurl_setoptTransferInfoFunction(handle, httpTransferProgress),
      CCurl_setoptPointer(handle, CURLOPT_XFERINFODATA, sinkPointer),
    ]
    if let caBundlePath = configuration.caBundlePath {
      codes.append(CCurl_setoptString(handle, CURLOPT_CAINFO, caBundlePath))
    }
    codes += setMethodAndBody(request)
    if let failed = codes.first(where: { $0 != CURLE_OK }) {
      throw .setupFailed("curl_easy_setopt failed: \(String(cString: curl_easy_strerror(failed)))")
    }

    let result = withExtendedLifetime(sink) { curl_easy_perform(handle) }
    var connects = 0
    _ = CCurl_getinfoLong(handle, CURLINFO_NUM_CONNECTS, &connects)
    connectionsOpened += connects
    guard result == CURLE_OK else { throw error(for: result, url: url) }

    var status = 0
    _ = CCurl_getinfoLong(handle, CURLINFO_RESPONSE_CODE, &status)
    return HTTPResponse(status: status, headers: sink.headers, body: sink.body)
  }

  /// The header lines for libcurl, with `Expect:` and, unless set, `Content-Type:` blanked so
  /// libcurl neither waits for `100 Continue` nor sends its form content type.
  private func headerLines(
    for request: HTTPClientRequest, url: String
  ) throws(HTTPClientError) -> [String] {
    var lines: [String] = []
    for field in request.headers {
      // Scalars, not characters: "\r\n" is one Character and would slip past a check for "\r".
      let forbidden: (Unicode.Scalar) -> Bool = { $0 == "\r" || $0 == "\n" || $0 == "\0" }
      guard !field.name.isEmpty, !field.name.unicodeScalars.contains(where: forbidden),
        !field.name.contains(":"), !field.value.unicodeScalars.contains(where: forbidden)
      else { throw .invalidHeader(name: field.name, url: url) }
      // libcurl drops a header given as "Name:"; "Name;" sends it with an empty value.
      lines.append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
    }
    if !request.headers.contains("Expect") { lines.append("Expect:") }
    if !request.headers.contains("Content-Type") { lines.append("Content-Type:") }
    return lines
  }

  private func setMethodAndBody(_ request: HTTPClientRequest) -> [CURLcode] {
    switch request.method {
    case .get where request.body.isEmpty:
      return [CCurl_setoptLong(handle, CURLOPT_HTTPGET, 1)]
    case .head:
      return [CCurl_setoptLong(handle, CURLOPT_NOBODY, 1)]
    case .delete where request.body.isEmpty, .options where request.body.isEmpty:
      return [CCurl_setoptString(handle, CURLOPT_CUSTOMREQUEST, request.method.rawValue)]
    default:
      // POST mode sends the body; CUSTOMREQUEST then replaces the method name.
      var codes = [
        CCurl_setoptLong(handle, CURLOPT_POST, 1),
        CCurl_setoptOffset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)),
      ]
      codes.append(
        request.body.withUnsafeBytes { bytes in
          // COPYPOSTFIELDS copies, so the buffer need not outlive this call; an empty body
          // still needs a non-null pointer.
          let empty: StaticString = ""
          let pointer = bytes.baseAddress ?? UnsafeRawPointer(empty.utf8Start)
          return CCurl_setoptPointer(
            handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: pointer))
        })
      if request.method != .post {
        codes.append(
          CCurl_setoptString(handle, CURLOPT_CUSTOMREQUEST, request.method.rawValue))
      }
      return codes
    }
  }

  private func error(for code: CURLcode, url: String) -> HTTPClientError {
    var detail = String(cString: errorBuffer)
    if detail.isEmpty { detail = String(cString: curl_easy_strerror(code)) }
    switch code {
    case CURLE_COULDNT_RESOLVE_HOST:
      return .hostNotFound(url: url)
    case CURLE_COULDNT_CONNECT:
      return .connectionRefused(url: url)
    case CURLE_OPERATION_TIMEDOUT:
      // A connect time of zero means the connection never completed, so the connect timeout
      // is the one that expired.
      var connectMicroseconds: curl_off_t = 0
      _ = CCurl_getinfoOffset(handle, CURLINFO_CONNECT_TIME_T, &connectMicroseconds)
      let limit = connectMicroseconds == 0 ? configuration.connectTimeout : configuration.timeout
      return .timedOut(url: url, after: limit)
    case CURLE_ABORTED_BY_CALLBACK:
      return .aborted(url: url)
    case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
      CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND,
      CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
      CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED,
      CURLE_USE_SSL_FAILED:
      return .tls(url: url, detail: detail)
    default:
      return .transferFailed(url: url, code: Int(code.rawValue), detail: detail)
    }
  }
}

/// Collects one response; the libcurl callbacks reach it through their userdata pointer.
private final class HTTPTransferSink {
  let abortFlag: AbortFlag
  var headers = HTTPHeaders()
  var body: [UInt8] = []

  init(abortFlag: AbortFlag) {
    self.abortFlag = abortFlag
  }
}

private let httpTransferWriteBody: curl_write_callback = { data, size, count, userdata in
  guard let userdata else { return 0 }
  let sink = Unmanaged<HTTPTransferSink>.fromOpaque(userdata).takeUnretainedValue()
  let length = size * count
  if let data, length > 0 {
    sink.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
  }
  return length
}

/// Receives one header line per call: the status line, each field, then an empty line. A new
/// status line (after `100 Continue`, say) starts the header list again.
private let httpTransferWriteHeader: curl_write_callback = { data, size, count, userdata in
  guard let userdata else { return 0 }
  let sink = Unmanaged<HTTPTransferSink>.fromOpaque(userdata).takeUnretainedValue()
  let length = size * count
  guard let data, length > 0 else { return length }
  let bytes = UnsafeRawBufferPointer(start: data, count: length)
  let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: ["\r", "\n"])
  if line.hasPrefix("HTTP/") {
    sink.headers = HTTPHeaders()
  } else if let colon = line.firstIndex(of: ":") {
    let name = String(line[..<colon])
    let value = line[line.index(after: colon)...].trimmingCharacters(in: [" ", "\t"])
    sink.headers.add(name, value)
  }
  return length
}

/// Returns non-zero, which makes libcurl stop with CURLE_ABORTED_BY_CALLBACK, once the abort
/// flag is set.
private let httpTransferProgress: curl_xferinfo_callback = { userdata, _, _, _, _ in
  guard let userdata else { return 0 }
  let sink = Unmanaged<HTTPTransferSink>.fromOpaque(userdata).takeUnretainedValue()
  return sink.abortFlag.isSet ? 1 : 0
}

extension Duration {
  /// Milliseconds for a libcurl timeout option; at least 1, because 0 means no timeout.
  fileprivate var curlMS: Int { max(1, milliseconds) }
}
