import Foundation
import Identity
import PipelineCore
import SQLiteDB

/// Reads the current version of every staged person record and normalises it.
///
/// The current version: the latest file (by path) wins, within a file the last line, so a
/// re-delivered record replaces the older one. Rows are read in storage order (no sort in SQLite)
/// into positional fields, normalised in batches on all cores, and de-duplicated by record id.
enum TransformInput {
    /// Rows normalised together; big enough to keep both cores busy, small enough to stay lean.
    static let batchSize = 32_768

    /// Every person record of every person source, sorted by system, record id and source.
    /// - Complexity: O(n log n) for the final sort; memory is the records plus one batch.
    static func read(config: PipelineConfig, db: Database, clock: inout StepClock) throws -> [IdentityRecord] {
        var normalization = IdentityNormalization(config: config.identity)
        var all: [IdentityRecord] = []
        for source in config.sources where source.entity.describesPerson {
            all += try read(source: source, normalization: &normalization, db: db, clock: &clock)
            clock.step("read \(source.name)")
        }
        let order = all.indices.sorted { a, b in
            let x = all[a], y = all[b]
            if x.system != y.system { return x.system < y.system }
            if x.sourceRecordID != y.sourceRecordID { return x.sourceRecordID < y.sourceRecordID }
            return x.source < y.source
        }
        return order.map { all[$0] }
    }

    /// The time column that dates a record of `entity`, for "most recent" survivorship.
    static func seenAtField(_ entity: Entity) -> String? {
        switch entity {
        case .contact: return "signup_date"
        case .ticket: return "opened_at"
        case .purchase: return "occurred_at"
        case .surveyResponse: return "answered_at"
        case .emailEvent, .branch: return nil
        }
    }

    private static func read(source: SourceConfig, normalization: inout IdentityNormalization, db: Database, clock: inout StepClock) throws -> [IdentityRecord] {
        // Files ranked by path: a later path is a later delivery.
        var fileRank: [Int64: Int64] = [:]
        let files = try db.rows("SELECT file_id FROM etl_file WHERE source = ? AND status = 'staged' ORDER BY path, file_id",
                                [.text(source.name)])
        for (rank, row) in files.enumerated() { fileRank[row[0].int ?? 0] = Int64(rank) }

        let table = quoteIdentifier(source.stagingTable)
        let seen = seenAtField(source.entity).map { "s." + quoteIdentifier($0) } ?? "NULL"
        let columns = StagedPerson.columns.map { "s." + quoteIdentifier($0) }.joined(separator: ", ")
        let statement = try db.prepare("""
            SELECT s.file_id, s.line, \(columns), \(seen) FROM \(table) s
            JOIN etl_file f ON f.file_id = s.file_id WHERE f.status = 'staged'
            """)
        var records: [IdentityRecord?] = []
        var versionOf: [Int64] = []
        var slotOf: [String: Int] = [:]
        var readTime = 0.0, normaliseTime = 0.0, mark = Date()
        var batch: [StagedPerson] = []
        var batchVersions: [Int64] = []
        batch.reserveCapacity(batchSize)

        func flush() {
            readTime += Date().timeIntervalSince(mark); mark = Date()
            defer { normaliseTime += Date().timeIntervalSince(mark); mark = Date() }
            let rows = batch
            let normalised = rows.map { normalization.record(system: source.system, source: source.name, row: $0) }
            for (index, record) in normalised.enumerated() {
                guard let id = rows[index].recordID else { continue }
                let version = batchVersions[index]
                if let slot = slotOf[id] {
                    // A re-delivered record: the newer version replaces the older, even by nothing
                    // (a record that no longer identifies a person leaves the identity tables).
                    if version > versionOf[slot] {
                        records[slot] = record
                        versionOf[slot] = version
                    }
                } else {
                    slotOf[id] = records.count
                    records.append(record)
                    versionOf.append(version)
                }
            }
            batch.removeAll(keepingCapacity: true)
            batchVersions.removeAll(keepingCapacity: true)
        }

        try statement.forEachRow { row in
            var person = StagedPerson()
            person.recordID = row.string(2)
            person.salutation = row.string(3)
            person.title = row.string(4)
            person.firstName = row.string(5)
            person.lastName = row.string(6)
            person.fullName = row.string(7)
            person.email = row.string(8)
            person.phone = row.string(9)
            person.street = row.string(10)
            person.houseNumber = row.string(11)
            person.postcode = row.string(12)
            person.city = row.string(13)
            person.birthDate = row.string(14)
            person.customerNumber = row.string(15)
            person.loyaltyCard = row.string(16)
            person.consent = row.string(17)
            person.seenAt = row.string(18)
            batch.append(person)
            let rank = fileRank[row.int(0) ?? 0] ?? 0
            batchVersions.append(rank << 40 | (row.int(1) ?? 0))
            if batch.count == batchSize { flush() }
        }
        flush()
        clock.logger.info("read \(readTime) normalise \(normaliseTime)")
        return records.compactMap { $0 }
    }
}
