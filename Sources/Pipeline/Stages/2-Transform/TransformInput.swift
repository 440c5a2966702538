import Foundation
import Identity
import PipelineCore
import SQLiteDB
import Staging

/// Reads the current version of every staged person record and normalises it.
///
/// The current version is `CurrentVersion`'s (the latest file by path, within it the last line), so
/// a re-delivered record replaces the older one. Rows are read in storage order (no sort in SQLite)
/// into positional fields, normalised in batches on all cores, and de-duplicated by record id.
enum TransformInput {
    /// Rows normalised together; big enough to keep both cores busy, small enough to stay lean.
    static let batchSize = 32_768

    /// Every person record of every person source, sorted by system, record id and source.
    ///
    /// Sources are read side by side, each on its own read-only connection with its own
    /// normaliser, the largest first; the result does not depend on which finished first.
    /// - Complexity: O(n log n) for the final sort; memory is the records plus one batch per source.
    /// Where a staged person record is: its source and id, and the file and line of its newest version.
    struct StagedRecord: Sendable {
        var source: String
        var system: SourceSystem
        var recordID: String
        var fileID: Int64
        var line: Int64
    }

    /// A value of a staged person record that normalisation left empty (`id_nulled`).
    struct Nulled: Sendable {
        var record: StagedRecord
        var value: IdentityNormalization.NulledValue
    }

    /// What the transform reads: the person records, those that identify nobody, and the values
    /// normalisation had to leave empty.
    struct Input: Sendable {
        var records: [IdentityRecord]
        /// Records whose newest version identifies nobody (no name, e-mail, phone, number, card,
        /// birth date or street): counted and listed in `id_unidentified`, not matched.
        var unidentified: [StagedRecord]
        var nulled: [Nulled]
    }

    static func read(config: PipelineConfig, db: Database, clock: inout StepClock) throws -> [IdentityRecord] {
        try readAll(config: config, db: db, clock: &clock).records
    }

    /// Every person record (as `read`), the staged records that identify nobody and the values left
    /// empty, in source and record order.
    static func readAll(config: PipelineConfig, db: Database, clock: inout StepClock) throws -> Input {
        let sources = config.sources.filter { $0.entity.describesPerson }
        var size: [String: Int64] = [:]
        for source in sources {
            size[source.name] = try FileManifest(db: db).stagedRows(source: source.name)
        }
        // Largest first, so the big source does not start last on a busy core.
        let schedule = sources.indices.sorted { (size[sources[$0].name]!, $1) > (size[sources[$1].name]!, $0) }
        let path = db.path
        let identity = config.identity
        let results = Parallel.map(schedule.count) { slot -> Result<Input, Error> in
            Result {
                let connection = try Database(path: path, mode: .readOnly)
                var normalization = IdentityNormalization(config: identity)
                return try read(source: sources[schedule[slot]], normalization: &normalization, db: connection)
            }
        }
        var bySource = [[IdentityRecord]](repeating: [], count: sources.count)
        var unidentifiedBySource = [[StagedRecord]](repeating: [], count: sources.count)
        var nulledBySource = [[Nulled]](repeating: [], count: sources.count)
        for (slot, result) in results.enumerated() {
            let input = try result.get()
            (bySource[schedule[slot]], unidentifiedBySource[schedule[slot]], nulledBySource[schedule[slot]])
                = (input.records, input.unidentified, input.nulled)
        }
        // Gathered one source at a time, each released once copied, and sorted in place through
        // an index permutation: the records are the biggest thing in memory, held about once.
        var all: [IdentityRecord] = []
        all.reserveCapacity(bySource.reduce(0) { $0 + $1.count })
        for index in bySource.indices {
            all.append(contentsOf: bySource[index])
            bySource[index] = []
        }
        clock.step("read \(all.count) person records from \(sources.count) sources")
        let order = { (records: [IdentityRecord]) in records.indices.sorted { Self.precedes(records, $0, $1) } }(all)
        permute(&all, by: order)
        let unidentified = unidentifiedBySource.joined().sorted { x, y in
            x.source != y.source ? x.source < y.source : x.recordID.utf8.lexicographicallyPrecedes(y.recordID.utf8)
        }
        let nulled = nulledBySource.joined().sorted { x, y in
            if x.record.source != y.record.source { return x.record.source < y.record.source }
            if x.record.recordID != y.record.recordID { return x.record.recordID.utf8.lexicographicallyPrecedes(y.record.recordID.utf8) }
            return x.value.field < y.value.field
        }
        return Input(records: all, unidentified: unidentified, nulled: nulled)
    }

    /// The record order: system (email, support, branch, survey), then record id in byte order (as
    /// SQLite's BINARY collation sorts it, so last night's ids can be merged in one pass), then source.
    /// (Compares `records[a]` with `records[b]` field by field, reading them in place.)
    static func precedes(_ records: [IdentityRecord], _ a: Int, _ b: Int) -> Bool {
        if records[a].system != records[b].system { return records[a].system < records[b].system }
        if records[a].sourceRecordID != records[b].sourceRecordID {
            return records[a].sourceRecordID.utf8.lexicographicallyPrecedes(records[b].sourceRecordID.utf8)
        }
        return records[a].source < records[b].source
    }

