import Foundation
import HPOKit
@testable import OptimizerBench
import Testing

/// The benchmark suite (`make bench-suite`): every problem's f* holds (the value at the
/// known minimiser, and nothing lower found by a seeded random probe), and the Swift
/// definitions give the values Scripts/suite/problems.py gives, which the peers run on.
@Suite(.serialized) struct SuiteProblemTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let script = repository.appendingPathComponent("Scripts/suite/problems.py").path

    static func tolerance(_ value: Double) -> Double { 1e-9 * max(1, abs(value)) }

    @Test func theSuiteIsBroadAndItsNamesAreUnique() {
        #expect(Suite.all.count >= 40)
        #expect(Set(Suite.all.map(\.name)).count == Suite.all.count)
        for family in ["rbfopt", "bbob", "basins", "mixed"] {
            #expect(Suite.all.contains { $0.family == family }, "family \(family)")
        }
        #expect(Suite.all.contains { $0.kinds.contains(.integer) } && Suite.all.contains { $0.kinds.contains(.categorical) })
    }

    @Test(arguments: Suite.all.map(\.name)) func theMinimumHoldsAtTheMinimiserAndNoProbeGoesLower(_ name: String) {
        let problem = Suite.named(name)!
        let atMinimiser = problem.native(problem.minimiser)
        #expect(abs(atMinimiser - problem.minimum) <= 1e-7 * max(1, abs(problem.minimum)), "f(x_min) = \(atMinimiser)")
        var rng = SplitMix64(seed: 2026)
        var lowest = Double.infinity
        for _ in 0..<2000 {
            let point = RandomSearch().suggest(dimensions: problem.dimensions, history: [], pending: [], using: &rng)!
            lowest = min(lowest, problem.evaluate(point))
        }
        #expect(lowest >= problem.minimum - Self.tolerance(problem.minimum), "probe found \(lowest)")
        // The optimum is not at the box midpoint (where an optimizer's first point sits).
        let middle = problem.dimensions.map { dimension -> Double in
            switch dimension {
            case .continuous: 0.5
            case .ordinal(let levels): Double((levels - 1) / 2)
            case .categorical: 0
            }
        }
        if problem.family == "bbob" {
            #expect(problem.evaluate(middle) > problem.minimum + 1e-3, "midpoint is optimal")
        }
    }

    /// Runs problems.py (or `script`) with `arguments`, `input` on its standard input; its standard output.
    static func python(_ arguments: [String], script: String = SuiteProblemTests.script, input: String = "") throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }

    @Test(.timeLimit(.minutes(1))) func pythonDescribesTheSameProblems() throws {
        try Self.expectPythonDescribes(Suite.all, script: Self.script)
    }

    @Test(.timeLimit(.minutes(1))) func swiftAndPythonGiveTheSameValuesAtTheSameSeededPoints() throws {
        try Self.expectSameValues(Suite.all, script: Self.script, seed: 13, pointsEach: 8)
    }

    /// `script --describe` lists `problems` in order with the same bounds, kinds, f* and minimiser.
    static func expectPythonDescribes(_ problems: [SuiteProblem], script: String) throws {
        let lines = try python(["--describe"], script: script).split(separator: "\n")
        #expect(lines.count == problems.count)
        for (line, problem) in zip(lines, problems) {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            #expect(object["name"] as? String == problem.name)
            #expect(object["lower"] as? [Double] == problem.lower, "\(problem.name) lower")
            #expect(object["upper"] as? [Double] == problem.upper, "\(problem.name) upper")
            #expect((object["var_types"] as? [String])?.joined() == String(problem.kinds.map(\.rawValue)), "\(problem.name)")
            let minimum = object["f_min"] as? Double ?? .nan
            #expect(abs(minimum - problem.minimum) <= tolerance(minimum), "\(problem.name) f_min \(minimum)")
            let minimiser = (object["x_min"] as? [Double]) ?? []
            #expect(minimiser.count == problem.minimiser.count
                && zip(minimiser, problem.minimiser).allSatisfy { abs($0 - $1) <= tolerance($0) }, "\(problem.name) x_min")
        }
    }

    /// Swift and `script --values` give the same value at each problem's minimiser and at
    /// `pointsEach` seeded random points of it.
    static func expectSameValues(_ problems: [SuiteProblem], script: String, seed: UInt64, pointsEach: Int) throws {
        var rng = SplitMix64(seed: seed)
        var requests: [(SuiteProblem, [Double])] = []
        for problem in problems {
            requests.append((problem, problem.minimiser))
            for _ in 0..<pointsEach {
                let point = RandomSearch().suggest(dimensions: problem.dimensions, history: [], pending: [], using: &rng)!
                requests.append((problem, problem.nativePoint(point)))
            }
        }
        let input = try requests.map { problem, x in
            String(decoding: try JSONSerialization.data(withJSONObject: ["name": problem.name, "x": x]), as: UTF8.self)
        }.joined(separator: "\n")
        let values = try python(["--values"], script: script, input: input).split(separator: "\n").map { Double(String($0)) }
        #expect(values.count == requests.count)
        var mismatches: [String] = []
        for ((problem, x), value) in zip(requests, values) {
            let swift = problem.native(x)
            guard let value, abs(value - swift) <= tolerance(value) else {
                mismatches.append("\(problem.name) at \(x): python \(String(describing: value)), swift \(swift)")
                continue
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5).joined(separator: "; "))")
    }
}
