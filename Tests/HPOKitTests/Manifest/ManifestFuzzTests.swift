import Foundation
import HPOKit
import Testing

/// Feeds many mutated manifests to the loader: each must end in a manifest or a clean
/// `ManifestErrors`, never a crash, a hang or another error.
@Suite struct ManifestFuzzTests {
    @Test(.timeLimit(.minutes(1))) func mutatedManifestsEndInCleanErrors() throws {
        let original = try String(contentsOf: try fixtureURL("Manifest/wml-experiment-manifest.yml"), encoding: .utf8)
        let seeds = [
            original.replacingOccurrences(of: "step\": 0.001", with: "step: 0.001"),
            original,
            bareManifest(hyperParameters: """
                  - {name: lr, double_range: {min_value: -4, max_value: -1, power: 10}}
                  - {name: opt, string_values: [sgd, adam]}
                  - {name: n, int_values: [1, 2, 4]}
                """),
        ]
        let replacements = ["", "-", ":", "[", "{", "\t", "\"", "x", "0", "-1", "1e400", "null", "true", "[]", "{}", "&a", "*a"]
        var rng = SplitMix64(seed: 99)
        var outcomes = (valid: 0, errors: 0)
        for round in 0..<600 {
            var lines = seeds[round % seeds.count].components(separatedBy: "\n")
            for _ in 0...Int.random(in: 0...2, using: &rng) {
                let index = Int.random(in: 0..<lines.count, using: &rng)
                switch Int.random(in: 0..<6, using: &rng) {
                case 0: lines.remove(at: index)
                case 1: lines.insert(lines[index], at: index)
                case 2: lines.swapAt(index, Int.random(in: 0..<lines.count, using: &rng))
                case 3:  // swap a value's type: replace the text after the last ':' or '-'
                    if let colon = lines[index].lastIndex(where: { $0 == ":" || $0 == "-" }) {
                        lines[index] = String(lines[index][...colon]) + " " + replacements.randomElement(using: &rng)!
                    }
                case 4:  // replace a character
                    var characters = Array(lines[index])
                    if !characters.isEmpty {
                        characters[Int.random(in: 0..<characters.count, using: &rng)] =
                            Character(Unicode.Scalar(UInt8.random(in: 1...126, using: &rng)))
                        lines[index] = String(characters)
                    }
                default:  // truncate the file
                    lines = Array(lines[..<index])
                    if lines.isEmpty { lines = [""] }
                }
                if lines.isEmpty { lines = [""] }
            }
            var text = lines.joined(separator: "\n")
            if round % 50 == 0 {  // random bytes
                text = String(decoding: (0..<200).map { _ in UInt8.random(in: 0...255, using: &rng) }, as: UTF8.self)
            }
            do {
                _ = try ManifestLoader.parse(text, fileName: "fuzz.yml")
                outcomes.valid += 1
            } catch let errors as ManifestErrors {
                #expect(!errors.errors.isEmpty)
                #expect(errors.errors.allSatisfy { $0.line >= 1 && $0.column >= 1 && !$0.message.isEmpty })
                outcomes.errors += 1
            } catch {
                Issue.record("round \(round): unexpected error \(error) for:\n\(text)")
            }
        }
        #expect(outcomes.errors > 300, "most mutations should be invalid")
        #expect(outcomes.valid > 10, "some mutations stay valid")
    }
}
