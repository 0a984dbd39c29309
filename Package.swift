// swift-tools-version: 6.2
import PackageDescription

// Arrows run one way: hporun -> HPOKit; EMetrics stands alone and depends on nothing.
//
// The packages hporun needs (Yams, ArgumentParser, swift-subprocess and, through it,
// swift-system) are used only when the trait `HPORun` is on. It is on by default, so
// `swift build` here builds everything; training code that links only EMetrics depends on
// this package with `traits: []` and then fetches and builds none of them:
//     .package(path: "../hporun", traits: [])
// (SwiftPM leaves out the dependencies of a trait that is off. Tests/EMetricsTests/
// Packaging/ConsumerPackageTests checks the graph of such a package.)
let hporunTrait: Set<String> = ["HPORun"]

let package = Package(
    name: "hporun",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "EMetrics", targets: ["EMetrics"]),
        .library(name: "HPOKit", targets: ["HPOKit"]),
        .executable(name: "hporun", targets: ["hporun"]),
    ],
    traits: [
        .trait(name: "HPORun", description: "hporun and HPOKit, with Yams, ArgumentParser and swift-subprocess"),
        .default(enabledTraits: hporunTrait),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
    ],
    targets: [
        .target(name: "EMetrics"),
        .target(
            name: "HPOKit",
            dependencies: [
                .product(name: "Yams", package: "Yams", condition: .when(traits: hporunTrait)),
                .product(name: "Subprocess", package: "swift-subprocess", condition: .when(traits: hporunTrait)),
            ]
        ),
        // The HTML report (`hporun report`): reads an experiment directory, writes one file.
        .target(name: "HPOReport", dependencies: ["HPOKit"]),
        .executableTarget(
            name: "hporun",
            dependencies: [
                "HPOKit",
                "HPOReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser", condition: .when(traits: hporunTrait)),
            ]
        ),
        // `make bench-optimizers`: the optimizers on the standard test problems, in process.
        .executableTarget(name: "OptimizerBench", dependencies: ["HPOKit"]),
        // `make bench-runner`: the emetrics reader on a large generated file.
        .executableTarget(name: "MetricsBench", dependencies: ["HPOKit"]),
        .testTarget(name: "EMetricsTests", dependencies: ["EMetrics"]),
        .testTarget(name: "HPOKitTests", dependencies: ["HPOKit", "OptimizerBench"], resources: [.copy("Fixtures")]),
        .testTarget(name: "HPOReportTests", dependencies: ["HPOReport", "HPOKit"]),
        // End-to-end tests: they run the built `hporun` binary on the samples.
        .testTarget(name: "HPORunTests", dependencies: ["hporun", "HPOKit"]),
    ],
    swiftLanguageModes: [.v6]
)
