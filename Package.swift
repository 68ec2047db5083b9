// swift-tools-version: 6.0
import PackageDescription

// C libraries come from Debian's -dev packages that `.ci/run` installs:
// libedit-dev for line editing, libcurl4-openssl-dev for the REST client and
// libmicrohttpd-dev for the loopback server. No outside Swift packages: the
// toolchain is all there is.
let package = Package(
  name: "TwinLab",
  products: [
    .executable(name: "twinlab", targets: ["twinlab"]),
    .executable(name: "twinlab-bench", targets: ["twinlab-bench"]),
  ],
  targets: [
    .target(
      name: "CEditLine",
      linkerSettings: [.linkedLibrary("edit")]
    ),
    .target(name: "TwinLabModel"),
    .target(name: "TwinLabLanguage", dependencies: ["TwinLabModel"]),
    .target(
      name: "TwinLabEngine", dependencies: ["TwinLabModel"],
      // The simulation is one class whose tables every event touches; dynamic
      // exclusivity checks on its stored properties cost about 40 % of the run
      // time in release builds. Debug builds keep them.
      swiftSettings: [
        .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
      ]
    ),
    .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
    .target(name: "CMicroHTTPD", linkerSettings: [.linkedLibrary("microhttpd")]),
    .target(name: "TwinLabTwins", dependencies: ["TwinLabModel", "CCurl", "CMicroHTTPD"]),
    .target(
      name: "TwinLabScripting",
      dependencies: ["TwinLabModel", "TwinLabLanguage", "TwinLabEngine", "TwinLabTwins"]
    ),
    .target(
      name: "TwinLabREPL",
      dependencies: [
        "CEditLine", "TwinLabLanguage", "TwinLabEngine", "TwinLabTwins", "TwinLabScripting",
      ]
    ),
    .executableTarget(
      name: "twinlab",
      dependencies: [
        "TwinLabModel", "TwinLabLanguage", "TwinLabEngine", "TwinLabTwins", "TwinLabScripting",
        "TwinLabREPL",
      ]
    ),
    .executableTarget(
      name: "twinlab-bench-twins",
      dependencies: ["TwinLabModel", "TwinLabTwins"],
      path: "bench/TwinsBench"
    ),
    .executableTarget(
      name: "twinlab-bench-streamer",
      dependencies: ["TwinLabModel", "TwinLabTwins"],
      path: "bench/StreamerBench"
    ),
    .executableTarget(name: "twinlab-bench", dependencies: ["TwinLabModel", "TwinLabEngine"]),

    .executableTarget(
      name: "twinlab-bench-rest",
      dependencies: ["TwinLabModel", "TwinLabTwins"],
      path: "bench/RESTBench"
    ),
    .testTarget(name: "TwinLabModelTests", dependencies: ["TwinLabModel"]),
    .testTarget(name: "TwinLabLanguageTests", dependencies: ["TwinLabLanguage"]),
    .testTarget(name: "TwinLabEngineTests", dependencies: ["TwinLabEngine", "TwinLabLanguage"]),
    .testTarget(name: "TwinLabTwinsTests", dependencies: ["TwinLabTwins"]),
    .testTarget(name: "TwinLabScriptingTests", dependencies: ["TwinLabScripting"]),
    .testTarget(name: "TwinLabREPLTests", dependencies: ["TwinLabREPL"]),
    .testTarget(name: "TwinLabCLITests", dependencies: ["twinlab"]),
  ]
)
