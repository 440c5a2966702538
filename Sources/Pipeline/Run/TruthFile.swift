import Extract
import Foundation

/// A labelled truth file: CSV with `system`, `source_record_id` and the entity, named `entity_id`
/// (as `oneface sample` writes it), `person_id` or `cluster_id`. Read by `oneface evaluate` and
/// `oneface transform --explain-blocking --truth`.
struct TruthFile {
    /// The header names the entity column may have: `oneface sample` writes `entity_id`; labelled
    /// files from elsewhere often say `person_id` or `cluster_id`.
    static let entityColumnNames = ["entity_id", "person_id", "cluster_id"]

    struct Row {
        var system: String
        var recordID: String
        /// Trimmed; empty for a row that labels its record with nobody.
        var entity: String
        /// `system` and `recordID` joined with a unit separator, as the clustering is keyed.
        var key: String { system + "\u{1F}" + recordID }
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
        guard let systemColumn = header.firstIndex(of: "system"), let idColumn = header.firstIndex(of: "source_record_id"),
              let entityName = entityNames.first, let entityColumn = header.firstIndex(of: entityName) else {
            throw PipelineError.input("\(path): the header must name the columns system, source_record_id and "
                                      + "one of \(Self.entityColumnNames.joined(separator: ", ")) (the entity)")
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
            rows.append(Row(system: fields[systemColumn], recordID: fields[idColumn],
                            entity: fields[entityColumn].trimmingCharacters(in: .whitespaces)))
        }
        self.rows = rows
    }
}
