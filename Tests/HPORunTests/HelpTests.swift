import Testing

@Suite(.serialized) struct HelpTests {
    @Test(.timeLimit(.minutes(1))) func helpDescribesTheTool() throws {
        let result = try HPORunBinary.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Tune the hyperparameters"))
    }
}
