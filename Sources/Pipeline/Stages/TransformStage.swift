import Foundation
import Identity
import Logging
import PipelineCore
import SQLiteDB

/// Transform: normalises every person-describing staged record, resolves identities and writes
/// the identity tables (`id_record`, `id_golden`, `id_golden_source`) plus the persistent id state.
///
/// Runs in one transaction: a crash leaves the previous night's identities intact.
public struct TransformStage {
    let store: StagingStore
    let runID: Int64
    let logger: Logger

    public init(store: StagingStore, runID: Int64, logger: Logger) {
        self.store = store
        self.runID = runID
        self.logger = logger
    }

    public struct Summary: Sendable {
        public var records: Int
        public var customers: Int
        public var events: [String: Int]
    }

    /// The time a record describes, by entity, for "most recent" survivorship.
    static func seenAtField(_ entity: Entity) -> String? {
        switch entity {
        case .contact: return "signup_date"
        case .ticket: return "opened_at"
        case .purchase: return "occurred_at"
        case .surveyResponse: return "answered_at"
        case .emailEvent, .branch: return nil
        }
    }

    public func run() throws -> Summary {
        let db = store.db
        let config = store.config
        let normalization = IdentityNormalization(config: config.identity)
        var records: [IdentityRecord] = []
        for source in config.sources where source.entity.describesPerson {
            let fields = source.entity.fields.filter { $0.type != .list }.map(\.name)
            let seenField = Self.seenAtField(source.entity)
            for row in try CurrentRows.read(source: source, fields: fields, db: db) {
                if let record = normalization.record(system: source.system, source: source.name, row: row,
                                                     seenAt: seenField.flatMap { row[$0] }) {
                    records.append(record)
                }
            }
        }
        // Deterministic order: system, then source record id.
        records.sort { ($0.system, $0.sourceRecordID, $0.source) < ($1.system, $1.sourceRecordID, $1.source) }

        let clustering = DeterministicLinker.cluster(records, rules: config.identity.rules)
        var members = [[Int]](repeating: [], count: clustering.clusterCount)
        for (index, cluster) in clustering.clusterOf.enumerated() { members[cluster].append(index) }

        return try db.inTransaction {
            var previous: [String: String] = [:]
            for row in try db.rows("SELECT source_system, source_record_id, customer_id FROM id_assignment") {
                previous[row[0].string! + "\u{1F}" + row[1].string!] = row[2].string!
            }
            var anchorOf: [String: StableIDAssigner.Anchor] = [:]
            var live = Set<String>()
            for row in try db.rows("SELECT customer_id, status, anchor_seen_at, anchor_system, anchor_record_id FROM id_customer") {
                let id = row[0].string!
                anchorOf[id] = StableIDAssigner.Anchor(seenAt: row[2].string, system: row[3].string ?? "~", recordID: row[4].string ?? id)
                if row[1].string == "active" { live.insert(id) }
            }
            let previousID = records.map { previous[$0.system.rawValue + "\u{1F}" + $0.sourceRecordID] }
            let anchors = records.map { StableIDAssigner.Anchor(seenAt: $0.seenAt, system: $0.system.rawValue, recordID: $0.sourceRecordID) }
            let assignment = StableIDAssigner.assign(members: members, anchors: anchors, previousID: previousID,
                                                     anchorOf: anchorOf, liveIDs: live)
            try write(records: records, clustering: clustering, members: members, assignment: assignment)
            var events: [String: Int] = [:]
            for event in assignment.events { events[event.kind.rawValue, default: 0] += 1 }
            return Summary(records: records.count, customers: clustering.clusterCount, events: events)
        }
    }

