import Extract
import Foundation
import Identity
import PipelineCore
import SQLiteDB
import Staging

/// Read-only commands: validate the pipeline and its inputs, peek at mapped records, show status.
public enum Inspection {
    /// One input file as `validate` found it.
    public struct FileCheck: Sendable {
        public var source: String
        public var path: String
        public var rows = 0
        public var rejects = 0
        /// Rows that would be staged with values nulled under `on_invalid: null`.
        public var nulled = 0
        /// The first few reject reasons (no values).
        public var sampleReasons: [String] = []
        /// The first few nulled fields with their reasons (no values).
        public var sampleNulled: [String] = []
        public var error: String?
        /// What the bytes said against the dialect (an encoding other than the declared one).
        public var note: String?
        /// The error is the pipeline's (a record or field path that matches nothing), not the file's.
        public var isMappingProblem = false
    }

    /// Reads every input file through its reader and mapping, writing nothing.
    public static func validate(_ config: PipelineConfig) throws -> [FileCheck] {
        let zone = TimeZone(identifier: config.timeZone) ?? TimeZone(identifier: "UTC")!
        var checks: [FileCheck] = []
        var ids: [String: Set<String>] = [:]
        for source in config.sources {
            let mapper: RecordMapper
            do { mapper = try RecordMapper(source: source, configFile: config.file, timeZone: zone, kpi: config.kpi) } catch { throw PipelineError.config(error) }
            let files = FileGlob.match(source.path, in: config.inputRoot)
            if files.isEmpty {
                checks.append(FileCheck(source: source.name, path: source.path,
                                        error: "no file matches `\(source.path)` under \(config.inputRoot)"))
            }
            let idField = source.entity.describesPerson ? mapper.fields.firstIndex { $0.name == "record_id" } : nil
            for relative in files {
                checks.append(checkFile(source: source, relative: relative, root: config.inputRoot, mapper: mapper) { values in
                    if let idField, idField < values.count, case let .text(id) = values[idField] { ids[source.name, default: []].insert(id) }
                })
            }
        }
        // A contact id that two person sources could mean would attach its events to no one: say so now.
        if let error = ContactReferences.check(ids, config: config) { throw PipelineError.config(error) }
        return checks
    }

