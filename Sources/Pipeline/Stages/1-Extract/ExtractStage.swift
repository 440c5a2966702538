import Extract
import Foundation
import Logging
import PipelineCore
import SQLiteDB
import Staging

/// What happened to one input file.
public struct FileResult: Sendable {
    public enum Outcome: String, Sendable { case staged, unchanged, failed }
    public let source: String
    public let path: String
    public let outcome: Outcome
    public let rowsRead: Int
    public let rowsStaged: Int
    public let rowsRejected: Int
    /// Rows skipped for a value the mapping's `ignore:` lists.
    public let rowsIgnored: Int
    /// Staged rows with at least one value nulled under `on_invalid: null` (part of `rowsStaged`).
    public let rowsNulled: Int
    public let message: String?

    public init(source: String, path: String, outcome: Outcome, rowsRead: Int, rowsStaged: Int, rowsRejected: Int,
                rowsNulled: Int = 0, rowsIgnored: Int = 0, message: String?) {
        self.rowsIgnored = rowsIgnored
        self.source = source
        self.path = path
        self.outcome = outcome
        self.rowsRead = rowsRead
        self.rowsStaged = rowsStaged
        self.rowsRejected = rowsRejected
        self.rowsNulled = rowsNulled
        self.message = message
    }
}

/// Extract: reads every matching export of the chosen sources into staging.
///
/// Each file is staged in one transaction together with its manifest row, its rejects and its
/// nulled values (`etl_nulled`), so a file is either wholly staged or not at all. An unchanged
/// file (same SHA-256 as one already staged for the source) is skipped unless `force`.
public struct ExtractStage {
    let store: StagingStore
    let runID: Int64
    let logger: Logger
    let progress: ProgressReporter?

    public init(store: StagingStore, runID: Int64, logger: Logger, progress: ProgressReporter? = nil) {
        self.store = store
        self.runID = runID
        self.logger = logger
        self.progress = progress
    }

    /// Extracts `sources` (all when empty). Returns one result per matching file.
    public func run(sources names: [String], force: Bool) throws -> [FileResult] {
        let config = store.config
        let tombstones = try Tombstones(db: store.db, config: config)
        let timeZone = TimeZone(identifier: config.timeZone) ?? TimeZone(identifier: "UTC")!
        var results: [FileResult] = []
        for source in config.sources where names.isEmpty || names.contains(source.name) {
            let mapper: RecordMapper
            do {
                mapper = try RecordMapper(source: source, configFile: config.file, timeZone: timeZone, kpi: config.kpi)
            } catch {
                throw PipelineError.config(error)
            }
            let files = FileGlob.match(source.path, in: config.inputRoot)
            if files.isEmpty {
                // A missing export is an input problem: recorded, reported, and the other sources go on.
                let error = ExtractError.cannotOpen(file: config.inputRoot + "/" + source.path, reason: "no file matches this pattern")
                results.append(try recordFailure(source: source, relative: source.path, size: 0, sha256: "", error: error))
            }
            for relative in files {
                results.append(try extract(file: relative, of: source, mapper: mapper, force: force, tombstones: tombstones))
            }
        }
        return results
    }

