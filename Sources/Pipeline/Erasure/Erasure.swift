import Foundation
import Identity
import PipelineCore
import SQLiteDB
import Staging

/// Who to forget: exactly one of an e-mail address or a customer id.
public struct ErasureRequest: Sendable {
    public var email: String?
    public var customerID: String?

    public init(email: String? = nil, customerID: String? = nil) {
        self.email = email
        self.customerID = customerID
    }
}

/// Erasure (GDPR Art. 17): removes a person from staging, quarantine, nulled values and the identity tables and
/// records tombstones; the caller then rebuilds the warehouse (transform and load), so every
/// warehouse table, aggregates included, is recomputed without them.
///
/// Deleted pages are overwritten (`secure_delete`), so the values do not linger in the file.
enum Erasure {
    struct Outcome {
        var customers: [String]
        var records: Int
    }

    static func erase(_ request: ErasureRequest, store: StagingStore, runID: Int64) throws -> Outcome {
        let db = store.db
        let config = store.config
        let tombstones = try Tombstones(db: db, config: config)
        let customers = try targetCustomers(request, db: db, identity: config.identity)
        guard !customers.isEmpty else {
            throw PipelineError.input("no customer matches the given \(request.email != nil ? "e-mail address" : "customer id"); nothing was erased")
        }
        try db.execute("PRAGMA secure_delete = ON")
        defer { try? db.execute("PRAGMA secure_delete = OFF") }
        var records: [(system: String, source: String, id: String)] = []
        var identifiers: [(String, String)] = []
        let list = customers.map { _ in "?" }.joined(separator: ",")
        let ids = customers.map(SQLValue.text)
        return try db.inTransaction {
            for row in try db.rows("""
                SELECT source_system, source, source_record_id, email, phone, customer_number, loyalty_card, more_emails, more_phones
                FROM id_record WHERE customer_id IN (\(list)) ORDER BY source_system, source_record_id
                """, ids) {
                let (system, source, id) = (row[0].string!, row[1].string!, row[2].string!)
                records.append((system, source, id))
                identifiers.append((Tombstones.recordKind, source + ":" + id))
                for (kind, value) in zip(["email", "phone", "customer_number", "loyalty_card"], row[3...6]) {
                    if let text = value.string { identifiers.append((kind, text)) }
                }
                // The further e-mails and phones of multi-valued fields (`from_all`).
                for value in MultiValue.decode(row[7].string) { identifiers.append(("email", value)) }
                for value in MultiValue.decode(row[8].string) { identifiers.append(("phone", value)) }
            }
            if let email = request.email.flatMap({ EmailNormalizer.normalize($0, providerRules: config.identity.emailProviderRules) }) {
                identifiers.append(("email", email))
            }
            // The next transform must resolve again: records are about to go.
            try IdentityInputs(db: db).record(digest: nil, runID: runID)
            // The kept term frequencies count the person's names too: counted again next time.
            try TermFrequencyTable(db: db).forget()
            let insertTombstone = try db.prepare("INSERT OR IGNORE INTO erasure_tombstone(hash, kind, erased_run) VALUES (?, ?, ?)")
            for (kind, value) in identifiers {
                try insertTombstone.execute([.text(tombstones.hash(kind: kind, value: value)), .text(kind), .integer(runID)])
            }
            // Staged rows: every version of the person's records, and e-mail events of their contacts,
            // each with the values nulled in it (etl_nulled, by file and line) first.
            for source in config.sources {
                let table = quoteIdentifier(source.stagingTable)
                let nulledOf = { (column: String) in
                    "DELETE FROM etl_nulled WHERE source = ? AND (file_id, line) IN (SELECT file_id, line FROM \(table) WHERE \(column) = ?)"
                }
                let mine = records.filter { $0.source == source.name }.map(\.id)
                for id in mine {
                    try db.execute(nulledOf("record_id"), [.text(source.name), .text(id)])
                    try db.execute("DELETE FROM \(table) WHERE record_id = ?", [.text(id)])
                }
                if source.entity == .emailEvent {
                    let contactSources = config.contactSources(of: source)
                    for contact in records.filter({ contactSources.contains($0.source) }) {
                        try db.execute(nulledOf("contact_id"), [.text(source.name), .text(contact.id)])
                        try db.execute("DELETE FROM \(table) WHERE contact_id = ?", [.text(contact.id)])
                    }
                }
            }
            // Quarantined rows and nulled values that mention one of the person's identifiers.
            for (kind, value) in identifiers where kind != Tombstones.recordKind && kind != "phone" {
                try db.execute("DELETE FROM etl_reject WHERE instr(lower(raw_text), lower(?)) > 0", [.text(value)])
                try db.execute("DELETE FROM etl_nulled WHERE instr(lower(raw_value), lower(?)) > 0", [.text(value)])
            }
            // Identity state: every staging table (not view) that refers to a customer id or a source
            // record by the usual column names, so new identity tables are covered without a change here.
            let tables = try db.rows("""
                SELECT name FROM sqlite_master WHERE type = 'table'
                  AND name NOT LIKE 'stg\\_%' ESCAPE '\\' AND name NOT LIKE 'etl\\_%' ESCAPE '\\'
                  AND name NOT IN ('erasure_tombstone', 'id_secret', 'schema_migration') ORDER BY name
                """).compactMap { $0[0].string }
            for table in tables {
                let columns = Set(try db.columns(of: table))
                let quoted = quoteIdentifier(table)
                for column in ["customer_id", "old_id", "new_id", "merged_into", "customer_id_a", "customer_id_b"] where columns.contains(column) {
                    try db.execute("DELETE FROM \(quoted) WHERE \(quoteIdentifier(column)) IN (\(list))", ids)
                }
                // A record is its source and id (a table without a source column names it by system and id).
                for suffix in ["", "_a", "_b"] where columns.contains("source_record_id" + suffix) {
                    let bySource = columns.contains("source" + suffix)
                    guard bySource || columns.contains("source_system" + suffix) else { continue }
                    let scope = quoteIdentifier((bySource ? "source" : "source_system") + suffix)
                    let statement = try db.prepare("DELETE FROM \(quoted) WHERE \(scope) = ? AND \(quoteIdentifier("source_record_id" + suffix)) = ?")
                    for record in records { try statement.execute([.text(bySource ? record.source : record.system), .text(record.id)]) }
                }
            }
            return Outcome(customers: customers, records: records.count)
        }
    }

    /// The current customer ids the request names (a merged id leads to the id it was merged into).
    static func targetCustomers(_ request: ErasureRequest, db: Database, identity: IdentityConfig) throws -> [String] {
        if let raw = request.email {
            guard let email = EmailNormalizer.normalize(raw, providerRules: identity.emailProviderRules) else {
                throw PipelineError.input("that is not an e-mail address; nothing was erased")
            }
            return try db.rows("""
                SELECT DISTINCT customer_id FROM id_record
                WHERE email = ?1 OR (more_emails IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(more_emails) WHERE value = ?1))
                ORDER BY 1
                """, [.text(email)]).compactMap { $0[0].string }
        }
        guard let named = request.customerID else { return [] }
        let id = try IdentityState(db: db).survivor(of: named)
        return try db.scalar("SELECT 1 FROM id_record WHERE customer_id = ? LIMIT 1", [.text(id)]) == nil ? [] : [id]
    }
}