    static func checkFile(source: SourceConfig, relative: String, root: String, mapper: RecordMapper,
                          staged: ([CanonicalValue]) -> Void = { _ in }) -> FileCheck {
        var rows = 0, rejects = 0, nulled = 0, ignored = 0
        var reasons: [String] = [], nulledReasons: [String] = []
        var failure: String?
        var note: String?
        var isMappingProblem = false
        // JSON and XML: which mapped paths some record has, and the paths records do have.
        var present: [Bool] = [], seenPaths = Set<String>(), treeRecords = 0
        var strays: (count: Int, message: String)?
        // Which mapped fields some staged record has a value for (or a value that was nulled).
        var filled = [Bool](repeating: false, count: mapper.fields.count), stagedRows = 0
        func fill(_ mapped: [CanonicalValue], _ nulled: [NulledValue]) {
            stagedRows += 1
            for index in mapped.indices where !filled[index] {
                if case .null = mapped[index] { continue }
                filled[index] = true
            }
            for value in nulled { if let index = mapper.fields.firstIndex(where: { $0.name == value.field }) { filled[index] = true } }
        }
        func inspect(_ record: RawRecord, _ bound: RecordMapper) {
            let found = bound.pathsPresent(in: record)
            guard !found.isEmpty else { return }
            present = present.isEmpty ? found : zip(present, found).map { $0 || $1 }
            if treeRecords < 200 { seenPaths.formUnion(RecordMapper.paths(in: record)) }
            treeRecords += 1
        }
        do throws(ExtractError) {
            try forEachMapped(source: source, path: root + "/" + relative, mapper: mapper, limit: nil, note: { note = $0 },
                              raw: inspect, stray: { strays = $0 }) { row in
                rows += 1
                switch row {
                case let .rejected(line, reason, _):
                    rejects += 1
                    if reasons.count < 3 { reasons.append("line \(line): \(reason)") }
                case let .staged(line, mapped, values) where !values.isEmpty:
                    staged(mapped)
                    fill(mapped, values)
                    nulled += 1
                    if nulledReasons.count < 3 { nulledReasons.append("line \(line): " + values.map { "\($0.field): \($0.reason)" }.joined(separator: "; ")) }
                case let .staged(_, mapped, _):
                    staged(mapped)
                    fill(mapped, [])
                case .ignored: ignored += 1
                }
                return true
            }
        } catch {
            failure = error.description
        }
        // An XML file of some size without one record element: the element path is wrong (an empty
        // export is a few bytes). JSON needs no such guess: a record_path that is not there fails
        // the reader, and an empty array is an empty night.
        if failure == nil, let strays {
            // Elements that look like records but are not on the record path: a wrong case or nesting.
            if strays.count > rows {
                failure = strays.message
                isMappingProblem = true
            } else {
                note = [note, strays.message].compactMap { $0 }.joined(separator: "; ")
            }
        }
        if failure == nil, rows == 0, source.format == .xml,
           (try? FileManager.default.attributesOfItem(atPath: root + "/" + relative)[.size] as? Int) ?? 0 >= 512 {
            failure = "no element matches record_element `\(source.dialect.recordElement.joined(separator: "/"))`; check the element names, their case and their nesting"
            isMappingProblem = true
        }
        if failure == nil, treeRecords > 0 {
            // A mapped path that no record of the file has is a mapping mistake (a typo, an index,
            // a namespace prefix), not missing data.
            let paths = mapper.mappedPaths
            let absent = present.indices.filter { !present[$0] && paths[$0] != nil }
            if !absent.isEmpty {
                let message = absent.map { index in
                    let path = paths[index]!
                    let nearest = seenPaths.min {
                        (StringSimilarity.damerauLevenshtein($0, path), $0) < (StringSimilarity.damerauLevenshtein($1, path), $1)
                    }
                    return "`fields.\(mapper.fields[index].name): \(path)` is in no record of this file"
                        + (nearest.map { "; the nearest path that exists is `\($0)`" } ?? "")
                }.joined(separator: "; ")
                // Ten records without the path are evidence; in fewer an optional element may just be absent.
                if treeRecords >= 10 {
                    failure = message
                    isMappingProblem = true
                } else { note = [note, message].compactMap { $0 }.joined(separator: "; ") }
            }
        }
        if failure == nil, stagedRows >= 10 {
            // A mapped field that exists but is empty in every record (a CSV column nobody fills, a
            // JSON member always null): most often the export carries the value under another
            // name. Said, not failed: some exports never fill a field.
            let paths = mapper.mappedPaths
            // (A path in no record at all is reported above, with the nearest one that exists.)
            let empty = filled.indices.filter { !filled[$0] && $0 < paths.count && paths[$0] != nil && (present.isEmpty || present[$0]) }
            if !empty.isEmpty {
                let message = empty.map { "`fields.\(mapper.fields[$0].name): \(paths[$0]!)` is empty in every record of this file" }
                    .joined(separator: "; ") + "; map the field that holds the value, or leave the mapping out if the export never fills it"
                note = [note, message].compactMap { $0 }.joined(separator: "; ")
            }
        }
        if failure == nil, let violation = source.limits.violation(read: rows - ignored, rejected: rejects, nulled: nulled) {
            // What the run would do with it: fail the file and keep its rows out.
            failure = "would fail its limits: \(violation)" + (reasons.isEmpty ? "" : "; first: " + reasons.joined(separator: "; "))
                + (nulledReasons.isEmpty ? "" : "; first nulled: " + nulledReasons.joined(separator: "; "))
        }
        return FileCheck(source: source.name, path: relative, rows: rows, rejects: rejects, nulled: nulled, sampleReasons: reasons,
                         sampleNulled: nulledReasons, error: failure, note: note, isMappingProblem: isMappingProblem)
    }

