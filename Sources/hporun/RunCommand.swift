import ArgumentParser
import Foundation
import HPOKit

extension HPORun {
    /// `hporun --manifest exp.yml -- python3 train.py`: run or resume an experiment.
    struct RunExperiment: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run (or resume) an experiment: one directory and one process per trial.",
            discussion: """
                Each trial gets a directory (<experiment-dir>/trials/0001, ...) holding config.json; \
                the command runs there with SUBID, LOG_DIR, RESULT_DIR, JOB_STATE_DIR and TRAINING_ID \
                set, and its TEST emetrics give the objective. What follows -- runs directly (no shell); \
                with nothing after --, the manifest's training reference 'command' runs through /bin/sh -c. \
                In both, {{ name }} is replaced by that hyperparameter's value.

                Running the same command again on an existing experiment directory resumes it. \
                Ctrl-C, SIGTERM or SIGHUP stops the running trials (SIGTERM, then SIGKILL after --grace) \
                and exits 130; a second one kills them at once. Stopping a trial stops all of it, \
                descendants that left its process group included (found by their SUBID and \
                JOB_STATE_DIR), and what a trial leaves running when its command exits is killed. \
                A closed output (hporun ... | head -3) never stops hporun: it stops writing there \
                and the experiment goes on.

                With --launcher slurm each trial is submitted with sbatch (its output still goes to the \
                trial's stdout.log and stderr.log) and followed with squeue; the experiment directory must \
                be on a filesystem the compute nodes share. --parallel bounds the jobs queued or running.

                Exit status: 0 done, 1 every trial failed, 2 bad input, 130 interrupted.
                """)

        @Option(name: .long, help: "The experiment manifest (YAML or JSON, WML's format).")
        var manifest: String

        @Option(help: "Where the experiment lives (default: ./hpo-runs/<experiment name>).")
        var experimentDir: String?

        @Option(help: "Run up to K trials at once (default: the manifest's max_concurrent_trials, else 1).")
        var parallel: Int?

        @Option(help: "Stop a trial after this many seconds (default: trial_timeout_seconds, else none).")
        var trialTimeout: Double?

        @Option(help: "Seconds between SIGTERM and SIGKILL when a trial is stopped.")
        var grace: Double = 10

        @Option(help: "Stop the experiment once this many trials have failed (default: max_failed_trials, else no limit).")
        var maxFailedTrials: Int?

        @Option(help: "Seed of a new experiment (default: random_seed, else random); a resumed one keeps its own.")
        var seed: UInt64?

        @Option(help: "The training reference to use when the manifest has several.")
        var trainingReference: String?

        @Option(help: ArgumentHelp(
            "Where trials run: local (processes on this machine) or slurm (one Slurm job each; default: the manifest's launcher, else local).",
            valueName: "local|slurm"))
        var launcher: LauncherKind?

        // `.unconditional`: the value itself starts with dashes.
        @Option(parsing: .unconditional, help: ArgumentHelp(
            "With --launcher slurm: extra sbatch arguments, split like shell words and passed as separate arguments (e.g. \"--partition=gpu --gres=gpu:1 --time=01:00:00\"; default: the manifest's slurm_args).",
            valueName: "arguments"))
        var slurmArgs: String?

        @Flag(help: "Resume even if the manifest or command differs from the recorded one.")
        var force = false

        @Flag(help: "Also print what the trials write to stdout.log and stderr.log, each line prefixed by its SUBID.")
        var tee = false

        @Argument(parsing: .postTerminator, help: "The training command, after --.")
        var command: [String] = []

        func validate() throws {
            if let parallel, parallel < 1 { throw ValidationError("--parallel must be at least 1") }
            if let trialTimeout, trialTimeout <= 0 { throw ValidationError("--trial-timeout must be above 0 seconds") }
            if grace < 0 { throw ValidationError("--grace must not be negative") }
            if let maxFailedTrials, maxFailedTrials < 1 { throw ValidationError("--max-failed-trials must be at least 1") }
        }

        func run() async throws {
            let manifest = try loadManifest(self.manifest, trainingReference: trainingReference)
            let setup = try await reportingErrors { try ExperimentSetup(command: self, manifest: manifest) }
            let renderer = ProgressRenderer(setup: setup)
            let runner = ExperimentRunner(
                manifest: manifest, experiment: setup.record, directory: setup.directory, options: setup.options,
                optimizer: OptimizerFactory.make(manifest.method.name, budget: setup.options.budget),
                launcher: setup.launcher, events: { renderer.handle($0) })
            let signals = InterruptSignals { immediately in
                Task { await runner.interrupt(immediately: immediately) }
            }
            defer { signals.cancel() }
            renderer.begin()
            let summary = try await reportingErrors { try await runner.run() }
            renderer.finish(summary)
            if summary.stopReason == .interrupted { throw ExitCode(130) }
            if case .launcherRefused = summary.stopReason { throw ExitCode(2) }
            if summary.completed.isEmpty { throw ExitCode(1) }
        }
    }
}

extension LauncherKind: ExpressibleByArgument {}