    private func extract(file relative: String, of source: SourceConfig, mapper: RecordMapper, force: Bool,
                         tombstones: Tombstones) throws -> FileResult {
        let db = store.db
        let path = store.config.inputRoot + "/" + relative
        let digest: FileDigest
        do {
            digest = try FileDigest.of(path: path)
        } catch {
            return try recordFailure(source: source, relative: relative, size: 0, sha256: "", error: error)
        }
        let manifest = store.manifest
        if !force, let known = try manifest.stagedPath(source: source.name, sha256: digest.sha256) {
            logger.info("unchanged, skipped", metadata: ["source": "\(source.name)", "file": "\(relative)", "staged_as": "\(known)"])
            return FileResult(source: source.name, path: relative, outcome: .unchanged, rowsRead: 0, rowsStaged: 0, rowsRejected: 0, message: nil)
        }

        if store.config.redelivery == .quarantine, !force,
           let previous = try manifest.stagedDigest(source: source.name, path: relative), previous != digest.sha256 {
            return try quarantine(file: relative, of: source, mapper: mapper, digest: digest)
        }

        let opened: (reader: any RecordReader, mapper: RecordMapper, delimiter: UInt8)
        let bytes: ByteSource
        do {
            bytes = try ByteSource(path: path)
            opened = try SourceReaders.open(source, bytes: bytes, mapper: mapper)
        } catch {
            return try recordFailure(source: source, relative: relative, size: digest.size, sha256: digest.sha256, error: error)
        }

        let encodingNote = SourceReaders.encodingNote(source, reader: opened.reader)
        if let encodingNote {
            logger.warning("encoding differs from the dialect", metadata: ["source": "\(source.name)", "file": "\(relative)", "note": "\(encodingNote)"])
        }
        let batches = MappedBatches()
        batches.start(reader: opened.reader, mapper: opened.mapper, delimiter: opened.delimiter, tombstones: tombstones, bytes: bytes)
        var counts = ExtractCounts()
        var reasons: [String] = []
        var failure: String?
        do {
            try db.inTransaction {
                let fileID = try manifest.add(source, path: relative, size: digest.size, sha256: digest.sha256, status: .staging, runID: runID)
                // Only mapped columns are bound; the others stay NULL by default.
                let mapped = mapper.mappedFieldIndexes
                let columns = ["file_id", "line"] + mapped.map { mapper.fields[$0].name }
                let insert = try db.prepare("INSERT INTO \(quoteIdentifier(source.stagingTable)) (\(columns.map(quoteIdentifier).joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))")
                let reject = try db.prepare("INSERT INTO etl_reject(run_id, file_id, source, file, line, reason, raw_text) VALUES (?, ?, ?, ?, ?, ?, ?)")
                let nulled = try db.prepare("INSERT INTO etl_nulled(file_id, line, source, field, reason, raw_value) VALUES (?, ?, ?, ?, ?, ?)")
                let started = Date()
                while let batch = try batches.next() {
                    try batch.bytes.withUnsafeBufferPointer { arena in
                        for row in batch.rows {
                            counts.read += 1
                            switch row {
                            case let .staged(line, first):
                                insert.resetForRow()
                                try insert.bind(.integer(fileID), at: 1)
                                try insert.bind(.integer(Int64(line)), at: 2)
                                for offset in 0..<mapped.count {
                                    let field = batch.fields[first + offset]
                                    let position = Int32(offset + 3)
                                    switch field.kind {
                                    case .null: try insert.bind(.null, at: position)
                                    case .integer: try insert.bind(.integer(field.value), at: position)
                                    case .text:
                                        // An empty arena has no base address; bind an empty text then.
                                        let base = arena.baseAddress.map { $0 + Int(field.value) } ?? UnsafePointer(bitPattern: 1)!
                                        try insert.bindStaticText(base, count: Int(field.length), at: position)
                                    }
                                }
                                try insert.step()
                                counts.staged += 1
                            case let .rejected(line, reason, rawText):
                                // An erased subject's row is quarantined without its text.
                            try reject.execute([.integer(runID), .integer(fileID), .text(source.name), .text(relative),
                                                .integer(Int64(line)), .text(reason), rawText.isEmpty ? .null : .text(rawText)])
                                counts.rejected += 1
                                if reason == MappedBatches.erasedReason { counts.erased += 1 }
                            case .ignored:
                                counts.ignored += 1
                            }
                        }
                    }
                    for entry in batch.nulled {
                        try nulled.execute([.integer(fileID), .integer(Int64(entry.line)), .text(source.name), .text(entry.value.field),
                                            .text(entry.value.reason), SQLValue(entry.value.rawValue)])
                    }
                    counts.nulled += batch.nulledRows
                    progress?.update(stage: "extract", item: relative, done: batch.position, total: digest.size, rows: counts.read,
                                     elapsed: Date().timeIntervalSince(started))
                }
                try reconcile(fileID: fileID, source: source, relative: relative, counts: counts)
                let stray = SourceReaders.strayNote(source, reader: opened.reader)
                if let stray {
                    logger.warning("elements that look like records were not read", metadata: [
                        "source": "\(source.name)", "file": "\(relative)", "elements": "\(stray.count)", "note": "\(stray.message)"])
                }
                reasons = counts.rejected == 0 ? [] : try manifest.topRejectReasons(fileID: fileID).map { "\($0.reason) (\($0.rows))" }
                // Rows of erased people are rejected on purpose and count against no limit.
                if let stray, stray.count > counts.read {
                    // More look-alikes than records: the record path misses the export's records.
                    failure = stray.message + "; more of them than records read (\(counts.read)), so the file counts as failed and "
                        + "the last good delivery stays staged. Fix dialect.record_element of source \(source.name)"
                    try manifest.withdraw(source, fileID: fileID, path: relative, runID: runID, reason: "records outside record_element")
                    try manifest.finish(fileID: fileID, status: .failed, read: counts.read, staged: 0, rejected: counts.read, nulled: 0)
                    try manifest.setMessage(failure!, fileID: fileID)
                } else if let violation = source.limits.violation(read: counts.read - counts.erased - counts.ignored, rejected: counts.rejected - counts.erased,
                                                           nulled: counts.nulled) {
                    // Over its limits: the file counts as failed, its rows stay out, and the last good
                    // delivery of the same export stays staged.
                    // Read before the withdrawal below takes the nulled values out with the rows.
                    let nulledReasons = counts.nulled == 0 ? [] : try manifest.topNulledReasons(fileID: fileID).map { "\($0.reason) (\($0.rows))" }
                    failure = "failed its limits: \(violation)"
                        + (reasons.isEmpty ? "" : "; top reasons: " + reasons.joined(separator: ", "))
                        + (nulledReasons.isEmpty ? "" : "; top nulled values: " + nulledReasons.joined(separator: ", "))
                        + ". Its rows stay out; the last good delivery stays staged. Fix the export or the mapping (a changed date format needs "
                        + "dialect.date_formats), or raise `limits` for source \(source.name), then rerun `oneface extract --source \(source.name) && oneface transform && oneface load` "
                        + "(or the whole `oneface run`)"
                    try manifest.withdraw(source, fileID: fileID, path: relative, runID: runID, reason: "file failed its limits: \(violation)")
                    try manifest.finish(fileID: fileID, status: .failed, read: counts.read, staged: 0, rejected: counts.read, nulled: 0)
                    try manifest.setMessage(failure!, fileID: fileID)
                } else {
                    // A new version of a file replaces the old one's contribution: its staged rows and
                    // the values nulled in them. Its rejects stay, as the record of what that delivery held.
                    try manifest.supersede(source, path: relative, sha256: digest.sha256)
                    try manifest.finish(fileID: fileID, status: .staged, read: counts.read, staged: counts.staged,
                                        rejected: counts.rejected, nulled: counts.nulled, ignored: counts.ignored)
                    let notes = [encodingNote, stray?.message].compactMap { $0 }
                    if !notes.isEmpty { try manifest.setMessage(notes.joined(separator: "; "), fileID: fileID) }
                }
            }
        } catch let error as ExtractError {
            batches.cancel()
            return try recordFailure(source: source, relative: relative, size: digest.size, sha256: digest.sha256, error: error)
        } catch {
            batches.cancel()
            throw error
        }
        progress?.finish()
        if let failure {
            logger.error("file failed", metadata: ["source": "\(source.name)", "file": "\(relative)", "reason": "\(failure)"])
            return FileResult(source: source.name, path: relative, outcome: .failed, rowsRead: counts.read, rowsStaged: 0,
                              rowsRejected: counts.read, message: failure)
        }
        logger.info("file staged", metadata: ["source": "\(source.name)", "file": "\(relative)", "rows": "\(counts.read)",
                                             "staged": "\(counts.staged)", "rejected": "\(counts.rejected)", "nulled": "\(counts.nulled)",
                                             "ignored": "\(counts.ignored)"])
        if counts.rejected > 0 {
            // Seen even with --quiet: rejects are what an operator must not miss.
            logger.warning("rows rejected", metadata: ["source": "\(source.name)", "file": "\(relative)", "rejected": "\(counts.rejected)",
                                                       "read": "\(counts.read)", "top_reasons": "\(reasons.joined(separator: ", "))"])
        }
        return FileResult(source: source.name, path: relative, outcome: .staged, rowsRead: counts.read,
                          rowsStaged: counts.staged, rowsRejected: counts.rejected, rowsNulled: counts.nulled,
                          rowsIgnored: counts.ignored, message: nil)
    }

