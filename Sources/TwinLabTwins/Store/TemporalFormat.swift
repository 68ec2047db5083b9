/// Recognizes the ISO 8601 and RFC 3339 forms that DTDL's temporal schemas use.
enum TemporalFormat {
  /// `YYYY-MM-DD` with a valid month and day.
  static func isDate(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard bytes.count == 10, bytes[4] == 45, bytes[7] == 45,
      let year = number(bytes[0..<4]), let month = number(bytes[5..<7]),
      let day = number(bytes[8..<10])
    else { return false }
    guard (1...12).contains(month), day >= 1 else { return false }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return day <= lengths[month - 1]
  }

  /// `hh:mm:ss` with optional fractional seconds.
  static func isTime(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard bytes.count >= 8, bytes[2] == 58, bytes[5] == 58,
      let hour = number(bytes[0..<2]), let minute = number(bytes[3..<5]),
      let second = number(bytes[6..<8])
    else { return false }
    guard hour < 24, minute < 60, second < 61 else { return false }
    if bytes.count == 8 { return true }
    return bytes[8] == 46 && bytes.count > 9 && bytes[9...].allSatisfy { (48...57).contains($0) }
  }

  /// RFC 3339: a date, `T`, a time and `Z` or a `+hh:mm` / `-hh:mm` offset.
  static func isDateTime(_ text: String) -> Bool {
    guard text.count >= 20 else { return false }
    let date = String(text.prefix(10))
    let rest = text.dropFirst(10)
    guard let separator = rest.first, separator == "T" || separator == "t" else { return false }
    var time = Substring(rest.dropFirst())
    if time.hasSuffix("Z") || time.hasSuffix("z") {
      time = time.dropLast()
    } else {
      guard time.count > 6 else { return false }
      let offset = Array(time.suffix(6).utf8)
      guard offset[0] == 43 || offset[0] == 45, offset[3] == 58,
        let hours = number(offset[1..<3]), let minutes = number(offset[4..<6]),
        hours < 24, minutes < 60
      else { return false }
      time = time.dropLast(6)
    }
    return isDate(date) && isTime(String(time))
  }

  /// ISO 8601 duration such as `P1DT2H30M` or `PT0.5S`, or weeks such as `P2W`.
  static func isDuration(_ text: String) -> Bool {
    var bytes = Array(text.utf8)[...]
    guard bytes.first == 80 else { return false }
    bytes = bytes.dropFirst()
    guard !bytes.isEmpty else { return false }
    var inTime = false
    var sawComponent = false
    var digits = 0
    var sawFraction = false
    for byte in bytes {
      switch byte {
      case 48...57:
        digits += 1
      case 46, 44:
        guard digits > 0, !sawFraction else { return false }
        sawFraction = true
        digits = 0
      case 84:
        guard !inTime, digits == 0 else { return false }
        inTime = true
      default:
        let designators: [UInt8] = inTime ? [72, 77, 83] : [89, 77, 87, 68]
        guard designators.contains(byte), digits > 0 else { return false }
        if sawFraction && !(inTime && byte == 83) { return false }
        sawComponent = true
        digits = 0
      }
    }
    return sawComponent && digits == 0 && bytes.last != 84
  }

  private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
    var value = 0
    for byte in bytes {
      guard (48...57).contains(byte) else { return nil }
      value = value * 10 + Int(byte - 48)
    }
    return value
  }
}
