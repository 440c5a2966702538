import ArgumentParser
import Foundation
import Logging
import Pipeline
import Publish
import PipelineCore
import Staging

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The pipeline file.")
    var pipeline: String = "Pipelines/sample.yml"

    @Option(name: .long, help: "Read the exports from this folder instead of the pipeline's input_root.")
    var inputRoot: String?

    @Option(name: .long, help: "Write the warehouse here instead of the pipeline's `warehouse`.")
    var warehouse: String?

    @Option(name: .long, help: "Keep staging here instead of the pipeline's `staging`.")
    var staging: String?

    @Flag(name: .long, help: "Only warnings and errors on stderr.")
    var quiet = false

    @Flag(name: .long, help: "Also log each file.")
    var verbose = false

    @Option(name: .long, help: "After a run, write Prometheus text-format metrics to this file (atomically, for node_exporter's textfile collector).")
    var metricsFile: String?

    @Option(name: .long, help: "Log format on stderr: text or json.")
    var logFormat: String = "text"

    func validate() throws {
        guard StderrLogHandler.Format(rawValue: logFormat) != nil else {
            throw ValidationError("--log-format must be text or json")
        }
    }

    var logger: Logger {
        LogSetup.logger(format: StderrLogHandler.Format(rawValue: logFormat) ?? .text, quiet: quiet, verbose: verbose)
    }

    /// The pipeline with command-line overrides applied; a bad file exits with the config code.
    func loadConfig() throws -> PipelineConfig {
        // Before anything can fail: a fatal error is written in the log format asked for.
        LogSetup.format = StderrLogHandler.Format(rawValue: logFormat) ?? .text
        var config: PipelineConfig
        do {
            config = try PipelineConfig.load(path: pipeline)
        } catch {
            throw Failure.report(PipelineError.config(error))
        }
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : (cwd as NSString).appendingPathComponent(path)
        }
        if let inputRoot { config.inputRoot = (absolute(inputRoot) as NSString).standardizingPath }
        if let warehouse { config.warehousePath = (absolute(warehouse) as NSString).standardizingPath }
        if let staging { config.stagingPath = (absolute(staging) as NSString).standardizingPath }
        return config
    }

    /// Progress on a terminal, unless quiet or logging JSON.
    var progress: ProgressReporter? {
        let line = ProgressLine.shared
        line.isEnabled = isatty(STDERR_FILENO) == 1 && !quiet && logFormat == "text"
        return line.isEnabled ? line : nil
    }
}

/// Turns errors into one clear message on stderr and the documented exit code.
enum Failure {
    static func report(_ error: Error) -> ExitCode {
        ProgressLine.shared.clear()
        if let exit = error as? ExitCode { return exit }
        let pipelineError = (error as? PipelineError) ?? (error as? StagingError).map(PipelineError.staging)
        let publishError = error as? PublishError
        let message = pipelineError?.description ?? publishError?.description ?? "failed: \(error)"
        let code = pipelineError?.exitCode ?? publishError?.exitCode ?? ExitStatus.failure
        if LogSetup.format == .json {
            StandardError.write(StderrLogHandler.jsonLine(level: "critical", message: message, extra: [("exit_code", String(code))]) + "\n")
        } else {
            StandardError.write("oneface: \(message)\n")
        }
        return ExitCode(code)
    }
}
