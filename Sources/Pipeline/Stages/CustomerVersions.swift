import Foundation
import Identity
import PipelineCore
import SQLiteDB

/// Customer history (SCD type 2) for `dim_customer`, derived from the data, not from load times.
///
/// Each customer's records are replayed in the order they were made (`seen_at`); whenever the golden
/// record's tracked attributes change, a new version starts at that record's time. Because versions
/// follow the data, two nights loaded one after the other give the same history as both loaded at once,
/// and a late-arriving record lands at its place in the timeline.
///
/// A customer who disappears from all sources keeps the versions of the last load, the open one closed
/// at the data date of this load; one who comes back gets new versions after the closed ones.
///
/// - Complexity: O(Σ n²) golden-record builds over customers with n records each (n is small).
struct CustomerVersions {
    /// Attributes whose change starts a new version; the others are overwritten on every version.
    static let tracked = ["salutation", "title", "first_name", "last_name", "email", "phone", "street",
                          "house_number", "postcode", "city", "country", "consent"]
    static let openEnd = "9999-12-31T23:59:59Z"

    struct Version {
        var customerID: String
        var validFrom: String
        var validTo: String
        var values: [String: String]
    }

    let builder: GoldenRecordBuilder

    /// Writes every version into the warehouse's `dim_customer` (attached staging as `stg`).
    func write(into db: Database) throws {
        let asOf = Self.timestamp(try db.scalar("SELECT max(seen_at) FROM stg.id_record")?.string) ?? "0001-01-01T00:00:00Z"
        var versions: [Version] = []
        var present = Set<String>()
        var currentID: String?
        var records: [IdentityRecord] = []
        func flush() {
            guard let id = currentID, !records.isEmpty else { return }
            present.insert(id)
            versions += replay(customerID: id, records: records)
            records.removeAll(keepingCapacity: true)
        }
        try db.prepare("""
            SELECT customer_id, source_system, source, source_record_id, seen_at, salutation, title, first_name, last_name,
                   email, phone, street, house_number, postcode, city, birth_date, customer_number, loyalty_card, consent, country
            FROM stg.id_record ORDER BY customer_id, seen_at, source_system, source_record_id
            """).forEachRow { row in
            let id = row.string(0)!
            if id != currentID { flush(); currentID = id }
            var record = IdentityRecord(system: SourceSystem(rawValue: row.string(1)!) ?? .email, source: row.string(2)!, sourceRecordID: row.string(3)!)
            record.seenAt = row.string(4)
            record.salutation = row.string(5); record.title = row.string(6)
            record.firstName = row.string(7); record.lastName = row.string(8)
            record.email = row.string(9); record.phone = row.string(10)
            record.street = row.string(11); record.houseNumber = row.string(12)
            record.postcode = row.string(13); record.city = row.string(14)
            record.birthDate = row.string(15); record.customerNumber = row.string(16); record.loyaltyCard = row.string(17)
            record.consent = row.int(18).map { $0 == 1 }
            record.country = row.string(19)
            records.append(record)
        }
        flush()
        versions += try carriedOver(db, present: present, versions: &versions, asOf: asOf)
        versions.sort { ($0.customerID, $0.validFrom) < ($1.customerID, $1.validFrom) }
        try insert(versions, into: db)
    }

    /// The versions of one customer, by replaying its records in time order.
    func replay(customerID: String, records: [IdentityRecord]) -> [Version] {
        let final = builder.build(customerID: customerID, records: records)
        var versions: [Version] = []
        var previous: [String: String]?
        for end in 1...records.count {
            let golden = end == records.count ? final : builder.build(customerID: customerID, records: Array(records[0..<end]))
            let tracked = golden.values.filter { Self.tracked.contains($0.key) }
            if tracked == previous { continue }
            let from = Self.timestamp(records[end - 1].seenAt) ?? "0001-01-01T00:00:00Z"
            if var last = versions.popLast() {
                if last.validFrom == from {
                    // Several records at the same moment: one version with their combined state.
                    previous = tracked
                    last.values = tracked
                    versions.append(last)
                    continue
                }
                last.validTo = from
                versions.append(last)
            }
            versions.append(Version(customerID: customerID, validFrom: from, validTo: Self.openEnd, values: tracked))
            previous = tracked
        }
        // Attributes that are not tracked hold their current value on every version.
        let untracked = final.values.filter { !Self.tracked.contains($0.key) }
        for index in versions.indices {
            versions[index].values.merge(untracked) { $1 }
            versions[index].values["first_seen"] = final.firstSeen
            versions[index].values["last_seen"] = final.lastSeen
            versions[index].values["record_count"] = String(final.recordCount)
        }
        return versions
    }