    /// The first `limit` records of a source after mapping, as JSON lines.
    public static func peek(_ config: PipelineConfig, source name: String, limit: Int, emit: (String) -> Void) throws {
        guard let source = config.source(named: name) else {
            throw PipelineError.config(ConfigError(file: config.file, line: nil, key: "--source \(name)",
                problem: "no such source; the pipeline has: \(config.sources.map(\.name).joined(separator: ", "))"))
        }
        let zone = TimeZone(identifier: config.timeZone) ?? TimeZone(identifier: "UTC")!
        let mapper: RecordMapper
        do { mapper = try RecordMapper(source: source, configFile: config.file, timeZone: zone, kpi: config.kpi) } catch { throw PipelineError.config(error) }
        let files = FileGlob.match(source.path, in: config.inputRoot)
        guard !files.isEmpty else { throw PipelineError.input("no file matches `\(source.path)` under \(config.inputRoot)") }
        var remaining = limit
        for relative in files where remaining > 0 {
            do throws(ExtractError) {
                try forEachMapped(source: source, path: config.inputRoot + "/" + relative, mapper: mapper, limit: remaining) { row in
                    remaining -= 1
                    var members = ["\"_file\":" + jsonString(relative)]
                    switch row {
                    case let .staged(line, values, nulled):
                        members.append("\"_line\":\(line)")
                        if !nulled.isEmpty {
                            // Which fields were nulled and why; peek shows records anyway, but not the bad values.
                            members.append("\"_nulled\":{" + nulled.map { jsonString($0.field) + ":" + jsonString($0.reason) }.joined(separator: ",") + "}")
                        }
                        for (field, value) in zip(mapper.fields, values) {
                            switch value {
                            case .null: members.append(jsonString(field.name) + ":null")
                            case let .integer(n): members.append(jsonString(field.name) + ":\(n)")
                            case let .text(t):
                                // Line items and further values (`more_emails`) are JSON arrays already.
                                let isArray = field.type == .list || CanonicalField.multiValued.values.contains(field.name)
                                members.append(jsonString(field.name) + ":" + (isArray ? t : jsonString(t)))
                            }
                        }
                    case let .rejected(line, reason, _):
                        members.append("\"_line\":\(line)")
                        members.append("\"_reject\":" + jsonString(reason))
                    case let .ignored(line):
                        members.append("\"_line\":\(line)")
                        members.append("\"_ignored\":true")
                    }
                    emit("{" + members.joined(separator: ",") + "}")
                    return remaining > 0
                }
            } catch {
                throw PipelineError.input(error.description)
            }
        }
    }

    /// Streams the mapped rows of one file; `body` returns false to stop.
    static func forEachMapped(source: SourceConfig, path: String, mapper: RecordMapper, limit: Int?,
                              note: ((String) -> Void)? = nil, raw: ((RawRecord, RecordMapper) -> Void)? = nil,
                              stray: (((count: Int, message: String)) -> Void)? = nil,
                              _ body: (MappedRow) -> Bool) throws(ExtractError) {
        var opened = try SourceReaders.open(source, path: path, mapper: mapper)
        defer { if let found = SourceReaders.strayNote(source, reader: opened.reader) { stray?(found) } }
        if let text = SourceReaders.encodingNote(source, reader: opened.reader) { note?(text) }
        var nulled: [NulledValue] = []
        while let outcome = try opened.reader.next() {
            let row: MappedRow
            switch outcome {
            case let .record(line, record):
                raw?(record, opened.mapper)
                switch opened.mapper.map(record, nulled: &nulled) {
                case let .success(values): row = .staged(line: line, values: values, nulled: nulled)
                case let .failure(failure) where failure.isIgnored: row = .ignored(line: line)
                case let .failure(failure): row = .rejected(line: line, reason: failure.description, rawText: "")
                }
            case let .reject(line, reason, _):
                row = .rejected(line: line, reason: reason, rawText: "")
            }
            if !body(row) { return }
        }
    }

    static func jsonString(_ text: String) -> String { JSONText.quote(text) }

    /// The last runs with their stages, newest first.
    public struct RunStatus: Sendable {
        public var runID: Int64
        public var command: String
        public var startedAt: String
        public var finishedAt: String?
        public var status: String
        public var exitCode: Int64?
        public var rowsRead: Int64
        public var rowsStaged: Int64
        public var rowsRejected: Int64
        /// Staged rows with values nulled under `on_invalid: null`, from the files this run staged.
        public var rowsNulled: Int64
        public var message: String?
        /// Each stage with its summary (`message`: the stage's log line, or its failure).
        public var stages: [(stage: String, seconds: Double?, rowsIn: Int64, rowsOut: Int64, rejected: Int64, status: String,
                             message: String?)]
    }

