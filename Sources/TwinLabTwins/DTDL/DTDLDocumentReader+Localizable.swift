import TwinLabModel

extension DTDLDocumentReader {
  /// Reads a localizable string: a string, a language map such as `{"en": "Pump"}`,
  /// or an array of strings and `{"@value", "@language"}` objects with no language
  /// twice, where a string without a language counts as English.
  mutating func readLocalizable(_ value: JSONValue, path: String, maximumLength: Int)
    -> [DTDLValue]
  {
    var texts: [(language: String?, text: String, path: String)] = []
    switch value {
    case .string(let text):
      texts.append((nil, text, path))
    case .object(let object) where object["@value"] != nil:
      // A value object is allowed only as an entry of an array.
      report(
        path, "invalid-value",
        "a {\"@value\", \"@language\"} object must be inside an array; write a language map such as {\"en\": \"text\"}"
      )
      return []
    case .object(let object):
      for (language, member) in object.members {
        let memberPath = JSONPath.member(path, language)
        guard Self.isLanguageTag(language) else {
          report(
            memberPath, "invalid-language",
            "'\(language)' is not a language tag such as en or zh-Hant")
          return []
        }
        guard case .string(let text) = member else {
          report(
            memberPath, "invalid-value",
            "a localized string must be a string, found \(describe(member))")
          return []
        }
        texts.append((language, text, memberPath))
      }
    case .array(let items):
      for (index, item) in items.enumerated() {
        let itemPath = JSONPath.index(path, index)
        switch item {
        case .string(let text):
          texts.append((nil, text, itemPath))
        case .object(let object) where object["@value"] != nil:
          guard let entry = readValueObject(object, path: itemPath) else { return [] }
          texts.append((entry.language, entry.text, itemPath))
        default:
          report(
            itemPath, "invalid-value",
            "a localized string entry must be a string or {\"@value\", \"@language\"}, found \(describe(item))"
          )
          return []
        }
      }
    default:
      report(
        path, "invalid-value", "expected a string or localized strings, found \(describe(value))")
      return []
    }

    // A string without a language is in the context's default language, English.
    var languages: Set<String> = []
    for entry in texts {
      let language = entry.language ?? "en"
      guard languages.insert(language.lowercased()).inserted else {
        report(
          entry.path, "duplicate-language",
          "language '\(language)' appears twice (a string without a language counts as en)")
        return []
      }
      if entry.text.count > maximumLength {
        report(entry.path, "string-too-long", "string is longer than \(maximumLength) characters")
        return []
      }
    }
    let preferred =
      texts.first { $0.language == nil } ?? texts.first { $0.language?.hasPrefix("en") == true }
      ?? texts.first
    guard let preferred else { return [] }
    return [.literal(.string(preferred.text), path: preferred.path)]
  }

  mutating func readValueObject(_ object: JSONObject, path: String) -> (
    language: String?, text: String
  )? {
    for key in object.keys where key != "@value" && key != "@language" {
      report(
        JSONPath.member(path, key), "invalid-keyword",
        "a localized value object may hold only @value and @language, found '\(key)'")
      return nil
    }
    guard case .string(let text)? = object["@value"] else {
      report(JSONPath.member(path, "@value"), "invalid-value", "'@value' must be a string")
      return nil
    }
    guard let language = object["@language"] else { return (nil, text) }
    guard case .string(let tag) = language, Self.isLanguageTag(tag) else {
      report(
        JSONPath.member(path, "@language"), "invalid-language",
        "'@language' must be a language tag such as en or zh-Hant, found \(describe(language))")
      return nil
    }
    return (tag, text)
  }

  /// Checks whether `tag` has the shape of a BCP 47 language tag: a primary subtag of
  /// two or three letters, then subtags of one to eight letters or digits.
  static func isLanguageTag(_ tag: String) -> Bool {
    let subtags = tag.split(separator: "-", omittingEmptySubsequences: false)
    guard let primary = subtags.first, (2...3).contains(primary.count),
      primary.allSatisfy({ $0.isASCII && $0.isLetter })
    else { return false }
    return subtags.dropFirst().allSatisfy { subtag in
      (1...8).contains(subtag.count)
        && subtag.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
  }
}
