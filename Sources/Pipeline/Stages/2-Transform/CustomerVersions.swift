import Foundation
import Identity
import PipelineCore
import SQLiteDB
import Staging

/// Customer history (SCD type 2), derived by the transform from the data, not from load times;
/// stored in staging `id_customer_version`, which the load copies into `dim_customer`.
///
/// Each customer's records are replayed in the order they were made (`seen_at`); whenever the golden
/// record's tracked attributes change in substance (a move, a new surname, a new phone, a consent
/// change; not a spelling: `Straße`/`Strasse`, `MÜLLER`/`Müller`), a new version starts at that
/// record's time. Because versions
/// follow the data, two nights transformed one after the other give the same history as both at
/// once, and a late-arriving record lands at its place in the timeline.
///
/// A customer who disappears from all sources keeps the versions of the last night, the open one
/// closed at the data date of tonight; one who comes back gets new versions after the closed ones.
///
/// - Complexity: O(Σ n²) comparisons over customers with n records each (n is small; each record's
///   values folded once), on all cores.
struct CustomerVersions {
    /// Attributes whose change starts a new version; the others hold their current value on every version.
    static let tracked: Set<String> = ["gender", "consent_sms", "consent_phone", "consent_post", "salutation", "title", "first_name", "last_name", "email", "phone", "street",
                                       "house_number", "postcode", "city", "country", "consent"]
    static let trackedPositions = GoldenRecordBuilder.attributes.indices.filter { tracked.contains(GoldenRecordBuilder.attributes[$0]) }
    static let untrackedPositions = GoldenRecordBuilder.attributes.indices.filter { !tracked.contains(GoldenRecordBuilder.attributes[$0]) }
    static let dawn = "0001-01-01T00:00:00Z"

    /// One version: `values` in `GoldenRecordBuilder.attributes` order.
    struct Version: Sendable {
        var validFrom: String
        var validTo: String
        var values: [String?]
    }

    let builder: GoldenRecordBuilder

    /// The versions of the customer made of `members` of `records`, oldest first; `winners` are
    /// the golden record's (`GoldenRecordBuilder.winners` of all members), its latest state.
    func versions(of members: [Int], in records: [IdentityRecord], winners: [Int]) -> [Version] {
        let final = values(records, winners: winners, members: members)
        if members.count == 1 {
            return [Version(validFrom: Self.timestamp(records[members[0]].seenAt) ?? Self.dawn, validTo: IdentityTables.openEnd, values: final)]
        }
        let ordered = members.sorted { Self.madeBefore($0, $1, in: records) }
        let prefixes = builder.prefixWinners(from: records, members: ordered)
        var versions: [Version] = []
        // The prefix (records up to that end) whose golden values each version shows: the last one
        // before the next version starts. Values are built once per version, not once per record.
        var shownAt: [Int] = []
        var previous: [String?]?
        var keyCache: [Int: [String?]] = [:]
        for end in 1...ordered.count {
            let tracked = Self.trackedKeys(records, winners: prefixes[end - 1], cache: &keyCache)
            if tracked == previous {
                // The same facts, written another way (`Straße`/`Strasse`, `MÜLLER`): no new version,
                // the open one shows the latest writing, as the golden record does.
                shownAt[shownAt.count - 1] = end
                continue
            }
            previous = tracked
            let from = Self.timestamp(records[ordered[end - 1]].seenAt) ?? Self.dawn
            if let last = versions.indices.last {
                if versions[last].validFrom == from {
                    // Several records at the same moment: one version with their combined state.
                    shownAt[last] = end
                    continue
                }
                versions[last].validTo = from
            }
            versions.append(Version(validFrom: from, validTo: IdentityTables.openEnd, values: []))
            shownAt.append(end)
        }
        for index in versions.indices {
            let end = shownAt[index]
            versions[index].values = end == ordered.count ? final
                : self.values(records, winners: prefixes[end - 1], members: Array(ordered[0..<end]))
            for position in Self.untrackedPositions { versions[index].values[position] = final[position] }
        }
        return versions
    }