    /// Versions of the last load for customers that are gone now (closed at `asOf`), and the closed
    /// history of customers who came back.
    private func carriedOver(_ db: Database, present: Set<String>, versions: inout [Version], asOf: String) throws -> [Version] {
        guard try db.hasTable("wh_customer_version", schema: "stg") else { return [] }
        var firstFrom: [String: String] = [:]
        for version in versions where firstFrom[version.customerID].map({ version.validFrom < $0 }) ?? true {
            firstFrom[version.customerID] = version.validFrom
        }
        var kept: [Version] = []
        try db.prepare("SELECT customer_id, valid_from, valid_to, attributes FROM stg.wh_customer_version ORDER BY customer_id, valid_from").forEachRow { row in
            let id = row.string(0)!
            let object = (try? JSONSerialization.jsonObject(with: Data((row.string(3) ?? "{}").utf8))) as? [String: Any] ?? [:]
            let values = object.compactMapValues { $0 as? String }
            var version = Version(customerID: id, validFrom: row.string(1)!, validTo: row.string(2)!, values: values)
            if !present.contains(id) {
                if version.validTo == Self.openEnd { version.validTo = max(asOf, version.validFrom) }
                kept.append(version)
            } else if let first = firstFrom[id], version.validFrom < first, version.validTo <= first, version.validTo != Self.openEnd {
                kept.append(version)
            }
        }
        return kept
    }

    private func insert(_ versions: [Version], into db: Database) throws {
        let insert = try db.prepare("""
            INSERT INTO dim_customer(customer_id, salutation, title, first_name, last_name, full_name, email, phone, street,
              house_number, postcode, city, country, birth_date, customer_number, loyalty_card, marketing_consent, first_seen,
              last_seen, source_record_count, valid_from, valid_to, is_current)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        for v in versions {
            let full = [v.values["first_name"], v.values["last_name"]].compactMap { $0 }.joined(separator: " ")
            try insert.execute([
                .text(v.customerID), SQLValue(v.values["salutation"]), SQLValue(v.values["title"]), SQLValue(v.values["first_name"]),
                SQLValue(v.values["last_name"]), full.isEmpty ? .null : .text(full), SQLValue(v.values["email"]), SQLValue(v.values["phone"]),
                SQLValue(v.values["street"]), SQLValue(v.values["house_number"]), SQLValue(v.values["postcode"]), SQLValue(v.values["city"]),
                SQLValue(v.values["country"]), SQLValue(v.values["birth_date"]), SQLValue(v.values["customer_number"]), SQLValue(v.values["loyalty_card"]),
                v.values["consent"].flatMap { Int64($0) }.map(SQLValue.integer) ?? .null,
                SQLValue(v.values["first_seen"]), SQLValue(v.values["last_seen"]),
                .integer(Int64(v.values["record_count"].flatMap { Int($0) } ?? 0)),
                .text(v.validFrom), .text(v.validTo), .integer(v.validTo == Self.openEnd ? 1 : 0),
            ])
        }
    }

    /// Saves this load's versions in staging, for customers that disappear before the next load.
    static func persist(warehouse: String, staging: Database) throws {
        try staging.execute("ATTACH DATABASE ? AS wh", [.text(warehouse)])
        defer { try? staging.execute("DETACH DATABASE wh") }
        try staging.inTransaction {
            try staging.execute("""
                CREATE TABLE IF NOT EXISTS wh_customer_version (
                    customer_id TEXT NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT NOT NULL, attributes TEXT NOT NULL,
                    PRIMARY KEY (customer_id, valid_from)) WITHOUT ROWID;
                DELETE FROM wh_customer_version;
                INSERT INTO wh_customer_version(customer_id, valid_from, valid_to, attributes)
                SELECT customer_id, valid_from, valid_to, json_object(
                    'salutation', salutation, 'title', title, 'first_name', first_name, 'last_name', last_name,
                    'email', email, 'phone', phone, 'street', street, 'house_number', house_number, 'postcode', postcode,
                    'city', city, 'country', country, 'birth_date', birth_date, 'customer_number', customer_number, 'loyalty_card', loyalty_card,
                    'consent', CAST(marketing_consent AS TEXT), 'first_seen', first_seen, 'last_seen', last_seen,
                    'record_count', CAST(source_record_count AS TEXT))
                FROM wh.dim_customer;
                """)
        }
    }

    /// ISO date-time in UTC; a plain date becomes its midnight.
    static func timestamp(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value.count == 10 ? value + "T00:00:00Z" : value
    }
}
