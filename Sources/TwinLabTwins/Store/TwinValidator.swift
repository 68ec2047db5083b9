import TwinLabModel

/// Validates twin contents (properties, components and `$metadata`) against a model.
struct TwinValidator {
  var models: [String: StoredModel]

  /// Checks `contents` against `model`: every member is a property or component of
  /// the model with a value of the right schema, every component is present, and
  /// `$metadata` holds only known keys.
  func validate(_ contents: JSONObject, model: DTDLInterface) throws(TwinStoreError) {
    try validate(contents, interface: model, path: "", isComponent: false)
  }

  private func validate(
    _ contents: JSONObject, interface: DTDLInterface, path: String, isComponent: Bool
  ) throws(TwinStoreError) {
    for (key, value) in contents.members {
      let memberPath = path + "/" + key
      if key == "$metadata" {
        try validateMetadata(
          value, interface: interface, path: memberPath, isComponent: isComponent)
        continue
      }
      if key.hasPrefix("$") {
        throw .validationFailed(
          "'\(memberPath)' is not a writable member; a twin's own members are $dtId, $etag "
            + "and $metadata.")
      }
      if let property = interface.property(named: key) {
        if let problem = ValueValidator.problem(
          with: value, schema: property.schema, path: memberPath)
        {
          throw .validationFailed("Invalid property '\(key)' of \(interface.id): \(problem).")
        }
        continue
      }
      if !isComponent, let component = interface.component(named: key) {
        guard case .object(let object) = value else {
          throw .validationFailed(
            "The component '\(key)' must be a JSON object with a \"$metadata\" member, not "
              + "\(ValueValidator.abbreviated(value)).")
        }
        guard let schema = models[component.schema]?.interface else {
          throw .validationFailed(
            "The component '\(key)' uses \(component.schema), which is not uploaded.")
        }
        try validate(object, interface: schema, path: memberPath, isComponent: true)
        continue
      }
      throw .validationFailed(
        "'\(memberPath)' is not a property\(isComponent ? "" : " or component") of "
          + "\(interface.id)\(suggestion(for: key, in: interface)).")
    }
    if !isComponent {
      for component in interface.components where contents[component.name] == nil {
        throw .validationFailed(
          "Twin is missing the component '\(component.name)' of \(interface.id); include it, "
            + "at least as {\"$metadata\": {}}.")
      }
    }
  }

  private func suggestion(for key: String, in interface: DTDLInterface) -> String {
    let names = interface.properties.map(\.name) + interface.components.map(\.name)
    if let near = nearestName(to: key, among: names) { return "; did you mean '\(near)'?" }
    if names.isEmpty { return "; the model defines no properties" }
    return "; its properties are: " + names.joined(separator: ", ")
  }

  private func validateMetadata(
    _ value: JSONValue, interface: DTDLInterface, path: String, isComponent: Bool
  ) throws(TwinStoreError) {
    guard case .object(let metadata) = value else {
      throw .validationFailed("'\(path)' must be a JSON object.")
    }
    for (key, entry) in metadata.members {
      switch key {
      case "$model" where !isComponent:
        guard case .string = entry else {
          throw .validationFailed("'\(path)/$model' must be a model id string.")
        }
      case "$lastUpdateTime":
        continue
      default:
        guard interface.property(named: key) != nil else {
          throw .validationFailed(
            "'\(path)/\(key)' names no property of \(interface.id); metadata may only "
              + "describe properties.")
        }
        guard case .object(let fields) = entry else {
          throw .validationFailed("'\(path)/\(key)' must be a JSON object.")
        }
        for (field, fieldValue) in fields.members {
          switch field {
          case "lastUpdateTime":
            continue
          case "sourceTime":
            guard case .string(let text) = fieldValue, TemporalFormat.isDateTime(text) else {
              throw .validationFailed(
                "'\(path)/\(key)/sourceTime' must be an RFC 3339 date-time string, not "
                  + "\(ValueValidator.abbreviated(fieldValue)).")
            }
          default:
            throw .validationFailed(
              "'\(path)/\(key)/\(field)' is not a writable metadata field; only sourceTime is.")
          }
        }
      }
    }
  }
}