    /// Rearranges `values` so that `values[i]` becomes the old `values[order[i]]`, in place by
    /// following the permutation's cycles.
    /// - Complexity: O(n) swaps, one bit of scratch per element.
    static func permute<T>(_ values: inout [T], by order: [Int]) {
        var placed = [Bool](repeating: false, count: values.count)
        for start in values.indices where !placed[start] {
            var current = start
            while true {
                placed[current] = true
                let source = order[current]
                if source == start { break }
                values.swapAt(current, source)
                current = source
            }
        }
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

    private static func read(source: SourceConfig, normalization: inout IdentityNormalization, db: Database) throws -> Input {
        // Files ranked by path: a later path is a later delivery.
        var fileRank: [Int64: Int] = [:]
        for (rank, file) in try FileManifest(db: db).stagedFiles(source: source.name).enumerated() { fileRank[file] = rank }

        let table = quoteIdentifier(source.stagingTable)
        let seen = seenAtField(source.entity).map { "s." + quoteIdentifier($0) } ?? "NULL"
        let columns = StagedPerson.columns.map { "s." + quoteIdentifier($0) }.joined(separator: ", ")
        // The raw text of an invalid birth date (nulled by extract) still helps matching. A staging
        // database opened read-only before its migration to etl_nulled has none to offer.
        let hasNulled = try db.hasTable("etl_nulled")
        let statement = try db.prepare("""
            SELECT s.file_id, s.line, \(columns), \(seen), \(hasNulled ? "n.raw_value" : "NULL") FROM \(table) s
            JOIN etl_file f ON f.file_id = s.file_id
            \(hasNulled ? "LEFT JOIN etl_nulled n ON n.file_id = s.file_id AND n.line = s.line AND n.field = 'birth_date'" : "")
            WHERE f.status = ?
            """)
        var records: [IdentityRecord] = []
        /// False for a slot whose newest version identifies nobody.
        var alive: [Bool] = []
        var versionOf: [Int64] = []
        /// File and line of each slot's newest version.
        var placeOf: [(file: Int64, line: Int64)] = []
        /// Values the newest version of a slot had to leave empty (few: only slots that have some).
        var nulledOf: [Int: [IdentityNormalization.NulledValue]] = [:]
        var slotOf: [String: Int] = [:]
        var batch: [StagedPerson] = []
        var batchVersions: [Int64] = []
        var batchPlaces: [(file: Int64, line: Int64)] = []
        batch.reserveCapacity(batchSize)

        func flush() {
            let rows = batch
            let normalised = rows.map { normalization.record(system: source.system, source: source.name, row: $0) }
            for (index, record) in normalised.enumerated() {
                guard let id = rows[index].recordID else { continue }
                let version = batchVersions[index]
                let nulled = record.map { normalization.nulled(rows[index], $0) } ?? []
                if let slot = slotOf[id] {
                    // A re-delivered record: the newer version replaces the older, even by nothing
                    // (a record that no longer identifies a person leaves the identity tables).
                    if version > versionOf[slot] {
                        nulledOf[slot] = nulled.isEmpty ? nil : nulled
                        records[slot] = record ?? IdentityRecord(system: source.system, source: source.name, sourceRecordID: id)
                        alive[slot] = record != nil
                        versionOf[slot] = version
                        placeOf[slot] = batchPlaces[index]
                    }
                } else {
                    if !nulled.isEmpty { nulledOf[records.count] = nulled }
                    slotOf[id] = records.count
                    records.append(record ?? IdentityRecord(system: source.system, source: source.name, sourceRecordID: id))
                    alive.append(record != nil)
                    versionOf.append(version)
                    placeOf.append(batchPlaces[index])
                }
            }
            batch.removeAll(keepingCapacity: true)
            batchVersions.removeAll(keepingCapacity: true)
            batchPlaces.removeAll(keepingCapacity: true)
        }

        try statement.forEachRow([.text(FileStatus.staged.rawValue)]) { row in
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
            person.country = row.string(18)
            person.gender = row.string(19)
            person.consentSMS = row.string(20)
            person.consentPhone = row.string(21)
            person.consentPost = row.string(22)
            person.consentDate = row.string(23)
            person.birthYear = row.int(24)
            person.moreEmails = row.string(25)
            person.morePhones = row.string(26)
            person.addressLine2 = row.string(27)
            person.seenAt = row.string(28)
            person.invalidBirthDate = row.string(29)
            batch.append(person)
            batchVersions.append(CurrentVersion.rank(fileRank: fileRank[row.int(0) ?? 0] ?? 0, line: row.int(1) ?? 0))
            batchPlaces.append((row.int(0) ?? 0, row.int(1) ?? 0))
            if batch.count == batchSize { flush() }
        }
        flush()
        // Drop the records a newer version made anonymous, in place, listing them.
        func staged(_ slot: Int) -> StagedRecord {
            StagedRecord(source: source.name, system: source.system, recordID: records[slot].sourceRecordID,
                         fileID: placeOf[slot].file, line: placeOf[slot].line)
        }
        var unidentified: [StagedRecord] = []
        var nulled: [Nulled] = []
        for slot in nulledOf.keys.sorted() where alive[slot] {
            for value in nulledOf[slot]! { nulled.append(Nulled(record: staged(slot), value: value)) }
        }
        for index in records.indices { records[index].fileID = placeOf[index].file }
        var kept = 0
        for index in records.indices {
            guard alive[index] else {
                unidentified.append(staged(index))
                continue
            }
            if kept != index { records.swapAt(kept, index) }
            kept += 1
        }
        records.removeLast(records.count - kept)
        return Input(records: records, unidentified: unidentified, nulled: nulled)
    }
}
