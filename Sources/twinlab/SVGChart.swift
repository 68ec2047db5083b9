import Foundation

/// Small builders for inline SVG charts; every text goes through `escape`.
enum SVGChart {
  /// Text safe inside HTML and SVG elements and attribute values.
  static func escape(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&#39;"
      default: result.append(character)
      }
    }
    return result
  }

  /// A coordinate with at most two decimals, so that output is stable and small.
  static func f(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let rounded = (value * 100).rounded() / 100
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.2f", rounded)
  }

  /// A short label for an axis tick.
  static func tick(_ value: Double) -> String {
    let size = abs(value)
    if size >= 1000 || value == value.rounded() { return String(format: "%.0f", value) }
    if size >= 10 { return String(format: "%.1f", value) }
    return String(format: "%.2f", value)
  }

  /// About five round tick values covering `low...high`.
  static func ticks(_ low: Double, _ high: Double) -> [Double] {
    let span = max(high - low, 1e-9)
    let raw = span / 5
    let power = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? raw
    var values: [Double] = []
    var value = (low / step).rounded(.down) * step
    while value <= high + step * 1e-9, values.count < 20 {
      if value >= low - step * 1e-9 { values.append(value) }
      value += step
    }
    return values
  }

  /// The y axis with ticks, grid lines and a rotated label.
  static func yAxis(
    left: Double, top: Double, height: Double, width: Double, low: Double, high: Double,
    label: String
  ) -> String {
    let scale = { (value: Double) in top + height - (value - low) / (high - low) * height }
    var svg =
      "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" "
      + "y2=\"\(f(top + height))\" stroke=\"#333\"/>\n"
    for value in ticks(low, high) {
      let y = scale(value)
      svg +=
        "<line class=\"grid\" x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + width))\" "
        + "y2=\"\(f(y))\" stroke=\"#ddd\"/>\n"
      svg +=
        "<text class=\"tick\" x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" "
        + "text-anchor=\"end\">\(escape(tick(value)))</text>\n"
    }
    let middle = top + height / 2
    svg +=
      "<text class=\"axis-label\" x=\"14\" y=\"\(f(middle))\" text-anchor=\"middle\" "
      + "transform=\"rotate(-90 14 \(f(middle)))\">\(escape(label))</text>\n"
    return svg
  }

  /// The x axis line with a label under it.
  static func xAxis(left: Double, y: Double, width: Double, label: String, labelY: Double)
    -> String
  {
    "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + width))\" "
      + "y2=\"\(f(y))\" stroke=\"#333\"/>\n"
      + "<text class=\"axis-label\" x=\"\(f(left + width / 2))\" y=\"\(f(labelY))\" "
      + "text-anchor=\"middle\">\(escape(label))</text>\n"
  }
}
