import Extract
import Foundation

/// A labelled truth file: CSV with `system`, `source_record_id` and the entity, named `entity_id`
/// (as `oneface sample` writes it), `person_id` or `cluster_id`, and optionally `source` (the
/// source's name in the pipeline). Read by `oneface evaluate`, `oneface report --truth` and
/// `oneface transform --explain-blocking --truth`.
///
/// A record is known by its source and id: a row with a `source` names that source's record; a
/// row without one (files written before sources owned record ids) names the one record of its
/// system with that id, and is refused when two sources of the system have the id.
struct TruthFile {
    /// The header names the entity column may have: `oneface sample` writes `entity_id`; labelled
    /// files from elsewhere often say `person_id` or `cluster_id`.
    static let entityColumnNames = ["entity_id", "person_id", "cluster_id"]

    struct Row {
        var system: String
        /// The source's name; empty when the file has no `source` column or the cell is empty.
        var source: String
        var recordID: String
        /// Trimmed; empty for a row that labels its record with nobody.
        var entity: String
        /// Line in the file, for messages.
        var line: Int
    }

    let path: String
    /// The entity column's header name, one of `entityColumnNames`.
    let entityColumn: String
    let rows: [Row]

    /// Reads the whole file; a bad header or a malformed line is one message naming the file and line.
    init(path: String) throws {
        self.path = path
        var reader: CSVReader
        do {
            reader = try CSVReader(source: try ByteSource(path: path), options: CSVOptions())
        } catch {
            throw PipelineError.input("cannot read the truth file: \(error)")
        }
        let header = reader.header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let entityNames = Self.entityColumnNames.filter(header.contains)
        let sourceColumn = header.firstIndex(of: "source")
        guard let systemColumn = header.firstIndex(of: "system"), let idColumn = header.firstIndex(of: "source_record_id"),
              let entityName = entityNames.first, let entityColumn = header.firstIndex(of: entityName) else {
            throw PipelineError.input("\(path): the header must name the columns system, source_record_id and "
                                      + "one of \(Self.entityColumnNames.joined(separator: ", ")) (the entity); source is optional")
        }
        guard entityNames.count == 1 else {
            throw PipelineError.input("\(path): the header names \(entityNames.joined(separator: " and ")); "
                                      + "keep one entity column so it is clear which one labels the records")
        }
        self.entityColumn = entityName
        var rows: [Row] = []
        while true {
            let outcome: ReadOutcome?
            do { outcome = try reader.next() } catch { throw PipelineError.input("cannot read the truth file: \(error)") }
            guard let outcome else { break }
            guard case let .record(line, .row(fields)) = outcome else {
                if case let .reject(line, reason, _) = outcome { throw PipelineError.input("\(path) line \(line): \(reason)") }
                continue
            }
            guard fields.count > max(systemColumn, idColumn, entityColumn) else {
                throw PipelineError.input("\(path) line \(line): too few fields")
            }
            let source = sourceColumn.flatMap { $0 < fields.count ? fields[$0].trimmingCharacters(in: .whitespaces) : nil } ?? ""
            rows.append(Row(system: fields[systemColumn], source: source, recordID: fields[idColumn],
                            entity: fields[entityColumn].trimmingCharacters(in: .whitespaces), line: line))
        }
        self.rows = rows
    }
}

/// Tonight's (or the warehouse's) source records by name, to find the record a truth row or a
/// reviewed decision names: by source and id, or, for a name without a source, by system and id
/// where that is one record.
struct RecordDirectory {
    /// Source and id joined with a unit separator: the key of a record everywhere.
    static func key(source: String, id: String) -> String { source + "\u{1F}" + id }

    private var keys: Set<String> = []
    /// System and id → the record's key, or nil when records of two sources have them.
    private var bySystem: [String: String?] = [:]

    init(_ records: some Sequence<(system: String, source: String, id: String)>) {
        for record in records {
            let key = Self.key(source: record.source, id: record.id)
            keys.insert(key)
            let systemKey = record.system + "\u{1F}" + record.id
            if let known = bySystem[systemKey] {
                if known != key { bySystem[systemKey] = .some(nil) }
            } else {
                bySystem[systemKey] = key
            }
        }
    }

    /// The key of the record a truth row names, nil when there is no such record; a row without a
    /// source that could name records of two sources is an error naming the line (not the id).
    func key(of row: TruthFile.Row, in file: TruthFile) throws -> String? {
        if !row.source.isEmpty {
            let key = Self.key(source: row.source, id: row.recordID)
            return keys.contains(key) ? key : nil
        }
        guard let found = bySystem[row.system + "\u{1F}" + row.recordID] else { return nil }
        guard let key = found else {
            throw PipelineError.input("\(file.path) line \(row.line): system \(row.system) has two sources with this record id; "
                                      + "add a `source` column naming each row's source (the source's name in the pipeline)")
        }
        return key
    }
}
