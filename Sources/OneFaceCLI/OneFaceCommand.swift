import Foundation
import ArgumentParser
import Pipeline
import Publish

/// `oneface`: one face of the customer, from four systems' nightly exports to one SQLite warehouse.
public struct OneFaceCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "oneface",
        abstract: "Extract customer exports, resolve identities, load a SQLite star-schema warehouse.",
        discussion: """
        The nightly job runs `oneface run`; after fixing one export, rerun just that part, e.g.
          oneface extract --source email_contacts && oneface transform && oneface load

        Exit codes: 0 success; 65 an input file could not be read or broke its limits (the rest was loaded);
        70 failure (nothing published); 75 another run holds the lock; 78 pipeline file error.
        """,
        version: OneFaceVersion.description,
        subcommands: [RunCommand.self, ExtractCommand.self, TransformCommand.self, LoadCommand.self,
                      ValidateCommand.self, PeekCommand.self, StatusCommand.self, ForgetCommand.self, SampleCommand.self,
                      DocsCommand.self, ExplainCommand.self, EvaluateCommand.self, ReviewCommand.self, ReportCommand.self,
                      PublishCommand.self])

    public init() {}

    /// The process entry point: broken log pipes do not stop a run, then the command runs.
    public static func start() {
        StandardError.ignoreBrokenPipes()
        main()
    }
}

/// Runs stages and turns the outcome into the exit code.
enum StageRunner {
    static func run(_ options: GlobalOptions, _ request: RunRequest) throws {
        do {
            let config = try options.loadConfig()
            let runner = PipelineRunner(config: config, logger: options.logger, progress: options.progress)
            var request = request
            if let path = options.metricsFile {
                request.metricsFile = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            }
            let report = try runner.run(request)
            // The warehouse went out (a failed input file, exit 65, still loads the rest): publish it on.
            if let publish = config.publish, request.stages.contains(.load),
               report.exitCode == ExitStatus.success || report.exitCode == ExitStatus.inputError {
                _ = try WarehousePublisher(warehousePath: config.warehousePath, config: publish, logger: options.logger).publish()
            }
            if report.exitCode != ExitStatus.success { throw ExitCode(report.exitCode) }
        } catch {
            throw Failure.report(error)
        }
    }
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Extract, transform and load in one go (the nightly job).",
        discussion: "Example: oneface run --pipeline Pipelines/sample.yml")

    @OptionGroup var options: GlobalOptions
    @Flag(help: "Re-extract files even when their content was staged before, and resolve identities again.") var force = false
    @Flag(help: "Train a new identity model even when the saved one fits.") var retrain = false
    @Flag(name: .long, help: "Derive customer versions from the staged records alone, dropping the kept history of customers who vanished from every source.")
    var fullRefresh = false
    @Flag(name: .long, help: "Publish even when the new warehouse is empty and the published one is not.")
    var allowEmpty = false

    func run() throws {
        try StageRunner.run(options, RunRequest(command: "run", stages: Stage.allCases, force: force, fullRefresh: fullRefresh,
                                                retrain: retrain, allowEmpty: allowEmpty))
    }
}

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Read the exports into staging (unchanged files are skipped).",
        discussion: "Example, after fixing the e-mail export: oneface extract --source email_contacts --force")

    @OptionGroup var options: GlobalOptions
    @Option(name: .long, help: "Only this source (repeatable).") var source: [String] = []
    @Flag(help: "Re-extract files even when their content was staged before.") var force = false

    func run() throws {
        try StageRunner.run(options, RunRequest(command: "extract", stages: [.extract], sources: source, force: force))
    }
}

struct TransformCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transform",
        abstract: "Normalise staged records and resolve customer identities.",
        discussion: """
        Examples:
          oneface transform                      # reuse the saved identity model (train one the first time)
          oneface transform --retrain            # estimate m, u and lambda again from tonight's records
          oneface transform --explain-blocking   # how many pairs each blocking rule compares; writes nothing
          oneface transform --explain-blocking --truth SampleData/truth.csv   # and the share of true pairs each reaches
          oneface transform --full-refresh       # customer history from the staged records alone (drops vanished customers' kept history)
          oneface transform --force              # resolve every record again (not incrementally, not kept)
        """)

    @OptionGroup var options: GlobalOptions
    @Flag(help: "Train a new identity model even when the saved one fits.") var retrain = false
    @Flag(name: .long, help: "Derive customer versions from the staged records alone, dropping the kept history of customers who vanished from every source.")
    var fullRefresh = false
    @Flag(help: "Resolve every record again: not incrementally from the last transform, and even when nothing that identifies people changed since it (which is otherwise kept).")
    var force = false
    @Flag(help: "Print the comparisons each blocking rule generates, then stop without writing.") var explainBlocking = false
    @Option(name: .long, help: "With --explain-blocking: a truth CSV (system, source_record_id, entity_id/person_id/cluster_id; optionally source); also print the share of its true pairs each rule reaches.")
    var truth: String?

    func validate() throws {
        if truth != nil && !explainBlocking { throw ValidationError("--truth goes with --explain-blocking (to score the clustering, use `oneface evaluate --truth`)") }
    }

    func run() throws {
        if explainBlocking {
            try IdentityCommands.explainBlocking(options, truth: truth)
            return
        }
        try StageRunner.run(options, RunRequest(command: "transform", stages: [.transform], force: force, fullRefresh: fullRefresh,
                                                retrain: retrain))
    }
}

struct LoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Build the warehouse from staging and publish it atomically.",
        discussion: """
        A load copies what staging committed into the warehouse: current records, the identities
        and the customer versions the transform derived (with the closed history of customers who
        disappeared from all sources), then the aggregates. It reads staging only. When the
        published warehouse was built by this OneFace from this pipeline file (and no one was
        erased since), the load updates a copy of it for what changed: the changed customers,
        their facts and customer-months; the KPI and 360 tables are computed again. Otherwise it
        builds every row. Either way the new file is published at once.
        --full-refresh builds every row (the same content); to drop the kept history of vanished
        customers, run `oneface transform --full-refresh` first.
        Example: oneface load --full-refresh
        """)

    @OptionGroup var options: GlobalOptions
    @Flag(name: .long, help: "Build every row of the warehouse from staging, instead of updating the published one.")
    var fullRefresh = false
    @Flag(name: .long, help: "Publish even when the new warehouse is empty and the published one is not.")
    var allowEmpty = false

    func run() throws {
        try StageRunner.run(options, RunRequest(command: "load", stages: [.load], fullRefresh: fullRefresh, allowEmpty: allowEmpty))
    }
}