    public static func status(_ config: PipelineConfig, limit: Int) throws -> [RunStatus] {
        let store = try StagingStore(config: config, readOnly: true)
        // Read-only: a staging database from before `etl_file.rows_nulled` is not migrated here.
        let hasNulled = try store.db.columns(of: "etl_file").contains("rows_nulled")
        var runs: [RunStatus] = []
        for row in try store.db.rows("""
            SELECT run_id, command, started_at, finished_at, status, exit_code, rows_read, rows_staged, rows_rejected, message
            FROM etl_run ORDER BY run_id DESC LIMIT ?
            """, [.integer(Int64(limit))]) {
            var run = RunStatus(runID: row[0].int ?? 0, command: row[1].string ?? "", startedAt: row[2].string ?? "",
                                finishedAt: row[3].string, status: row[4].string ?? "", exitCode: row[5].int,
                                rowsRead: row[6].int ?? 0, rowsStaged: row[7].int ?? 0, rowsRejected: row[8].int ?? 0,
                                rowsNulled: 0, message: row[9].string, stages: [])
            if hasNulled {
                run.rowsNulled = try store.db.scalar("SELECT coalesce(sum(rows_nulled), 0) FROM etl_file WHERE run_id = ?",
                                                     [.integer(run.runID)])?.int ?? 0
            }
            for stage in try store.db.rows("""
                SELECT stage, seconds, rows_in, rows_out, rows_rejected, status, message FROM etl_stage WHERE run_id = ?
                ORDER BY CASE stage WHEN 'extract' THEN 1 WHEN 'transform' THEN 2 ELSE 3 END
                """, [.integer(run.runID)]) {
                run.stages.append((stage[0].string ?? "", stage[1].double, stage[2].int ?? 0, stage[3].int ?? 0, stage[4].int ?? 0,
                                   stage[5].string ?? "", stage[6].string))
            }
            runs.append(run)
        }
        // A run still marked running whose lock is free died (killed, power cut); the next run
        // records it as interrupted, status says so already.
        if runs.contains(where: { $0.status == LedgerStatus.running.rawValue }), !RunLock.isHeld(path: config.warehousePath + ".lock") {
            for index in runs.indices where runs[index].status == LedgerStatus.running.rawValue {
                runs[index].status = LedgerStatus.interrupted.rawValue
                runs[index].message = runs[index].message ?? "its process is gone (the run lock is free); the next run records it as interrupted"
                for stage in runs[index].stages.indices where runs[index].stages[stage].status == LedgerStatus.running.rawValue {
                    runs[index].stages[stage].status = LedgerStatus.interrupted.rawValue
                }
            }
        }
        return runs
    }

    /// The runs as one JSON document for monitoring: numbers as numbers, times as ISO text.
    public static func statusJSON(_ runs: [RunStatus]) -> String {
        func text(_ value: String?) -> String { value.map(jsonString) ?? "null" }
        func number(_ value: Int64?) -> String { value.map { String($0) } ?? "null" }
        let items = runs.map { run -> String in
            let stages = run.stages.map { stage in
                "{\"stage\":\(text(stage.stage)),\"status\":\(text(stage.status)),\"seconds\":\(stage.seconds.map { String($0) } ?? "null"),"
                    + "\"rows_in\":\(stage.rowsIn),\"rows_out\":\(stage.rowsOut),\"rows_rejected\":\(stage.rejected),\"message\":\(text(stage.message))}"
            }.joined(separator: ",")
            return "{\"run_id\":\(run.runID),\"command\":\(text(run.command)),\"started_at\":\(text(run.startedAt)),"
                + "\"finished_at\":\(text(run.finishedAt)),\"status\":\(text(run.status)),\"exit_code\":\(number(run.exitCode)),"
                + "\"rows_read\":\(run.rowsRead),\"rows_staged\":\(run.rowsStaged),\"rows_nulled\":\(run.rowsNulled),"
                + "\"rows_rejected\":\(run.rowsRejected),\"message\":\(text(run.message)),\"stages\":[\(stages)]}"
        }
        return "{\"runs\":[" + items.joined(separator: ",") + "]}"
    }
}
