import Foundation
import Testing

/// Counts the occurrences of `needle` in `text`.
private func count(_ needle: String, in text: String) -> Int {
  text.components(separatedBy: needle).count - 1
}

@Suite struct WhatifReportTests {
  /// Runs a three-variant study with a report and returns the HTML.
  func report() throws -> String {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("twinlab-report-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let lab = folder.appendingPathComponent("study.lab")
    let html = folder.appendingPathComponent("report.html")
    try Data(
      """
      lab "Report <lab> & co" {
        horizon 6h
        warmup 1h
        device bench { count 1; time exponential(mean: 4min) }
        device pack  { count 1; time exponential(mean: 3min) }
        process flow {
          arrivals { every exponential(mean: 5min) }
          step work on bench
          step wrap on pack
        }
      }
      whatif "<script>alert(1)</script>" { bench.count = 2 }
      experiment "A & B" {
        replications 2
        variants baseline, "<script>alert(1)</script>"
        sweep pack.count in [2]
        measure throughput, utilization
      }
      """.utf8
    ).write(to: lab)
    let result = try runTwinlab(["whatif", lab.path, "--report", html.path])
    #expect(result.status == 0)
    return try String(contentsOf: html, encoding: .utf8)
  }

  @Test func reportDrawsBarsAndErrorBars() throws {
    let html = try report()
    // Three KPIs (throughput, utilization of two devices) for three variants.
    #expect(count("<svg class=\"kpi-chart\"", in: html) == 3)
    #expect(count("<rect class=\"bar\"", in: html) == 9)
    #expect(count("<g class=\"error-bar\"", in: html) == 9)
    #expect(count("<text class=\"variant-label\"", in: html) == 9)
    #expect(html.contains(">throughput (/day)</text>"))
    #expect(html.contains(">utilization.bench (%)</text>"))
    #expect(count(">variant</text>", in: html) == 3)
    // One state bar row per device, a queue line with its axis labels.
    #expect(count("<text class=\"device-label\"", in: html) == 2)
    #expect(count("<rect class=\"state-bar\"", in: html) >= 2)
    #expect(count("<polyline class=\"queue-line\"", in: html) == 1)
    #expect(html.contains(">time (h)</text>") && html.contains(">entities waiting</text>"))
  }

  @Test func reportEscapesTextAndStaysOffline() throws {
    let html = try report()
    #expect(!html.contains("<script"))
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(html.contains("Experiment A &amp; B"))
    for outside in ["http://", "https://", "<link", "@import", "url("] {
      let hits = html.components(separatedBy: outside).count - 1
      let allowed =
        outside == "http://" ? count("xmlns=\"http://www.w3.org/2000/svg\"", in: html) : 0
      #expect(hits == allowed, "found \(outside)")
    }
  }
}
