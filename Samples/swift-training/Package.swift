// swift-tools-version: 6.2
import PackageDescription

// A training program that links hporun's EMetrics library, as a user's own package would.
// `traits: []` turns off hporun's default trait, so of the parent package only EMetrics is
// fetched and built: none of Yams, ArgumentParser, swift-subprocess or swift-system.
let package = Package(
    name: "DigitsTraining",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "hporun", path: "../..", traits: []),
    ],
    targets: [
        .executableTarget(
            name: "digits-mlp",
            dependencies: [.product(name: "EMetrics", package: "hporun")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
