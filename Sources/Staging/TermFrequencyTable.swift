import PipelineCore
import SQLiteDB

/// The term frequencies kept with the identity model (`id_term_frequency`: per field, how many
/// records held each folded value) and which model they belong to (`id_term_frequency_basis`: the
/// SHA-256 of the model as saved, and per field the records counted).
///
/// Kept so that a model reused night after night weighs a pair the same way every night (see
/// `Identity.TermFrequencies`). The values are folded names and cities: an erasure forgets them all
/// (`forget`), and the next transform counts them again among the records that remain.
public struct TermFrequencyTable {
    let db: Database

    public init(db: Database) { self.db = db }

    /// The kept frequencies by field name, if they were kept for the model whose SHA-256 is
    /// `model`; nil when none were, or when they belong to another model.
    public func read(model: String) throws -> [String: TermCounts]? {
        let basis = try db.rows("SELECT field, records, model_sha256 FROM id_term_frequency_basis ORDER BY field")
        guard !basis.isEmpty, basis.allSatisfy({ $0[2].string == model }) else { return nil }
        var fields: [String: TermCounts] = [:]
        for row in basis {
            guard let name = row[0].string else { continue }
            fields[name] = TermCounts(total: Int(row[1].int ?? 0), counts: [:])
        }
        try db.prepare("SELECT field, value, count FROM id_term_frequency").forEachRow([]) { row in
            guard let name = row.string(0), let value = row.string(1) else { return }
            fields[name]?.counts[value] = Int32(clamping: row.int(2) ?? 0)
        }
        return fields
    }

    /// Keeps `fields` as the frequencies of the model whose SHA-256 is `model`, replacing any kept
    /// before (in the caller's transaction). Written in key order: the same counts give the same rows.
    public func replace(model: String, runID: Int64, fields: [String: TermCounts]) throws {
        try forget()
        let basis = try db.prepare("INSERT INTO id_term_frequency_basis(field, records, model_sha256, run_id) VALUES (?, ?, ?, ?)")
        let value = try db.prepare("INSERT INTO id_term_frequency(field, value, count) VALUES (?, ?, ?)")
        for name in fields.keys.sorted() {
            let field = fields[name]!
            try basis.execute([.text(name), .integer(Int64(field.total)), .text(model), .integer(runID)])
            for (text, count) in field.counts.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                try value.execute([.text(name), .text(text), .integer(Int64(count))])
            }
        }
    }

    /// Forgets the kept frequencies: the next transform counts them again.
    public func forget() throws {
        try db.execute("DELETE FROM id_term_frequency; DELETE FROM id_term_frequency_basis")
    }
}
