import ArgumentParser
import Foundation
import HPOKit
import HPOReport

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
                In both, {{ name }} is replaced by that hyperparameter's value, byte for byte, and nothing \
                in a value runs: typed unquoted after --, the shell's three words {{ name }} are joined back; \
                in the manifest's command a placeholder may stand bare, in "..." or in '...' (not inside \
                $(...), backquotes, ${...} or a here-document, which validate refuses).

                Each trial runs in its own directory, so relative paths keep the meaning they had where \
                they were typed: a word of the command naming an existing file or directory (or the path \
                of --opt=path) is made absolute, from the folder hporun is started in, or for the \
                manifest's command from the manifest's folder; the program only when it contains a /. \
                experiment.json records the command so resolved. Before any trial the program is checked \
                (on the PATH, or an executable file): one that cannot start exits 2 and creates nothing. \
                PYTHONUNBUFFERED=1 is set for the trials unless you set it yourself.

                hporun reads only regular files from a trial: an evaluation-metrics.txt or \
                val_dict_list.json that is a FIFO, a device, a socket or a directory fails the trial; an \
                emetrics line over 1 MiB is skipped and counted, and with --tee such a line is cut at 1 MiB, with a note of its length.

                Running the same command again on an existing experiment directory resumes it. \
                A resume with another search space, method or command is refused, with each change \
                side by side (recorded / now), unless --force accepts it. \
                Ctrl-C or SIGTERM stops the running trials (SIGTERM, then SIGKILL after --grace) \
                and exits 130; a second one kills them at once. SIGHUP (the terminal or SSH session \
                closed) ends hporun without stopping them, and writes nothing more to the terminal: \
                it records the hangup (hung-up.json, shown by status) and exits 129; running the same \
                command again follows the trials to their end, or collects those that ended. Stopping a trial stops all of it, \
                descendants that left its process group included (found by their SUBID and \
                JOB_STATE_DIR), and what a trial leaves running when its command exits is killed. \
                A closed output (hporun ... | head -3) never stops hporun: it stops writing there \
                and the experiment goes on.

                When the first 3 trials of a run (or the whole budget, when smaller) fail with the same \
                reason (exit status, signal, timeout or missing metric) and the same last line of \
                stderr.log, and none completed, hporun starts no more, stops the trials still running \
                (their points run again next time), prints that line and the trial's directory, and \
                exits 1. --max-failed-trials still stops after that many failures of any kind. After \
                fixing the cause, run the same command with --retry-failed (and --force if the command \
                or manifest changed): the failed trials stay on disk as 'superseded', no longer count \
                and are not told to the optimizer, and their points run again first.

                Before the optimizer proposes, the trials run the hyperparameters' defaults (when any \
                parameter has one), then the manifest's starting_points in order, then what \
                'hporun enqueue' queued (a running experiment takes it before its next proposal); all \
                count against the budget. --warm-start DIR (repeatable) tells the optimizer another \
                experiment's completed, failed and pruned trials on the same space (a configuration \
                this space does not hold is skipped, and counted); they do not count against the \
                budget, are never the best, are recorded in experiment.json and read again on resume.

                --pruner (or the method parameter pruner) stops bad trials early from their TEST \
                curves: median, asha, hyperband or patience, set by pruner_warmup_iterations, \
                pruner_min_trials, pruner_interval, pruner_min_resource, pruner_eta, \
                pruner_max_resource, pruner_cut (rank or envelope), pruner_adaptive (true: skip the \
                rungs whose ranking, among the finished trials, does not predict the end's), \
                pruner_patience and pruner_min_delta. \
                hporun writes hporun-stop (the reason) in the trial's directory, stops its process \
                group 5 s later, and records \
                the trial as 'pruned' with the iteration; pruned trials count against the budget and \
                are never the best. Polyaxon's hyperband form is hyperband_max_iter, hyperband_eta, \
                hyperband_resource (a name every config.json gets with the value max_iter), \
                hyperband_resource_type (int or float) and hyperband_resume.

                On a terminal, a block at the bottom is redrawn every second: each running trial with its \
                latest TEST value of the objective and its iteration, the progress line, and after Ctrl-C \
                the seconds left before SIGKILL. Otherwise (a file, a pipe) one plain line per event. \
                The training command goes after --.

                With --launcher slurm each trial is submitted with sbatch (its output still goes to the \
                trial's stdout.log and stderr.log) and followed with squeue; the experiment directory must \
                be on a filesystem the compute nodes share. --parallel bounds the jobs queued or running.

                Every trial gets HPORUN_SLOT, the slot it runs in (0 to --parallel minus 1; a slot is \
                free again when its trial ends). --gpus 0,1,2,3 (or 0-3) shares the GPUs out: each running \
                trial holds --gpus-per-trial of them (default 1; 0,1 and 2,3 for 2), named in its \
                CUDA_VISIBLE_DEVICES and HIP_VISIBLE_DEVICES, and --parallel defaults to the number of \
                groups. A resumed run counts the GPUs of the trials it follows as held. Under --launcher \
                slurm, ask Slurm for GPUs instead (--slurm-args "--gres=gpu:1").

                Exit status: 0 done; 1 every trial failed, or the first trials failed the same way; \
                2 bad input (the manifest, a flag, an experiment directory that cannot be created or \
                written, one another hporun holds, a resume that would change the experiment); \
                74 a file could not be written during the run (disk full: free space and run the same \
                command again); 129 hung up (the trials run on); 130 interrupted.
                """)

        @Option(name: .long, help: "The experiment manifest (YAML or JSON: WML's, Polyaxon's, Log(ML)'s or DeepHyper's form).")
        var manifest: String

        @OptionGroup var reading: ManifestReading

        @Option(help: "Where the experiment lives (default: ./hpo-runs/<experiment name>).")
        var experimentDir: String?

        @Option(help: "Run up to K trials at once (default: the manifest's max_concurrent_trials, else 1; with --gpus, the number of GPU groups).")
        var parallel: Int?

        @Option(help: ArgumentHelp(
            "Share these GPUs out among local trials (e.g. 0,1,2,3 or 0-3): each running trial holds --gpus-per-trial of them, named in its CUDA_VISIBLE_DEVICES and HIP_VISIBLE_DEVICES.",
            valueName: "ids"))
        var gpus: String?

        @Option(help: ArgumentHelp("With --gpus: how many GPUs each trial holds (default: 1).", valueName: "N"))
        var gpusPerTrial: Int?

        @Option(help: "Stop a trial after this many seconds, at most one year (default: trial_timeout_seconds, else none).")
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

        @Option(help: ArgumentHelp(
            "Stop bad trials early, on their TEST curves: median, asha, hyperband, patience or none (default: the manifest's pruner parameter, whose settings it keeps).",
            valueName: "pruner"))
        var pruner: PrunerSettings.Kind?

        @Flag(help: "Resume even if the manifest or command differs from the recorded one.")
        var force = false

        @Flag(help: "Run the failed trials' points again: the failed trials stay on disk as 'superseded' and no longer count (e.g. after fixing the command; add --force if it changed).")
        var retryFailed = false

        @Flag(help: "Also print what the trials write to stdout.log and stderr.log, each line prefixed by its SUBID.")
        var tee = false

        @Option(help: ArgumentHelp(
            "Tell the optimizer the finished trials of another experiment on the same space (repeatable); they do not count against the budget, are never the best, and a resume reads them again.",
            valueName: "dir"))
        var warmStart: [String] = []

        @Argument(parsing: .postTerminator, help: "The training command, after --.")
        var command: [String] = []

        func validate() throws {
            if let parallel, parallel < 1 { throw ValidationError("--parallel must be at least 1") }
            let year = Int(RunOptions.longestSeconds)
            if let trialTimeout, !RunOptions.acceptsSeconds(trialTimeout) || trialTimeout == 0 {
                throw ValidationError(
                    "--trial-timeout is \(trialTimeout); it must be a number of seconds above 0 and at most \(year) (one year)")
            }
            if !RunOptions.acceptsSeconds(grace) {
                throw ValidationError("--grace is \(grace); it must be a number of seconds from 0 to \(year) (one year)")
            }
            if let maxFailedTrials, maxFailedTrials < 1 { throw ValidationError("--max-failed-trials must be at least 1") }
            if gpus == nil, let gpusPerTrial {
                throw ValidationError("--gpus-per-trial \(gpusPerTrial) needs --gpus, the GPUs to share out (e.g. --gpus 0-3)")
            }
            _ = try deviceGroups()
        }

        /// The GPU groups of --gpus and --gpus-per-trial (nil without --gpus), checked against an
        /// explicit --parallel.
        func deviceGroups() throws -> DeviceGroups? {
            guard let gpus else { return nil }
            do throws(DeviceListError) {
                let groups = try DeviceGroups(gpus, perTrial: gpusPerTrial ?? 1)
                if let parallel, let problem = groups.problem(parallel: parallel) { throw problem }
                return groups
            } catch {
                throw ValidationError(error.errorDescription ?? "\(error)")
            }
        }

        func run() async throws {
            var manifest = try loadManifest(self.manifest, trainingReference: trainingReference, reading: reading)
            if let pruner {
                var settings = manifest.method.pruner ?? PrunerSettings(kind: pruner)
                settings.kind = pruner
                if let problem = settings.problem {
                    // The flag names the pruner only; its settings are the manifest's method parameters.
                    let missing = ["pruner_max_resource", "pruner_patience"].first { problem.contains("needs \($0)") }
                    printError("hporun: --pruner \(pruner.rawValue): \(problem)"
                               + (missing.map { "\n    fix: add '- {name: \($0), int_value: N}' to the method's parameters in \(self.manifest)" } ?? "")
                               + "\nnothing was run")
                    throw ExitCode(2)
                }
                manifest.method.pruner = pruner == .none ? nil : settings
            }
            let setup = try await reportingErrors { try ExperimentSetup(command: self, manifest: manifest) }
            let renderer = ProgressRenderer(setup: setup)
            var options = setup.options
            options.retryFailed = retryFailed
            options.warmStart = warmStart.map { URL(fileURLWithPath: $0) }
            // DIR/report.html, rewritten off the loop as trials finish, and once more at the end.
            let report = LiveReport(directory: setup.directory)
            defer { report.finish() }
            let runner = ExperimentRunner(
                manifest: manifest, experiment: setup.record, directory: setup.directory, options: options,
                optimizer: OptimizerFactory.make(manifest.method.name, budget: setup.options.budget,
                                                 options: manifest.method.options, space: manifest.space),
                launcher: setup.launcher, events: { renderer.handle($0); report.handle($0) })
            let signals = InterruptSignals { request in
                switch request {
                case .stop(let immediately):
                    renderer.interrupted(immediately: immediately)
                    Task { await runner.interrupt(immediately: immediately) }
                case .hangUp:
                    renderer.hangUp()
                    Task {
                        let folder = FileManager.default.currentDirectoryPath
                        guard case .leave(let trials) = await runner.hangUp(command: CommandLine.arguments, folder: folder)
                        else { return }
                        report.finish()
                        renderer.leftRunning(trials)
                        // Not exit(): no buffered output may reach the dead terminal, and nothing
                        // of the run's own ending may touch the trials (left as a kill -9 leaves them).
                        _exit(ExitStatus.hungUp)
                    }
                }
            }
            defer { signals.cancel() }
            // A directory that cannot hold the experiment, or a resume that would change it, is
            // said before anything else.
            try await reportingErrors { try await runner.preflight() }
            renderer.begin()
            let summary = try await reportingErrors { try await renderer.showing { try await runner.run() } }
            renderer.finish(summary)
            let status = exitStatus(after: summary)
            if status != 0 { throw ExitCode(status) }
        }
    }
}

extension LauncherKind: ExpressibleByArgument {}
extension PrunerSettings.Kind: ExpressibleByArgument {}
