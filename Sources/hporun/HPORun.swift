import ArgumentParser

/// The root command. Each subcommand lives in its own file as `extension HPORun`.
@main
struct HPORun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hporun",
        abstract: "Tune the hyperparameters of any training program through the filesystem.",
        discussion: """
            Each trial runs in its own directory with config.json (the hyperparameters) and \
            writes emetrics (IBM Watson Machine Learning's HPO protocol); hporun takes the \
            objective from the TEST metrics and picks the next trial with an RBF-surrogate \
            optimizer or at random.
            """,
        version: HPORunVersion.current,
        subcommands: [RunExperiment.self, Validate.self, Status.self, Best.self, Export.self],
        defaultSubcommand: RunExperiment.self
    )
}

enum HPORunVersion {
    static let current = "0.1.0"
}
