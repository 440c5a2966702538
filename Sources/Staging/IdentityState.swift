import SQLiteDB

/// The identity state carried from night to night: which id each record had (`id_record`), which
/// pairs were linked (`match_pair`), every customer id with its anchor and status (`id_customer`)
/// and every change of an id (`customer_id_history`).
public struct IdentityState {
    let db: Database

    public init(db: Database) { self.db = db }

    /// The status of a customer id (`id_customer.status`).
    public enum CustomerStatus: String, Sendable {
        case active, merged, retired
    }

    /// A customer id with the earliest record it derives from.
    public struct Customer: Sendable {
        public var id: String
        public var status: CustomerStatus?
        public var anchorSeenAt: String?
        public var anchorSystem: String?
        /// The anchor record's source (nil for an id whose anchor vanished before sources owned ids).
        public var anchorSource: String?
        public var anchorRecordID: String?

        public init(id: String, status: CustomerStatus?, anchorSeenAt: String?, anchorSystem: String?, anchorSource: String?,
                    anchorRecordID: String?) {
            self.id = id
            self.status = status
            self.anchorSeenAt = anchorSeenAt
            self.anchorSystem = anchorSystem
            self.anchorSource = anchorSource
            self.anchorRecordID = anchorRecordID
        }
    }

    /// Every customer id ever issued.
    public func customers() throws -> [Customer] {
        var result: [Customer] = []
        try db.prepare("SELECT customer_id, status, anchor_seen_at, anchor_system, anchor_record_id, anchor_source FROM id_customer")
            .forEachRow { row in
            guard let id = row.string(0) else { return }
            result.append(Customer(id: id, status: row.string(1).flatMap(CustomerStatus.init(rawValue:)), anchorSeenAt: row.string(2),
                                   anchorSystem: row.string(3), anchorSource: row.string(5), anchorRecordID: row.string(4)))
        }
        return result
    }

    /// Last night's customer id of each record of `system`, in record id order (byte order), then
    /// source, as `id_record`'s key index keeps them; with last night's values of
    /// `describingColumns`, in that order (to tell a record re-delivered with new values).
    public func previousIDs(system: String, _ body: (_ recordID: String, _ source: String, _ customerID: String?,
                                                     _ values: [SQLValue]) throws -> Void) throws {
        guard try db.hasTable("id_record") else { return }
        let columns = Self.matchingColumns.joined(separator: ", ")
        try db.prepare("SELECT source_record_id, source, customer_id, \(columns), record_key FROM id_record WHERE source_system = ? ORDER BY source_record_id, source")
            .forEachRow([.text(system)]) { row in
                guard let id = row.string(0), let source = row.string(1) else { return }
                try body(id, source, row.string(2), (3..<(3 + Self.matchingColumns.count + 1)).map { row.column($0) })
            }
    }

    /// `describingColumns` and the further `id_record` columns matching reads (the values `previousIDs`
    /// hands out, in this order, and then the record's key): a record whose values here are unchanged
    /// compares as last night.
    public static let matchingColumns = describingColumns + ["birth_date", "birth_year", "customer_number", "loyalty_card",
                                                             "address_line2"]

    /// A pair `match_pair` kept last night, with what clustering did with it.
    public struct PreviousPair: Sendable {
        /// The records' `id_record` keys last night.
        public var keyA: Int64
        public var keyB: Int64
        public var rule: String
        public var weight: Double
        public var decision: String
        /// The comparison levels, packed as the matcher holds them.
        public var pattern: UInt32
    }

    /// Every pair `match_pair` holds from the last transform; false (having read none) when its rows
    /// predate the record keys and packed levels.
    public func previousPairs(_ body: (PreviousPair) throws -> Void) throws -> Bool {
        guard try db.hasTable("match_pair") else { return true }
        if try db.scalar("SELECT count(*) FROM match_pair WHERE record_key_a IS NULL OR record_key_b IS NULL OR pattern IS NULL")?.int ?? 0 > 0 {
            return false
        }
        try db.prepare("SELECT record_key_a, record_key_b, blocking_rule, match_weight, decision, pattern FROM match_pair ORDER BY pair_id")
            .forEachRow { row in
                try body(PreviousPair(keyA: row.int(0) ?? 0, keyB: row.int(1) ?? 0, rule: row.string(2) ?? "", weight: row.column(3).double ?? 0,
                                      decision: row.string(4) ?? "", pattern: UInt32(truncatingIfNeeded: row.int(5) ?? 0)))
            }
        return true
    }