    /// A re-delivered file under `redelivery: quarantine`: every row goes to `etl_reject` with the
    /// reason, the earlier delivery stays staged.
    private func quarantine(file relative: String, of source: SourceConfig, mapper: RecordMapper, digest: FileDigest) throws -> FileResult {
        let db = store.db
        let path = store.config.inputRoot + "/" + relative
        let reason = "file re-delivered with different content and `redelivery: quarantine` is set; the earlier delivery stays staged. Rename the file if it is a new export, or rerun with --force to replace"
        var read = 0
        do {
            try db.inTransaction {
                let fileID = try store.manifest.add(source, path: relative, size: digest.size, sha256: digest.sha256,
                                                    status: .quarantined, message: reason, runID: runID)
                let reject = try db.prepare("INSERT INTO etl_reject(run_id, file_id, source, file, line, reason, raw_text) VALUES (?, ?, ?, ?, ?, ?, ?)")
                var opened = try SourceReaders.open(source, path: path, mapper: mapper)
                while let outcome = try opened.reader.next() {
                    let (line, raw): (Int, String)
                    switch outcome {
                    case let .record(l, record):
                        // The record as it stood in the file, as for any other reject.
                        let exact = (opened.reader as? CSVReader)?.lastRecordText() ?? (opened.reader as? XMLRecordReader)?.lastRecordText()
                        (line, raw) = (l, exact ?? record.rawText(delimiter: opened.delimiter))
                    case let .reject(l, _, text): (line, raw) = (l, text)
                    }
                    read += 1
                    try reject.execute([.integer(runID), .integer(fileID), .text(source.name), .text(relative), .integer(Int64(line)),
                                        .text("re-delivered file quarantined"), .text(raw)])
                }
                try store.manifest.finish(fileID: fileID, status: .quarantined, read: read, staged: 0, rejected: read, nulled: 0)
            }
        } catch let error as ExtractError {
            return try recordFailure(source: source, relative: relative, size: digest.size, sha256: digest.sha256, error: error)
        }
        logger.warning("re-delivered file quarantined", metadata: ["source": "\(source.name)", "file": "\(relative)", "rows": "\(read)"])
        return FileResult(source: source.name, path: relative, outcome: .staged, rowsRead: read, rowsStaged: 0, rowsRejected: read, message: reason)
    }

