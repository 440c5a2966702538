import Extract
import Foundation
import Identity
import Logging
import PipelineCore
import SQLiteDB
import Staging
import Warehouse

/// Load: builds the warehouse into a new file next to the published one from what staging
/// committed (read-only: the load never writes into its input), checks it, and publishes it with
/// one `rename(2)`.
///
/// The new file starts as a copy of the published warehouse, updated for what changed in staging
/// since (`WarehouseBuilder.update`: the changed customers, their facts and aggregates, the KPI
/// tables computed again), when that warehouse was built by this build from this pipeline file and
/// no one was erased since; otherwise, and with `--full-refresh`, it is built from nothing. Both
/// give the same content.
///
/// Why a new file and a rename: an analyst with the old warehouse open in `sqlite3` keeps reading
/// the old file (its descriptor still points at it) and sees one consistent state; every new
/// connection sees the new one. There is no moment when a reader can see half a load, and a crash
/// leaves the last published warehouse untouched (the half-built file is removed by the next run).
public struct LoadStage {
    let config: PipelineConfig
    let logger: Logger
    /// Publish even an empty warehouse over a non-empty one.
    let allowEmpty: Bool
    /// Build the whole warehouse even when the published one could be updated.
    let fullRefresh: Bool

    /// Shows which step the load is on, on a terminal.
    var progress: ProgressReporter?

    public init(config: PipelineConfig, logger: Logger, allowEmpty: Bool = false, fullRefresh: Bool = false,
                progress: ProgressReporter? = nil) {
        self.fullRefresh = fullRefresh
        self.progress = progress
        self.config = config
        self.logger = logger
        self.allowEmpty = allowEmpty
    }

    /// The run row to write into the new warehouse's `etl_run`, as it will stand once published.
    public struct RunRow: Sendable {
        public var runID: Int64
        public var status: LedgerStatus
        public var exitCode: Int32
        public var message: String?
    }

