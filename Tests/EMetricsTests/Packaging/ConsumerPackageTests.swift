import Foundation
import Testing

/// A package that links only EMetrics fetches and builds none of the packages hporun needs:
/// the README's `Package.swift` lines and the Swift training sample, as SwiftPM resolves them
/// (`swift package show-dependencies`, which resolves without building: seconds).
@Suite(.serialized, .timeLimit(.minutes(1))) struct ConsumerPackageTests {
    static let hporunsPackages = ["yams", "swift-argument-parser", "swift-subprocess", "swift-system"]

    /// The README's `Package.swift` block, with its path to the clone of hporun pointing here.
    static func readmeManifest() throws -> String {
        let readme = try String(contentsOf: Python.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let blocks = readme.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        let manifest = try #require(blocks.first { $0.contains("import PackageDescription") },
                                    "no Package.swift block in README.md")
        #expect(manifest.contains(#"path: "../hporun""#))
        return manifest.replacingOccurrences(of: #"path: "../hporun""#, with: #"path: "\#(Python.repositoryRoot.path)""#)
    }

    @Test func theReadmesPackageLinesPullInNothingElse() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let graph = try dependencies(ofPackage: try consumer(manifest: try Self.readmeManifest(), in: scratch), scratch: scratch)
        #expect(graph.names == ["hporun"], "\(graph.names)")
        #expect(graph.identities.allSatisfy { !Self.hporunsPackages.contains($0) }, "\(graph.identities)")
    }

    /// The control: the same lines without `traits: []` do resolve the four packages, so the
    /// test above looks at the right thing.
    @Test func withoutTraitsTheFourPackagesAreResolved() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let manifest = try Self.readmeManifest().replacingOccurrences(of: ", traits: []", with: "")
        let graph = try dependencies(ofPackage: try consumer(manifest: manifest, in: scratch), scratch: scratch)
        #expect(Set(Self.hporunsPackages).isSubset(of: graph.identities), "\(graph.identities)")
    }

    @Test func theSwiftTrainingSamplePullsInNothingElse() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let sample = Python.repositoryRoot.appendingPathComponent("Samples/swift-training")
        let graph = try dependencies(ofPackage: sample, scratch: scratch)
        #expect(graph.names == ["hporun"], "\(graph.names)")
        #expect(graph.identities.allSatisfy { !Self.hporunsPackages.contains($0) }, "\(graph.identities)")
    }

    /// A package in `scratch`: `manifest` as its Package.swift and an executable target `train`.
    func consumer(manifest: String, in scratch: Scratch) throws -> URL {
        let package = scratch.url.appendingPathComponent("consumer")
        try FileManager.default.createDirectory(at: package.appendingPathComponent("Sources/train"),
                                                withIntermediateDirectories: true)
        try Data(manifest.utf8).write(to: package.appendingPathComponent("Package.swift"))
        try Data("import EMetrics\n".utf8).write(to: package.appendingPathComponent("Sources/train/main.swift"))
        return package
    }

    struct Graph {
        /// Names of the packages the package depends on, directly or not.
        var names: [String] = []
        var identities: Set<String> = []
    }

    /// `swift package show-dependencies --format json` of `package`, with its build folder
    /// in `scratch` (so a sample's own `.build` is left alone).
    func dependencies(ofPackage package: URL, scratch: Scratch) throws -> Graph {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "package", "--package-path", package.path,
                             "--scratch-path", scratch.url.appendingPathComponent("build").path,
                             "show-dependencies", "--format", "json"]
        let output = scratch.url.appendingPathComponent("graph.json"), errors = scratch.url.appendingPathComponent("graph.err")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let errorText = (try? scratch.text("graph.err")) ?? ""
        try #require(process.terminationStatus == 0, "swift package show-dependencies: \(errorText)")
        // SwiftPM prints its fetching lines before the JSON on the same stream.
        let text = try scratch.text("graph.json")
        let json = String(text[try #require(text.firstIndex(of: "{"), "no JSON in: \(text)")...])
        let root = try jsonObject(json)
        var graph = Graph()
        func walk(_ node: [String: Any]) {
            for child in node["dependencies"] as? [[String: Any]] ?? [] {
                graph.names.append(child["name"] as? String ?? "?")
                graph.identities.insert(child["identity"] as? String ?? "?")
                walk(child)
            }
        }
        walk(root)
        return graph
    }
}
