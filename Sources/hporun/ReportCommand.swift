import ArgumentParser
import Foundation
import HPOKit
import HPOReport

extension HPORun {
    /// `hporun report DIR [-o FILE]`: the experiment as one self-contained HTML page.
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an HTML report of an experiment: plots of the trials and a table linking to their files.",
            discussion: """
                One self-contained file (inline SVG, CSS and a little JavaScript; nothing is fetched, \
                so it opens offline from the file system): the experiment's method, objective, progress, \
                best trial and command; parameter importance; the optimisation history; the learning \
                curves (TEST objective by iteration); slices (objective against each hyperparameter); \
                parallel coordinates; a timeline of the trials per slot (with the time Slurm jobs \
                waited in the queue); and a sortable table of every \
                trial with links to its config.json, stdout.log, stderr.log and trial.json (relative \
                links: keep the report where it can reach the experiment directory). The file is \
                written atomically. Failed, superseded, pruned (at their iteration) and interrupted \
                trials are marked as such in every plot. Past 2,000 trials the plots with a mark per \
                trial are painted on a canvas and the table adds its rows as it is scrolled. A run keeps <experiment-dir>/report.html current by itself: it is \
                rewritten every few seconds as trials finish, and once more at the end.

                  hporun report hpo-runs/exp
                  hporun report hpo-runs/exp -o /tmp/exp.html
                """)

        @Argument(help: "The experiment directory (e.g. hpo-runs/exp1).")
        var directory: String

        @Option(name: [.short, .long], help: "Where to write the report (default: <directory>/report.html); a folder gets report.html in it.")
        var output: String?

        func run() async throws {
            let experimentDirectory = ExperimentDirectory(URL(fileURLWithPath: directory))
            let live = ExperimentLock.isHeld(directory: experimentDirectory.url)
            let file = try await reportingErrors {
                try ExperimentReport.write(directory: experimentDirectory,
                                           to: output.map { URL(fileURLWithPath: $0) }, live: live)
            }
            print(file.path)
        }
    }
}