    /// The tracked attributes' normalised values given each group's winner: what must change for a
    /// new version. Names, cities and titles compare by their match key, streets by their street
    /// key (street types folded), house numbers and postcodes without case and spaces.
    /// `cache` keeps each record's keys, so a record is normalised once per customer, not once
    /// per prefix it wins in.
    static func trackedKeys(_ records: [IdentityRecord], winners: [Int], cache: inout [Int: [String?]]) -> [String?] {
        trackedGroups.indices.map { position in
            let winner = winners[trackedGroups[position].group]
            guard winner >= 0 else { return nil }
            if let keys = cache[winner] { return keys[position] }
            let keys = trackedGroups.map { attribute, _, code -> String? in
                guard let value = GoldenRecordBuilder.value(code, of: records, at: winner) else { return nil }
                switch attribute {
                case "first_name", "last_name", "city", "salutation", "title": return NameNormalizer.matchKey(value)
                case "street": return records[winner].streetKey ?? NameNormalizer.matchKey(value)
                case "house_number", "postcode": return value.uppercased().filter { !$0.isWhitespace }
                default: return value
                }
            }
            cache[winner] = keys
            return keys[position]
        }
    }

    /// Each tracked attribute with the index of its attribute group.
    static let trackedGroups: [(attribute: String, group: Int, code: Int)] = GoldenRecordBuilder.attributeGroups.enumerated().flatMap { index, group in
        group.attributes.filter { tracked.contains($0) }.map { ($0, index, GoldenRecordBuilder.code($0)) }
    }

    /// The golden values given each attribute group's winner, in `GoldenRecordBuilder.attributes` order.
    private func values(_ records: [IdentityRecord], winners: [Int], members: [Int]) -> [String?] {
        var values = [String?](repeating: nil, count: GoldenRecordBuilder.attributes.count)
        for (columns, winner) in zip(GoldenRecordBuilder.groupCodes, winners) where winner >= 0 {
            for column in columns {
                values[column] = GoldenRecordBuilder.shownValue(column, winner: winner, members: members, records: records)
            }
        }
        return values
    }

    /// Time order of records: by `seen_at` (unknown first), then system and record id.
    static func madeBefore(_ a: Int, _ b: Int, in records: [IdentityRecord]) -> Bool {
        let order = IdentityRecord.compareSeenAt(records[a], records[b])
        if order != 0 { return order < 0 }
        if records[a].system != records[b].system { return records[a].system.rawValue < records[b].system.rawValue }
        return records[a].sourceRecordID.utf8.lexicographicallyPrecedes(records[b].sourceRecordID.utf8)
    }

    /// ISO date-time in UTC; a plain date becomes its midnight.
    static func timestamp(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value.count == 10 ? value + "T00:00:00Z" : value
    }

    /// After tonight's versions are written with `runID`: keeps the versions of earlier nights for
    /// customers who are gone now (the open one closed at `asOf`, tonight's data date) and the
    /// closed history of customers who came back, then removes the rest of the earlier versions.
    /// With `fullRefresh`, keeps none: the history is what tonight's staged records say.
    static func carryOver(_ db: Database, runID: Int64, asOf: String, fullRefresh: Bool) throws {
        let run = SQLValue.integer(runID), open = SQLValue.text(IdentityTables.openEnd)
        if !fullRefresh {
            try db.execute("""
                UPDATE id_customer_version
                SET valid_to = CASE WHEN valid_to = ?2 THEN max(?3, valid_from) ELSE valid_to END, run_id = ?1
                WHERE run_id < ?1 AND customer_id NOT IN (SELECT customer_id FROM id_golden)
                """, [run, open, .text(asOf)])
            try db.execute("""
                UPDATE id_customer_version SET run_id = ?1 WHERE rowid IN (
                  SELECT o.rowid FROM id_customer_version o
                  JOIN (SELECT customer_id, min(valid_from) AS first FROM id_customer_version WHERE run_id = ?1 GROUP BY customer_id) n
                    ON n.customer_id = o.customer_id
                  WHERE o.run_id < ?1 AND o.valid_to <> ?2 AND o.valid_from < n.first AND o.valid_to <= n.first)
                """, [run, open])
        }
        try db.execute("DELETE FROM id_customer_version WHERE run_id < ?", [run])
    }
}
