// swift-tools-version: 6.2
import PackageDescription

// A training program that links hporun's EMetrics library, as a user's own package would.
// EMetrics depends on nothing but Foundation, so only it is built from the parent package.
let package = Package(
    name: "DigitsTraining",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "hporun", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "digits-mlp",
            dependencies: [.product(name: "EMetrics", package: "hporun")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