    public func run(finalRun: RunRow) throws -> WarehouseBuilder.Counts {
        let target = config.warehousePath
        let building = target + ".building"
        let folder = (target as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for leftover in [building, building + "-journal"] + WarehouseBuilder.scratchFiles(of: building) where FileManager.default.fileExists(atPath: leftover) {
            try FileManager.default.removeItem(atPath: leftover)
        }
        let counts: WarehouseBuilder.Counts
        do {
            counts = try build(at: building, finalRun: finalRun)
        } catch {
            try? FileManager.default.removeItem(atPath: building)
            throw error
        }
        if !allowEmpty, counts.customers == 0, counts.facts == 0, let published = try Self.publishedCustomers(at: target), published > 0 {
            try? FileManager.default.removeItem(atPath: building)
            throw PipelineError.input("the new warehouse is empty (no customers, no facts) and would replace one with \(published) customers; "
                + "nothing was published. Check `oneface status` and etl_file for failed or rejected exports; if every source "
                + "is empty on purpose, rerun with --allow-empty")
        }
        try Publish.replace(target, with: building)
        return counts
    }

    private func build(at path: String, finalRun: RunRow) throws -> WarehouseBuilder.Counts {
        let zone = TimeZone(identifier: config.timeZone) ?? TimeZone(identifier: "UTC")!
        let names = WarehouseBuilder.stepNames + ["quick and foreign key check", "reconcile and analyse"]
        let began = Date()
        func announce(_ index: Int) {
            progress?.step(stage: "load", index: index + 1, count: names.count, name: names[index], elapsed: Date().timeIntervalSince(began))
        }
        defer { progress?.finish() }
        let builder = WarehouseBuilder(sources: config.sources, timeZone: zone, kpi: config.kpi, identity: config.identity)
        let timing = { (step: String, seconds: Double) in
            logger.info("load: \(step) in \(String(format: "%.2f", seconds)) s (resident \(StepClock.residentMegabytes()) MB)")
        }
        let basis = try loadBasis()
        var built: (db: Database, counts: WarehouseBuilder.Counts)?
        var why: String?
        if fullRefresh {
            why = "--full-refresh"
        } else if basis == nil {
            why = "cannot read what the warehouse would be built from (the OneFace binary, the pipeline file or staging)"
        } else if !FileManager.default.fileExists(atPath: config.warehousePath) {
            why = "no published warehouse yet"
        } else if let basis {
            switch update(at: path, builder: builder, basis: basis, timing: timing) {
            case let .success(result): built = result
            case let .failure(failure): why = failure.reason
            }
        }
        if built == nil {
            let db = try Database(path: path)
            var counts = try builder.build(into: db, stagingPath: config.stagingPath, basis: basis, starting: announce, step: timing)
            counts.how = "built whole: " + (why ?? "asked for")
            built = (db, counts)
        }
        let (db, counts) = built!
        try db.execute("""
            UPDATE etl_run SET status = ?, exit_code = ?, message = ?, finished_at = ? WHERE run_id = ?
            """, [.text(finalRun.status.rawValue), .integer(Int64(finalRun.exitCode)), SQLValue(finalRun.message),
                  .text(LedgerClock.nowISO()), .integer(finalRun.runID)])
        // The load's own row, as it will stand once published (staging records the final seconds).
        try db.execute("UPDATE etl_stage SET status = ?, message = ? WHERE run_id = ? AND stage = 'load'",
                       [.text(LedgerStatus.succeeded.rawValue), .text("published"), .integer(finalRun.runID)])
        var started = Date()
        announce(names.count - 2)
        // Both checks only read the finished file: quick_check on a second connection, on the other core.
        let quick = Background { Result { try WarehouseBuilder.quickCheck(try Database(path: path, mode: .readOnly)) } }
        let foreignKeys = Result { try WarehouseBuilder.foreignKeyCheck(db) }
        let problems = try quick.wait().get() + foreignKeys.get()
        logger.info("load: quick and foreign key check in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
        started = Date()
        guard problems.isEmpty else {
            throw PipelineError.reconciliation("warehouse checks failed: \(problems.joined(separator: "; "))")
        }
        announce(names.count - 1)
        try reconcile(db, counts: counts)
        try db.execute("ANALYZE; PRAGMA journal_mode=DELETE;")
        logger.info("load: reconciled and analysed in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
        return counts
    }

    /// Why an update was not possible (the caller builds every row).
    private struct NotUpdated: Error { let reason: String }

    /// The published warehouse copied to `path` and updated for what changed since it was built;
    /// the reason, logged and with the copy removed, when it cannot be.
    private func update(at path: String, builder: WarehouseBuilder, basis: String,
                        timing: @escaping (String, Double) -> Void) -> Result<(db: Database, counts: WarehouseBuilder.Counts), NotUpdated> {
        let started = Date()
        let reason: String
        do {
            try FileManager.default.copyItem(atPath: config.warehousePath, toPath: path)
            timing("copied the published warehouse", Date().timeIntervalSince(started))
            let db = try Database(path: path)
            return .success((db, try builder.update(db, stagingPath: config.stagingPath, basis: basis, step: timing)))
        } catch let WarehouseError.notIncremental(why) {
            reason = why
            logger.notice("load: building the whole warehouse: \(reason)")
        } catch {
            // A night's load must not fail where a full build can still succeed: say so loudly.
            reason = "updating the published warehouse failed (\(error))"
            logger.warning("load: building the whole warehouse: \(reason)")
        }
        for leftover in [path, path + "-journal"] + WarehouseBuilder.scratchFiles(of: path) {
            try? FileManager.default.removeItem(atPath: leftover)
        }
        return .failure(NotUpdated(reason: reason))
    }

    /// What a warehouse must have been built from for a load to update it (`WarehouseBuilder.update`):
    /// this OneFace build, this pipeline file, and the same erasures in staging. Nil when one cannot
    /// be read (every load then builds the whole warehouse).
    private func loadBasis() throws -> String? {
        guard let build = TransformInputDigest.build, let pipeline = try? FileDigest.of(path: config.file).sha256,
              let staging = try? Database(path: config.stagingPath, mode: .readOnly) else { return nil }
        let erasures = try? staging.rows("SELECT count(*), max(erased_run) FROM erasure_tombstone").first
        let lines = ["build \(build)", "pipeline \(pipeline)", "warehouse schema \(WarehouseSchema.version)",
                     "erasures \(erasures?[0].int ?? -1) \(erasures?[1].int ?? 0)"]
        let hasher = SHA256()
        hasher.update(Array(lines.joined(separator: "\n").utf8))
        return hasher.finalizeHex()
    }

    /// Current customers of the published warehouse, or nil when there is none (or it cannot be read).
    static func publishedCustomers(at path: String) throws -> Int64? {
        guard FileManager.default.fileExists(atPath: path), let db = try? Database(path: path, mode: .readOnly) else { return nil }
        return try? db.scalar("SELECT count(*) FROM dim_customer WHERE is_current = 1")?.int
    }

    /// Every current staged record of a fact entity is in its fact table, once.
    private func reconcile(_ db: Database, counts: WarehouseBuilder.Counts) throws {
        let pairs: [(Entity, String)] = [(.emailEvent, "fact_email_event"), (.ticket, "fact_support_ticket"),
                                         (.purchase, "fact_purchase"), (.surveyResponse, "fact_survey_response")]
        try db.execute("ATTACH DATABASE ? AS stg", [.text(StagingStore.readOnlyURI(config.stagingPath))])
        defer { try? db.execute("DETACH DATABASE stg") }
        for (entity, table) in pairs {
            let sources = config.sources.filter { $0.entity == entity }
            var expected: Int64 = 0
            for source in sources {
                expected += try db.scalar("""
                    SELECT count(DISTINCT s.record_id) FROM stg.\(quoteIdentifier(source.stagingTable)) s
                    JOIN stg.etl_file f ON f.file_id = s.file_id WHERE f.status = ?
                    """, [.text(FileStatus.staged.rawValue)])?.int ?? 0
            }
            let loaded = Int64(counts.tables[table] ?? 0)
            guard loaded == expected else {
                throw PipelineError.reconciliation("\(table) has \(loaded) rows but staging holds \(expected) current records")
            }
        }
    }
}

/// Atomic replacement of a file by another in the same folder.
enum Publish {
    static func replace(_ target: String, with built: String) throws {
        syncFile(built)
        guard rename(built, target) == 0 else {
            throw PipelineError.failure("cannot publish the warehouse at \(target): \(String(cString: strerror(errno))). The previous warehouse is unchanged.")
        }
        syncFile((target as NSString).deletingLastPathComponent)
    }

    @discardableResult
    static func syncFile(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return fsync(fd) == 0
    }
}
