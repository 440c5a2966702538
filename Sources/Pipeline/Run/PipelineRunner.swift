import Foundation
import Logging
import PipelineCore
import SQLiteDB
import Staging

/// The three stages, in the order a night runs them.
public enum Stage: String, CaseIterable, Sendable {
    case extract, transform, load
}

/// What the operator asked for.
public struct RunRequest: Sendable {
    public var command: String
    public var stages: [Stage]
    /// Sources to extract; empty means all.
    public var sources: [String]
    public var force: Bool
    /// Forget a person before the stages run (then run transform and load).
    public var erase: ErasureRequest?
    /// Transform: derive customer versions from the staged records alone, dropping the kept history
    /// of customers who disappeared. (Every load rebuilds the whole warehouse from staging.)
    public var fullRefresh: Bool
    /// Train a new identity model even when a saved one fits.
    public var retrain: Bool
    /// Publish an empty warehouse over a non-empty one (otherwise the load refuses).
    public var allowEmpty: Bool
    /// Where to write Prometheus text-format metrics at the end of the run (nil: nowhere).
    public var metricsFile: String?

    public init(command: String, stages: [Stage], sources: [String] = [], force: Bool = false, erase: ErasureRequest? = nil,
                fullRefresh: Bool = false, retrain: Bool = false, allowEmpty: Bool = false) {
        self.fullRefresh = fullRefresh
        self.allowEmpty = allowEmpty
        self.retrain = retrain
        self.command = command
        self.stages = stages
        self.sources = sources
        self.force = force
        self.erase = erase
    }
}

/// What a run did.
public struct RunReport: Sendable {
    public var runID: Int64
    public var exitCode: Int32
    public var files: [FileResult]
    public var warehousePath: String
}

/// Runs stages under the lock, with a ledger row per run and per stage, and one summary log line
/// per stage. A bad row never stops the run; a file that cannot be read is recorded, the rest go on,
/// and the exit code says so.
public final class PipelineRunner {
    let config: PipelineConfig
    let logger: Logger
    let progress: ProgressReporter?

    public init(config: PipelineConfig, logger: Logger, progress: ProgressReporter? = nil) {
        self.config = config
        self.logger = logger
        self.progress = progress
    }

