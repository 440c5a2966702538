import ArgumentParser
import Foundation
import Pipeline

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the pipeline file and read every input file through its mapping; write nothing.",
        discussion: "Example: oneface validate --pipeline Pipelines/sample.yml")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        do {
            let config = try options.loadConfig()
            let checks = try Inspection.validate(config)
            var failed = 0
            for check in checks {
                if let error = check.error {
                    failed += 1
                    print("FAIL  \(check.source)  \(check.path): \(error)")
                } else {
                    print("ok    \(check.source)  \(check.path): \(check.rows) rows, \(check.rejects) would be quarantined, \(check.nulled) staged with nulled values")
                    for reason in check.sampleReasons { print("        \(reason)") }
                    for reason in check.sampleNulled { print("        nulled: \(reason)") }
                    if let note = check.note { print("        note: \(note)") }
                }
            }
            print(failed == 0 ? "pipeline \(config.file) is valid" : "\(failed) input problem(s)")
            // A mapped path or record path that matches nothing is the pipeline's fault: 78.
            if checks.contains(where: \.isMappingProblem) { throw ExitCode(ExitStatus.configError) }
            if failed > 0 { throw ExitCode(ExitStatus.inputError) }
        } catch {
            throw Failure.report(error)
        }
    }
}

struct PeekCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peek",
        abstract: "Print the records a source yields after mapping, as JSON lines.",
        discussion: "Example: oneface peek --source support_tickets --limit 3")

    @OptionGroup var options: GlobalOptions
    @Option(name: .long, help: "The source to read.") var source: String
    @Option(name: .long, help: "How many records.") var limit: Int = 10

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        do {
            let config = try options.loadConfig()
            try Inspection.peek(config, source: source, limit: limit) { print($0) }
        } catch {
            throw Failure.report(error)
        }
    }
}

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the last runs: when, how long, rows per stage, rejects, outcome.",
        discussion: """
        A run shown as interrupted was still marked running but its process is gone (the run lock
        is free). Examples: oneface status --limit 5; oneface status --json
        """)

    @OptionGroup var options: GlobalOptions
    @Option(name: .long, help: "How many runs.") var limit: Int = 10
    @Flag(name: .long, help: "Print the runs as one JSON document (for monitoring).") var json = false

    func run() throws {
        do {
            let config = try options.loadConfig()
            let runs = try Inspection.status(config, limit: limit)
            if json { print(Inspection.statusJSON(runs)); return }
            if runs.isEmpty { print("no runs yet"); return }
            for run in runs {
                let exit = run.exitCode.map { " exit \($0)" } ?? ""
                print("run \(run.runID)  \(run.command)  \(run.startedAt)  \(run.status)\(exit)  read \(run.rowsRead), staged \(run.rowsStaged) (\(run.rowsNulled) with nulled values), rejected \(run.rowsRejected)")
                for stage in run.stages {
                    let seconds = stage.seconds.map { String(format: "%.2f s", $0) } ?? "-"
                    print("    \(stage.stage.padding(toLength: 10, withPad: " ", startingAt: 0)) \(stage.status)  in \(stage.rowsIn)  out \(stage.rowsOut)  rejected \(stage.rejected)  \(seconds)")
                    // What the transform could not use: records that identify nobody, values left empty.
                    if stage.stage == "transform", let message = stage.message {
                        for note in message.components(separatedBy: "; ").dropFirst()
                        where note.contains("identify nobody") || note.contains("left empty") {
                            print("               \(note)")
                        }
                    }
                }
                if let message = run.message { print("    \(message)") }
            }
        } catch {
            throw Failure.report(error)
        }
    }
}
