import Foundation
import Testing

/// `hporun validate` on real manifest files, through the built binary.
@Suite(.serialized) struct ValidateTests {
    @Test(.timeLimit(.minutes(1))) func aValidManifestPrintsItsSpace() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("validate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let seed = HPORunBinary.repositoryRoot.appendingPathComponent("Tests/HPOKitTests/Fixtures/Manifest/wml-experiment-manifest.yml")
        let fixed = try String(contentsOf: seed, encoding: .utf8).replacingOccurrences(of: "step\": 0.001", with: "step: 0.001")
        let manifest = folder.appendingPathComponent("exp.yml")
        try Data(fixed.utf8).write(to: manifest)

        let result = try HPORunBinary.run(["validate", manifest.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("learning_rate      double_range 0.005 .. 0.01 step 0.001  (6 values)"))
        #expect(result.stdout.contains("fc                 int_range 2^[5 .. 10] = 32 .. 1024  (6 values)"))
        #expect(result.stdout.contains("method: random"))
        #expect(result.stdout.contains("space: 144 configurations"))
        #expect(result.stdout.contains("note: training_results_reference is for WML's service; ignored"))
    }

    /// `power: 10` over 0.0001 .. 0.1 (the values meant, not their exponents) is valid: validate
    /// and the run's first lines both say what it gives and what to write instead.
    @Test(.timeLimit(.minutes(1))) func boundsWrittenAsValuesUnderAPowerAreNoted() throws {
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try space.manifest(
            steps: 1, hyperParameters: "  - {name: lr, double_range: {min_value: 0.0001, max_value: 0.1, power: 10}}")
        let note = "note: 'lr' is on a log scale of base 10, so min_value and max_value are exponents: its values run "
            + "10^0.0001 .. 10^0.1 = 1.0002 .. 1.2589; for values from 0.0001 to 0.1 write min_value: -4, max_value: -1"
        let validate = try HPORunBinary.run(["validate", manifest.path])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stdout.contains(note), "\(validate.stdout)")

        let record = #"{"grouplabel": "test", "etimes": {"iteration": 1}, "values": {"accuracy": 0.5}}"#
        let run = try HPORunBinary.run(
            ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--",
             "sh", "-c", "echo '\(record)' > evaluation-metrics.txt"], in: space.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect((run.stdout + run.stderr).contains("hporun: \(note)"), "\(run.stdout)\(run.stderr)")
    }

    @Test(.timeLimit(.minutes(1))) func anInvalidManifestListsEveryErrorAndExits2() throws {
        let seed = HPORunBinary.repositoryRoot.appendingPathComponent("Tests/HPOKitTests/Fixtures/Manifest/wml-experiment-manifest.yml")
        let result = try HPORunBinary.run(["validate", seed.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("wml-experiment-manifest.yml:30:9: unknown key 'step\"' in double_range of 'learning_rate'"))
        #expect(result.stderr.contains("fix: did you mean 'step'?"))
        #expect(result.stdout.isEmpty)

        let missing = try HPORunBinary.run(["validate", "/nonexistent/exp.yml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/exp.yml:1:1: no such file"))
    }

    /// A folder, or a file name a letter off: the manifests there are named.
    @Test(.timeLimit(.minutes(1))) func aFolderOrAMisspeltManifestNamesTheManifestsThere() throws {
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try space.manifest(steps: 1)
        let folder = try HPORunBinary.run(["validate", "."], in: space.url)
        #expect(folder.status == 2)
        #expect(folder.stderr.contains(":1:1: this is a folder, not a manifest\n    fix: did you mean \(manifest.path)?"),
                "\(folder.stderr)")
        let typo = try HPORunBinary.run(["--manifest", "exp.yaml", "--", "true"], in: space.url)
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("exp.yaml:1:1: no such file\n    fix: did you mean \(manifest.path)?"), "\(typo.stderr)")
        #expect(space.trialNames().isEmpty)
    }

    /// A run names its manifest with --manifest, so validate takes it that way too; none, or two
    /// different ones, is a usage error that says what to write.
    @Test(.timeLimit(.minutes(1))) func theManifestMayBeGivenAsARunGivesIt() throws {
        let seed = HPORunBinary.repositoryRoot.appendingPathComponent("Samples/dialects/logml.yml")
        let asArgument = try HPORunBinary.run(["validate", seed.path])
        let asOption = try HPORunBinary.run(["validate", "--manifest", seed.path])
        #expect(asOption.status == 0, "\(asOption.stderr)")
        #expect(asOption.stdout == asArgument.stdout)
        #expect(asOption.stdout.contains("dialect: logml"))
        // Where the command comes from is said once, on the command line of the summary.
        #expect(asOption.stdout.components(separatedBy: "names no command").count == 2, "\(asOption.stdout)")

        let none = try HPORunBinary.run(["validate"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("Missing the manifest: hporun validate exp.yml"))
        let two = try HPORunBinary.run(["validate", seed.path, "--manifest", "other.yml"])
        #expect(two.status == 2)
        #expect(two.stderr.contains("give one"))
    }
}