    /// Rows read = rows staged + rows rejected, counted again in the database, or the file fails;
    /// rows with nulled values are staged rows, counted again from `etl_nulled`.
    private func reconcile(fileID: Int64, source: SourceConfig, relative: String, counts: ExtractCounts) throws {
        let staged = try store.db.scalar("SELECT count(*) FROM \(quoteIdentifier(source.stagingTable)) WHERE file_id = ?", [.integer(fileID)])?.int ?? -1
        let rejected = try store.db.scalar("SELECT count(*) FROM etl_reject WHERE file_id = ?", [.integer(fileID)])?.int ?? -1
        let nulled = try store.db.scalar("SELECT count(DISTINCT line) FROM etl_nulled WHERE file_id = ?", [.integer(fileID)])?.int ?? -1
        guard Int(staged) == counts.staged, Int(rejected) == counts.rejected, Int(nulled) == counts.nulled,
              counts.nulled <= counts.staged, counts.read == counts.staged + counts.rejected + counts.ignored else {
            throw PipelineError.reconciliation("\(relative): read \(counts.read), staged \(staged), rejected \(rejected), ignored \(counts.ignored), rows nulled \(nulled)")
        }
    }

    /// Records a file that could not be read at all; nothing of it stays staged.
    private func recordFailure(source: SourceConfig, relative: String, size: Int64, sha256: String, error: ExtractError) throws -> FileResult {
        let message = error.description
        _ = try store.manifest.add(source, path: relative, size: size, sha256: sha256, status: .failed, message: message, runID: runID)
        progress?.finish()
        logger.error("file failed", metadata: ["source": "\(source.name)", "file": "\(relative)", "reason": "\(message)"])
        return FileResult(source: source.name, path: relative, outcome: .failed, rowsRead: 0, rowsStaged: 0, rowsRejected: 0, message: message)
    }
}

/// Rows of one file as the extract counts them.
struct ExtractCounts {
    var read = 0
    var staged = 0
    var rejected = 0
    /// Staged rows with at least one nulled value.
    var nulled = 0
    /// Rejected rows of erased people (among `rejected`).
    var erased = 0
    /// Rows skipped for a value the mapping's `ignore:` lists.
    var ignored = 0
}

/// Shows progress of long stages on a terminal; the CLI supplies one when stderr is a TTY.
public protocol ProgressReporter: AnyObject {
    /// Work on one item (a file): `done` of `total` units (bytes), with the rows so far.
    func update(stage: String, item: String, done: Int64, total: Int64, rows: Int, elapsed: Double)
    /// A stage that goes step by step: step `index` (1-based) of `count`, about to start.
    func step(stage: String, index: Int, count: Int, name: String, elapsed: Double)
    func finish()
}
