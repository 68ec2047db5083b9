// swift-tools-version: 6.0
import PackageDescription

// C libraries come from Debian's -dev packages that `.ci/run` installs:
// libedit-dev for line editing, libcurl4-openssl-dev for the REST client and
// libmicrohttpd-dev for the loopback server. No outside Swift packages: the toolchain is all there is.
let package = Package(
  name: "TwinLab",
  products: [
    .executable(name: "twinlab", targets: ["twinlab"])
  ],
  targets: [
    .target(
      name: "CEditLine",
      linkerSettings: [.linkedLibrary("edit")]
    ),
    .target(name: "TwinLabModel"),
    .target(name: "TwinLabLanguage", dependencies: ["TwinLabModel"]),
    .target(name: "TwinLabEngine", dependencies: ["TwinLabModel"]),
    .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
    .target(name: "CMicroHTTPD", linkerSettings: [.linkedLibrary("microhttpd")]),
    .target(name: "TwinLabTwins", dependencies: ["TwinLabModel", "CCurl", "CMicroHTTPD"]),
    .target(
      name: "TwinLabREPL",
      dependencies: ["CEditLine", "TwinLabLanguage", "TwinLabEngine", "TwinLabTwins"]
    ),
    .executableTarget(
      name: "twinlab",
      dependencies: [
        "TwinLabModel", "TwinLabLanguage", "TwinLabEngine", "TwinLabTwins", "TwinLabREPL",
      ]
    ),
    .executableTarget(
      name: "twinlab-bench-twins",
      dependencies: ["TwinLabModel", "TwinLabTwins"],
      path: "bench/TwinsBench"
    ),
    .executableTarget(
      name: "twinlab-bench-rest",
      dependencies: ["TwinLabModel", "TwinLabTwins"],
      path: "bench/RESTBench"
    ),
    .testTarget(name: "TwinLabModelTests", dependencies: ["TwinLabModel"]),
    .testTarget(name: "TwinLabLanguageTests", dependencies: ["TwinLabLanguage"]),
    .testTarget(name: "TwinLabEngineTests", dependencies: ["TwinLabEngine", "TwinLabLanguage"]),
    .testTarget(name: "TwinLabTwinsTests", dependencies: ["TwinLabTwins"]),
    .testTarget(name: "TwinLabREPLTests", dependencies: ["TwinLabREPL"]),
    .testTarget(name: "TwinLabCLITests", dependencies: ["twinlab"]),
  ]
)