    /// The `id_record` columns whose change in a re-delivered record may start a customer version.
    public static let describingColumns = ["salutation", "title", "first_name", "last_name", "email", "more_emails", "phone",
                                           "more_phones", "street", "house_number", "postcode", "city", "country", "gender",
                                           "consent", "consent_sms", "consent_phone", "consent_post"]

    /// The record pairs that joined two customers last night (`match_pair` decision `linked`; not
    /// pairs a guard refused) as (system, source, record id) of both records.
    public func linkedPairs(_ body: (_ a: RecordName, _ b: RecordName) throws -> Void) throws {
        guard try db.hasTable("match_pair") else { return }
        try db.prepare("""
            SELECT source_system_a, source_a, source_record_id_a, source_system_b, source_b, source_record_id_b, record_key_a,
              record_key_b
            FROM match_pair WHERE decision = 'linked'
            """).forEachRow { row in
                try body(RecordName(system: row.string(0), source: row.string(1), id: row.string(2), key: row.int(6)),
                         RecordName(system: row.string(3), source: row.string(4), id: row.string(5), key: row.int(7)))
            }
    }

    /// A source record as staging names it: its source and id (and its system, an attribute of the source).
    public struct RecordName: Sendable {
        public var system: String?
        public var source: String?
        public var id: String?
        /// Its `id_record` key in the transform that wrote the row naming it (nil where not kept).
        public var key: Int64? = nil
    }

    /// A change of a customer id, as `customer_id_history` records it.
    public struct Event: Sendable {
        public enum Kind: String, Sendable { case new, merge, split, retired }
        public var kind: Kind
        public var oldID: String?
        public var newID: String?
        public var reason: String

        public init(kind: Kind, oldID: String?, newID: String?, reason: String) {
            self.kind = kind
            self.oldID = oldID
            self.newID = newID
            self.reason = reason
        }
    }

    /// Records tonight's ids: `minted` new ones with their anchors, `present` (every id in use
    /// tonight; a retired one comes back active), and the `events` of run `runID`.
    public func record(minted: some Sequence<Customer>, present: Set<String>, events: some Sequence<Event>, runID: Int64) throws {
        var nextSequence = (try db.scalar("SELECT max(seq) FROM id_customer")?.int ?? 0) + 1
        let insertCustomer = try db.prepare("""
            INSERT INTO id_customer(customer_id, seq, created_run, status, anchor_seen_at, anchor_system, anchor_record_id, anchor_source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for customer in minted {
            try insertCustomer.execute([.text(customer.id), .integer(nextSequence), .integer(runID), .text(CustomerStatus.active.rawValue),
                                        SQLValue(customer.anchorSeenAt), SQLValue(customer.anchorSystem), SQLValue(customer.anchorRecordID),
                                        SQLValue(customer.anchorSource)])
            nextSequence += 1
        }
        // An id seen again (its records came back) is active again. (The retired are few; the
        // active, a row per customer, are not read.)
        let retired = try db.rows("SELECT customer_id FROM id_customer WHERE status = ?", [.text(CustomerStatus.retired.rawValue)])
            .compactMap { $0[0].string }
        for id in retired.filter(present.contains).sorted() {
            try db.execute("UPDATE id_customer SET status = ?, merged_into = NULL WHERE customer_id = ? AND status = ?",
                           [.text(CustomerStatus.active.rawValue), .text(id), .text(CustomerStatus.retired.rawValue)])
        }
        let insertHistory = try db.prepare("INSERT INTO customer_id_history(run_id, old_id, new_id, event, reason) VALUES (?,?,?,?,?)")
        let markMerged = try db.prepare("UPDATE id_customer SET status = ?, merged_into = ? WHERE customer_id = ?")
        let markRetired = try db.prepare("UPDATE id_customer SET status = ? WHERE customer_id = ?")
        for event in events {
            try insertHistory.execute([.integer(runID), SQLValue(event.oldID), SQLValue(event.newID), .text(event.kind.rawValue), .text(event.reason)])
            switch event.kind {
            case .merge: try markMerged.execute([.text(CustomerStatus.merged.rawValue), SQLValue(event.newID), SQLValue(event.oldID)])
            case .retired: try markRetired.execute([.text(CustomerStatus.retired.rawValue), SQLValue(event.oldID)])
            case .new, .split: break
            }
        }
    }

    /// The id a merged customer id lives on as (following merges), or the id itself.
    public func survivor(of id: String) throws -> String {
        var current = id
        var seen: Set<String> = [id]
        while let next = try db.scalar("SELECT merged_into FROM id_customer WHERE customer_id = ? AND status = ?",
                                       [.text(current), .text(CustomerStatus.merged.rawValue)])?.string, seen.insert(next).inserted {
            current = next
        }
        return current
    }
}