    public func run(_ request: RunRequest) throws -> RunReport {
        for name in request.sources where config.source(named: name) == nil {
            throw PipelineError.config(ConfigError(file: config.file, line: nil, key: "--source \(name)",
                problem: "no such source; the pipeline has: \(config.sources.map(\.name).joined(separator: ", "))"))
        }
        // Both outputs are locked: two runs sharing a staging database but writing different
        // warehouses would otherwise both start.
        let lock = try RunLock(path: config.warehousePath + ".lock")
        let stagingLock = try RunLock(path: config.stagingPath + ".lock")
        defer { withExtendedLifetime((lock, stagingLock)) {} }
        let store = try StagingStore(config: config)
        let ledger = store.ledger
        // We hold the lock, so a run still marked running died (killed, power cut).
        try ledger.closeInterrupted()
        let runID = try ledger.start(command: request.command)
        var files: [FileResult] = []
        var totals = (read: 0, staged: 0, rejected: 0)
        var exitCode = ExitStatus.success
        var message: String?
        var customers: Int?
        do {
            if let erase = request.erase {
                let outcome = try Erasure.erase(erase, store: store, runID: runID)
                logger.notice("forget: erased \(outcome.records) source records of customer(s) \(outcome.customers.joined(separator: ", ")); tombstones recorded")
            }
            if request.stages.contains(.extract) {
                try timed(ledger, runID, .extract) {
                    files = try ExtractStage(store: store, runID: runID, logger: logger, progress: progress)
                        .run(sources: request.sources, force: request.force)
                    totals.read = files.reduce(0) { $0 + $1.rowsRead }
                    totals.staged = files.reduce(0) { $0 + $1.rowsStaged }
                    totals.rejected = files.reduce(0) { $0 + $1.rowsRejected }
                    let ignored = files.reduce(0) { $0 + $1.rowsIgnored }
                    guard totals.read == totals.staged + totals.rejected + ignored else {
                        throw PipelineError.reconciliation("run read \(totals.read) rows, staged \(totals.staged), rejected \(totals.rejected), ignored \(ignored)")
                    }
                    let failed = files.filter { $0.outcome == .failed }
                    if !failed.isEmpty {
                        exitCode = ExitStatus.inputError
                        message = "\(failed.count) file(s) failed (unreadable, or over their source's limits): " + failed.map(\.path).joined(separator: ", ")
                    }
                    let staged = files.filter { $0.outcome == .staged }.count
                    let unchanged = files.filter { $0.outcome == .unchanged }.count
                    let nulled = files.reduce(0) { $0 + $1.rowsNulled }
                    let summary = "extract: \(staged) file(s) staged, \(unchanged) unchanged, \(failed.count) failed; rows read \(totals.read), staged \(totals.staged) (\(nulled) with nulled values), rejected \(totals.rejected)"
                        + (ignored > 0 ? ", ignored \(ignored) (`ignore:` in the mapping)" : "")
                    return (totals.read, totals.staged, totals.rejected, summary)
                }
            }
            if request.stages.contains(.transform) {
                try timed(ledger, runID, .transform) {
                    let result = try TransformStage(store: store, runID: runID, logger: logger, retrain: request.retrain,
                                                fullRefresh: request.fullRefresh, force: request.force, progress: progress).run()
                    if let kept = result.keptFrom {
                        return (result.records, result.customers, 0,
                                "transform: nothing that identifies people changed since run \(kept); kept its \(result.records) person records "
                                    + "and \(result.customers) customers (`--force` resolves again)")
                    }
                    let events = result.events.keys.sorted().map { "\($0) \(result.events[$0]!)" }.joined(separator: ", ")
                    return (result.records, result.customers, 0,
                            "transform: \(result.records) person records resolved to \(result.customers) customers; "
                                + (result.touchedRecords.map { "incrementally: \($0) records new, changed or beside a change; " } ?? "")
                                + "\(result.comparedPairs) pairs compared, \(result.matchedPairs) matches linked"
                                + (result.modelTrained ? ", model trained" : "") + (events.isEmpty ? "" : " (ids: \(events))")
                                + (result.unidentified == 0 ? "" : "; \(result.unidentified) records identify nobody (id_unidentified)")
                                + (result.nulledValues == 0 ? "" : "; \(result.nulledValues) values left empty in normalisation (id_nulled)"))
                }
            }
            if request.stages.contains(.load) {
                let status: LedgerStatus = exitCode == ExitStatus.success ? .succeeded : .completedWithErrors
                try timed(ledger, runID, .load) {
                    let counts = try LoadStage(config: config, logger: logger, allowEmpty: request.allowEmpty,
                                                   fullRefresh: request.fullRefresh, progress: progress)
                        .run(finalRun: .init(runID: runID, status: status, exitCode: exitCode, message: message))
                    customers = counts.customers
                    return (counts.facts, counts.customers, 0,
                            "load: published \(config.warehousePath) with \(counts.customers) customers and \(counts.facts) facts (\(counts.how))")
                }
            }
            try ledger.finish(runID, status: exitCode == ExitStatus.success ? .succeeded : .completedWithErrors, exitCode: exitCode,
                              read: totals.read, staged: totals.staged, rejected: totals.rejected, message: message)
            writeMetrics(request, runID: runID, store: store, customers: customers)
            if request.stages.contains(.load) { writeReport() }
        } catch {
            let code = (error as? PipelineError)?.exitCode ?? ExitStatus.failure
            try? ledger.finish(runID, status: .failed, exitCode: code, read: totals.read, staged: totals.staged,
                               rejected: totals.rejected, message: "\(error)")
            writeMetrics(request, runID: runID, store: store, customers: nil)
            throw error
        }
        return RunReport(runID: runID, exitCode: exitCode, files: files, warehousePath: config.warehousePath)
    }

    /// Metrics for monitoring; a metrics file that cannot be written costs a warning, not the run.
    private func writeMetrics(_ request: RunRequest, runID: Int64, store: StagingStore, customers: Int?) {
        guard let path = request.metricsFile else { return }
        do {
            try MetricsFile.write(path: path, runID: runID, db: store.db, customers: customers)
        } catch {
            logger.warning("metrics not written: \(error)")
        }
    }

    /// The night report the pipeline asks for (`report:`), from the warehouse just published; a
    /// report that cannot be written costs a warning, not the night.
    private func writeReport() {
        guard let report = config.report else { return }
        let started = Date()
        do {
            let bytes = try ReportRun.write(config: config, out: report.out, truthPath: report.truth)
            logger.notice("report: wrote \(report.out) (\(bytes / 1024) KiB) in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
        } catch {
            logger.warning("report not written: \(error)")
        }
    }

    /// Runs one stage with its ledger row and its summary line (rows, rejects, seconds).
    private func timed(_ ledger: RunLedger, _ runID: Int64, _ stage: Stage,
                       _ body: () throws -> (rowsIn: Int, rowsOut: Int, rejected: Int, summary: String)) throws {
        try ledger.startStage(runID, stage.rawValue)
        let started = Date()
        do {
            let result = try body()
            let seconds = Date().timeIntervalSince(started)
            try ledger.finishStage(runID, stage.rawValue, seconds: seconds, rowsIn: result.rowsIn, rowsOut: result.rowsOut,
                                   rejected: result.rejected, status: .succeeded, message: result.summary)
            logger.notice("\(result.summary) in \(String(format: "%.2f", seconds)) s",
                          metadata: ["stage": "\(stage.rawValue)", "seconds": "\(String(format: "%.3f", seconds))"])
        } catch {
            try? ledger.finishStage(runID, stage.rawValue, seconds: Date().timeIntervalSince(started), rowsIn: 0, rowsOut: 0,
                                    rejected: 0, status: .failed, message: "\(error)")
            throw error
        }
    }
}
