import Testing

@Suite(.serialized) struct HelpTests {
    @Test(.timeLimit(.minutes(1))) func helpDescribesTheTool() throws {
        let result = try HPORunBinary.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Tune the hyperparameters"))
        // The first questions of a user with another tool's file, or a run that stopped.
        let flat = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("may also be a Polyaxon, Log(ML) or DeepHyper file"), "\(result.stdout)")
        #expect(flat.contains("Running the same command again resumes an experiment"), "\(result.stdout)")
    }
}
