import ArgumentParser
import Foundation
import HPOKit

extension HPORun {
    /// `hporun enqueue DIR config.json ...`: configurations for an experiment to run next.
    struct EnqueueConfigurations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enqueue",
            abstract: "Queue configurations (config.json files) for an experiment to run before its optimizer's next proposal.",
            discussion: """
                Each file is a JSON object with a value for every active hyperparameter, as a trial's config.json \
                (one from another experiment works as it is); a hyperparameter it leaves out takes the manifest's \
                default for it (a note says so), and one without a default is refused, named. Each is checked against the experiment's \
                space (read from the manifest that experiment.json names; --manifest if it moved); if any \
                does not fit, nothing is queued and the exit status is 2. The configurations go to \
                DIR/queue/, each written whole (temp file, rename), in the order given. A running \
                experiment takes them before its next proposal, as a slot frees; a stopped one when it \
                is run again (the same hporun command), after its interrupted trials, defaults and \
                starting points. Each becomes a trial whose trial.json says origin "enqueued" and names \
                its queue entry, which is then removed: a crash in between neither loses nor repeats it. \
                A configuration a trial already ran, or one already queued, runs again as a trial of its \
                own (a note says so), except under method grid, which runs each point once and refuses it. \
                Enqueued trials count against the budget (num_optimizer_steps): when the budget is used \
                up they wait in the queue, and run when the experiment runs again with a larger one.
                """)

        @Argument(help: "The experiment directory (e.g. hpo-runs/exp).")
        var directory: String

        @Argument(help: "The configurations: JSON files, each one object of hyperparameter name -> value.")
        var files: [String]

        @Option(help: "The experiment's manifest, when it is no longer where experiment.json says (its space must be the same).")
        var manifest: String?

        func run() async throws {
            let experimentDirectory = ExperimentDirectory(URL(fileURLWithPath: directory))
            let (names, configs, budget, enqueue, repeated) = try await refusingBadConfigurations {
                let enqueue = try Enqueue(directory: experimentDirectory, manifest: manifest.map { URL(fileURLWithPath: $0) })
                var configs: [Config] = []
                var problems: [String] = []
                var defaulted: [String] = []
                for file in files {
                    do {
                        let data = try Data(contentsOf: URL(fileURLWithPath: file))
                        let read = try enqueue.check(data, file: file)
                        configs.append(read.config)
                        if !read.defaulted.isEmpty { defaulted.append(Self.defaultsNote(read, file: file)) }
                    } catch let error as EnqueueError {
                        problems.append(error.errorDescription ?? "\(error)")
                    } catch {
                        problems.append("\(file): cannot be read (\(FileProblem.posixCode(of: error).map { String(cString: strerror($0)) } ?? "\(error)"))")
                    }
                }
                var repeated: [String] = []
                if problems.isEmpty {
                    for (file, duplicate) in zip(files, try enqueue.duplicates(configs, files: files)) {
                        guard let duplicate else { continue }
                        if let refusal = enqueue.refusal(duplicate, file: file) {
                            problems.append(refusal.errorDescription ?? "\(refusal)")
                        } else {
                            repeated.append("note: \(file): \(duplicate.description); it runs again, as a trial of its own")
                        }
                    }
                }
                if !problems.isEmpty {
                    printError(problems.map { "hporun: " + $0 }.joined(separator: "\n") + "\nnothing was queued")
                    throw ExitCode(ExitStatus.badInput)
                }
                let budget = try enqueue.budget()
                return (try enqueue.add(configs), configs, budget, enqueue, defaulted + repeated)
            }
            let queue = ExperimentQueue(experiment: experimentDirectory)
            for (name, config) in zip(names, configs) {
                let values = config.entries.map { "\($0.name)=\(TerminalText.value($0.value))" }.joined(separator: " ")
                print("enqueued \(TerminalText.escaped(queue.url.appendingPathComponent(name).path)): \(TerminalText.escaped(values))")
            }
            for note in repeated { print(TerminalText.escaped(note)) }
            print(Self.outlook(budget, added: names.count, directory: enqueue.directory))
        }

        /// `note: mine.json leaves out units, optimizer: their defaults are taken (units=64 optimizer=adam)`.
        static func defaultsNote(_ read: (config: Config, defaulted: [String]), file: String) -> String {
            let values = read.defaulted.map { "\($0)=\(read.config[$0].map(TerminalText.value) ?? "?")" }
            return "note: \(file) leaves out \(read.defaulted.joined(separator: ", ")): "
                + (read.defaulted.count == 1 ? "its default is taken" : "their defaults are taken")
                + " (\(values.joined(separator: " ")))"
        }

        /// reportingErrors, with a configuration or manifest that does not fit as bad input (2).
        func refusingBadConfigurations<T>(_ body: () async throws -> T) async throws -> T {
            try await reportingErrors {
                do {
                    return try await body()
                } catch let error as EnqueueError {
                    printError("hporun: " + (error.errorDescription ?? "\(error)"))
                    throw ExitCode(ExitStatus.badInput)
                }
            }
        }

        /// When the queued configurations will run.
        static func outlook(_ budget: (total: Int, finished: Int, unfinished: Int, queued: Int), added: Int,
                            directory: ExperimentDirectory) -> String {
            let left = budget.total - budget.finished - budget.unfinished
            let live = ExperimentLock.isHeld(directory: directory.url)
            let when = live
                ? "hporun\(ExperimentLock.holderPID(directory: directory.url).map { " (pid \($0))" } ?? "") is running the experiment: "
                    + "it takes them before its next proposal, as trials finish"
                : "no hporun is running the experiment: they run first when it is run again (the same hporun command)"
            guard left < budget.queued + added else {
                return when + "; \(left) of its \(budget.total) trials are left in the budget"
            }
            let fitting = max(0, left - budget.queued)
            return when + ".\nnote: the budget (num_optimizer_steps \(budget.total)) has \(max(left, 0)) trial(s) left"
                + (budget.queued > 0 ? " and \(budget.queued) configuration(s) were queued before these" : "")
                + (fitting == 0 ? ": none of these will run in it; they wait in "
                    : ": only \(fitting) of these will run in it; the others wait in ")
                + "\(ExperimentQueue(experiment: directory).url.path) until the experiment is run again with a larger num_optimizer_steps"
        }
    }
}