    private func write(records: [IdentityRecord], clustering: DeterministicLinker.Clustering, members: [[Int]],
                       assignment: StableIDAssigner.Assignment) throws {
        let db = store.db
        try db.execute("""
            DROP TABLE IF EXISTS id_record; DROP TABLE IF EXISTS id_golden; DROP TABLE IF EXISTS id_golden_source;
            CREATE TABLE id_record (
                record_key INTEGER PRIMARY KEY, source_system TEXT NOT NULL, source TEXT NOT NULL,
                source_record_id TEXT NOT NULL, customer_id TEXT NOT NULL, match_rule TEXT NOT NULL, seen_at TEXT,
                salutation TEXT, title TEXT, first_name TEXT, last_name TEXT, email TEXT, phone TEXT, street TEXT,
                house_number TEXT, postcode TEXT, city TEXT, birth_date TEXT, customer_number TEXT, loyalty_card TEXT,
                consent INTEGER, UNIQUE (source_system, source_record_id));
            CREATE INDEX id_record_customer ON id_record(customer_id);
            CREATE TABLE id_golden (
                customer_id TEXT PRIMARY KEY, salutation TEXT, title TEXT, first_name TEXT, last_name TEXT, email TEXT,
                phone TEXT, street TEXT, house_number TEXT, postcode TEXT, city TEXT, birth_date TEXT,
                customer_number TEXT, loyalty_card TEXT, consent INTEGER, first_seen TEXT, last_seen TEXT,
                record_count INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE id_golden_source (
                customer_id TEXT NOT NULL, attribute TEXT NOT NULL, source_system TEXT NOT NULL,
                source_record_id TEXT NOT NULL, PRIMARY KEY (customer_id, attribute)) WITHOUT ROWID;
            DELETE FROM id_assignment;
            """)
        let insertRecord = try db.prepare("""
            INSERT INTO id_record(record_key, source_system, source, source_record_id, customer_id, match_rule, seen_at,
              salutation, title, first_name, last_name, email, phone, street, house_number, postcode, city, birth_date,
              customer_number, loyalty_card, consent) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        let insertAssignment = try db.prepare("INSERT INTO id_assignment(source_system, source_record_id, customer_id) VALUES (?,?,?)")
        for (index, record) in records.enumerated() {
            let customerID = assignment.clusterIDs[clustering.clusterOf[index]]
            try insertRecord.execute([
                .integer(Int64(index + 1)), .text(record.system.rawValue), .text(record.source), .text(record.sourceRecordID),
                .text(customerID), .text(clustering.matchRule[index]), SQLValue(record.seenAt),
                SQLValue(record.salutation), SQLValue(record.title), SQLValue(record.firstName), SQLValue(record.lastName),
                SQLValue(record.email), SQLValue(record.phone), SQLValue(record.street), SQLValue(record.houseNumber),
                SQLValue(record.postcode), SQLValue(record.city), SQLValue(record.birthDate), SQLValue(record.customerNumber),
                SQLValue(record.loyaltyCard), record.consent.map { .integer($0 ? 1 : 0) } ?? .null,
            ])
            try insertAssignment.execute([.text(record.system.rawValue), .text(record.sourceRecordID), .text(customerID)])
        }
        let builder = GoldenRecordBuilder(priority: store.config.identity.sourcePriority)
        let insertGolden = try db.prepare("""
            INSERT INTO id_golden(customer_id, salutation, title, first_name, last_name, email, phone, street, house_number,
              postcode, city, birth_date, customer_number, loyalty_card, consent, first_seen, last_seen, record_count)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        let insertProvenance = try db.prepare("INSERT INTO id_golden_source(customer_id, attribute, source_system, source_record_id) VALUES (?,?,?,?)")
        for (cluster, indexes) in members.enumerated() {
            let golden = builder.build(customerID: assignment.clusterIDs[cluster], records: indexes.map { records[$0] })
            var values: [SQLValue] = [.text(golden.customerID)]
            for attribute in GoldenRecordBuilder.attributes {
                let value = golden.values[attribute]
                values.append(attribute == "consent" ? (value.flatMap { Int64($0) }.map(SQLValue.integer) ?? .null) : SQLValue(value))
            }
            values += [SQLValue(golden.firstSeen), SQLValue(golden.lastSeen), .integer(Int64(golden.recordCount))]
            try insertGolden.execute(values)
            for attribute in golden.provenance.keys.sorted() {
                let origin = golden.provenance[attribute]!
                try insertProvenance.execute([.text(golden.customerID), .text(attribute), .text(origin.system.rawValue), .text(origin.recordID)])
            }
        }
        var nextSequence = (try db.scalar("SELECT max(seq) FROM id_customer")?.int ?? 0) + 1
        let insertCustomer = try db.prepare("""
            INSERT INTO id_customer(customer_id, seq, created_run, status, anchor_seen_at, anchor_system, anchor_record_id)
            VALUES (?, ?, ?, 'active', ?, ?, ?)
            """)
        for minted in assignment.minted {
            try insertCustomer.execute([.text(minted.id), .integer(nextSequence), .integer(runID), .text(minted.anchor.seenAt),
                                        .text(minted.anchor.system), .text(minted.anchor.recordID)])
            nextSequence += 1
        }
        // An id seen again (its records came back) is active again.
        let active = Set(try db.rows("SELECT customer_id FROM id_customer WHERE status = 'active'").compactMap { $0[0].string })
        for id in Set(assignment.clusterIDs).subtracting(active).sorted() {
            try db.execute("UPDATE id_customer SET status = 'active', merged_into = NULL WHERE customer_id = ? AND status = 'retired'", [.text(id)])
        }
        let insertHistory = try db.prepare("INSERT INTO customer_id_history(run_id, old_id, new_id, event, reason) VALUES (?,?,?,?,?)")
        for event in assignment.events {
            try insertHistory.execute([.integer(runID), SQLValue(event.oldID), SQLValue(event.newID), .text(event.kind.rawValue), .text(event.reason)])
            switch event.kind {
            case .merge:
                try db.execute("UPDATE id_customer SET status = 'merged', merged_into = ? WHERE customer_id = ?", [SQLValue(event.newID), SQLValue(event.oldID)])
            case .retired:
                try db.execute("UPDATE id_customer SET status = 'retired' WHERE customer_id = ?", [SQLValue(event.oldID)])
            case .new, .split:
                break
            }
        }
    }
}

/// The current version of each staged record of a source: the latest file (by path) wins, and
/// within a file the last line, so a re-delivered record replaces the older one.
enum CurrentRows {
    static func read(source: SourceConfig, fields: [String], db: Database) throws -> [[String: String]] {
        let table = quoteIdentifier(source.stagingTable)
        let columns = fields.map { "s." + quoteIdentifier($0) }.joined(separator: ", ")
        let sql = """
            SELECT \(columns) FROM (
              SELECT s.*, row_number() OVER (PARTITION BY s.record_id ORDER BY f.path DESC, s.line DESC) AS version
              FROM \(table) s JOIN etl_file f ON f.file_id = s.file_id WHERE f.status = 'staged'
            ) s WHERE s.version = 1 ORDER BY s.record_id
            """
        var result: [[String: String]] = []
        try db.prepare(sql).forEachRow { row in
            var values: [String: String] = [:]
            for (index, field) in fields.enumerated() {
                if let value = row.string(index) { values[field] = value }
            }
            result.append(values)
        }
        return result
    }
}
