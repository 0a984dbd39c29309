// swift-tools-version: 6.2
import PackageDescription

// Arrows run one way: hporun -> HPOKit; EMetrics stands alone and depends on nothing,
// so training code that links it pulls no packages into its own build.
let package = Package(
    name: "hporun",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "EMetrics", targets: ["EMetrics"]),
        .library(name: "HPOKit", targets: ["HPOKit"]),
        .executable(name: "hporun", targets: ["hporun"]),
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
                .product(name: "Yams", package: "Yams"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        .executableTarget(
            name: "hporun",
            dependencies: [
                "HPOKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `make bench-optimizers`: the optimizers on the standard test problems, in process.
        .executableTarget(name: "OptimizerBench", dependencies: ["HPOKit"]),
        // `make bench-runner`: the emetrics reader on a large generated file.
        .executableTarget(name: "MetricsBench", dependencies: ["HPOKit"]),
        .testTarget(name: "EMetricsTests", dependencies: ["EMetrics"]),
        .testTarget(name: "HPOKitTests", dependencies: ["HPOKit"], resources: [.copy("Fixtures")]),
        // End-to-end tests: they run the built `hporun` binary on the samples.
        .testTarget(name: "HPORunTests", dependencies: ["hporun", "HPOKit"]),
    ],
    swiftLanguageModes: [.v6]
)
