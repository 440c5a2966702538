import Foundation
import Identity
import Logging
import SQLiteDB
import Staging

/// Changes that only a re-delivered record shows.
///
/// A contact exported again under its id with a new address carries no time of the move: its own
/// time (`signup_date`) is the old one, and staging's current version of the record is the new one
/// alone. Derived from the data, the customer would have one version with the new address and the
/// old one would be gone. So when a record came again with other values than last night and its
/// customer's tracked values changed with no newer record to date the change, the night that saw
/// it starts a version (`started_by = 'delivery'`), and the version before keeps last night's
/// values. Later nights keep such a version where the data cannot place the change itself.
///
/// The change's time, deterministic from the inputs: the date in the name of the file that
/// delivered the change (`kunden_20261102.csv`, `contacts-2026-11-02.json`), else tonight's data
/// date (the latest record time), whichever is first later than the version the change ends. With
/// neither, the change shows in the current version only, and the log says how many customers that
/// was. `transform --full-refresh` drops these versions with the rest of the kept history.
extension CustomerVersions {
    /// A version as `id_customer_version` holds it.
    struct StoredVersion {
        var validFrom: String
        var validTo: String
        /// `GoldenRecordBuilder.attributes`, then first_seen, last_seen, record_count.
        var values: [SQLValue]
        var startedBy: String
    }

    static let storedColumns = ["valid_from", "valid_to"] + GoldenRecordBuilder.attributes
        + ["first_seen", "last_seen", "record_count", "started_by"]

    /// Rewrites tonight's versions (`runID`) of the customers in `changed` (a record of theirs came
    /// again with other values) and of those with a kept `delivery` version, keeping the changes
    /// the data cannot date. `fileDate` gives the date in the name of the file that delivered each
    /// changed customer's change, where there is one.
    static func keepDeliveredChanges(_ db: Database, runID: Int64, asOf: String, changed: [String: String?],
                                     logger: Logger?) throws {
        var customers = Set(changed.keys)
        for row in try db.rows("SELECT DISTINCT customer_id FROM id_customer_version WHERE run_id < ? AND started_by = 'delivery'",
                               [.integer(runID)]) {
            if let id = row[0].string { customers.insert(id) }
        }
        guard !customers.isEmpty else { return }
        let columns = storedColumns.joined(separator: ", ")
        let select = try db.prepare("SELECT \(columns), run_id FROM id_customer_version WHERE customer_id = ? ORDER BY valid_from, run_id")
        let delete = try db.prepare("DELETE FROM id_customer_version WHERE customer_id = ? AND run_id = ?")
        let insert = try db.prepare("""
            INSERT INTO id_customer_version(customer_id, \(columns), run_id)
            VALUES (?\(String(repeating: ",?", count: storedColumns.count + 1)))
            """)
        var undatable = 0
        for customer in customers.sorted() {
            var previous: [StoredVersion] = [], tonight: [StoredVersion] = []
            for row in try select.rows([.text(customer)]) {
                let version = StoredVersion(validFrom: row[0].string ?? dawn, validTo: row[1].string ?? IdentityTables.openEnd,
                                            values: Array(row[2..<(storedColumns.count - 1)]),
                                            startedBy: row[storedColumns.count - 1].string ?? "data")
                if (row[storedColumns.count].int ?? 0) == runID { tonight.append(version) } else { previous.append(version) }
            }
            guard !previous.isEmpty, !tonight.isEmpty else { continue }
            let seenOn = changed[customer].flatMap { $0 }
            guard let merged = merge(previous: previous, tonight: tonight, changeTimes: [seenOn, asOf].compactMap { $0 },
                                     undatable: &undatable) else { continue }
            try delete.execute([.text(customer), .integer(runID)])
            for version in merged {
                try insert.execute([.text(customer), .text(version.validFrom), .text(version.validTo)] + version.values
                                   + [.text(version.startedBy), .integer(runID)])
            }
        }
        if undatable > 0 {
            logger?.warning("transform: \(undatable) customer(s) changed in a re-delivered record that carries no time of the change, and neither its file name nor tonight's data gives a later date; the change shows in their current version, without a version before it")
        }
    }

    /// Tonight's versions with the changes only earlier nights saw put back: each kept `delivery`
    /// version's start splits tonight's version around it (the part before shows the state the
    /// earlier night replaced), and a change of the tracked values since last night that no record
    /// of tonight's dates starts a new `delivery` version at the first of `changeTimes` later than
    /// the version it ends. Nil when nothing changes.
    static func merge(previous: [StoredVersion], tonight: [StoredVersion], changeTimes: [String],
                      undatable: inout Int) -> [StoredVersion]? {
        var result = tonight
        var changedAnything = false
        // Kept changes, oldest first: split the version of tonight that covers each one's start.
        for (index, kept) in previous.enumerated() where kept.startedBy == "delivery" && index > 0 {
            guard let covering = result.firstIndex(where: { $0.validFrom < kept.validFrom && kept.validFrom < $0.validTo }) else { continue }
            var before = result[covering]
            var after = before
            before.validTo = kept.validFrom
            before.values = trackedOverlay(previous[index - 1].values, onto: before.values)
            after.validFrom = kept.validFrom
            after.startedBy = "delivery"
            result.replaceSubrange(covering...covering, with: [before, after])
            changedAnything = true
        }
        // Tonight's own undated change: last night's current state against tonight's.
        if let lastNight = previous.last(where: { $0.validTo == IdentityTables.openEnd }), var current = result.last,
           current.validFrom <= lastNight.validFrom,
           trackedKeys(of: lastNight.values) != trackedKeys(of: current.values) {
            if let time = changeTimes.first(where: { current.validFrom.utf8.lexicographicallyPrecedes($0.utf8) }) {
                var before = current
                before.validTo = time
                before.values = trackedOverlay(lastNight.values, onto: current.values)
                current.validFrom = time
                current.startedBy = "delivery"
                result.replaceSubrange((result.count - 1)..., with: [before, current])
                changedAnything = true
            } else {
                undatable += 1
            }
        }
        return changedAnything ? result : nil
    }

    /// `target` with the tracked attributes of `source` (the state an earlier night knew; the
    /// untracked ones show their current value on every version, as elsewhere).
    static func trackedOverlay(_ source: [SQLValue], onto target: [SQLValue]) -> [SQLValue] {
        var values = target
        for position in trackedPositions { values[position] = source[position] }
        return values
    }

    /// The tracked attributes of stored values as `trackedKeys` compares them: spelling aside.
    static func trackedKeys(of values: [SQLValue]) -> [String?] {
        trackedPositions.map { position in
            guard let value = values[position].string else { return nil }
            switch GoldenRecordBuilder.attributes[position] {
            case "first_name", "last_name", "city", "salutation", "title": return NameNormalizer.matchKey(value)
            case "street": return AddressNormalizer.streetKey(value)
            case "house_number", "postcode": return value.uppercased().filter { !$0.isWhitespace }
            default: return value
            }
        }
    }

    /// The date in a delivered file's name, as a version start: `kunden_20261102.csv`,
    /// `export-2026-11-02.json`, `2026_11_02/contacts.xml` (the last such date in the path); nil
    /// when there is none.
    static func fileDate(_ path: String) -> String? {
        let bytes = Array(path.utf8)
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start >= 0, start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<(start + count)] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        func isDigit(_ index: Int) -> Bool { index >= 0 && index < bytes.count && bytes[index] >= 0x30 && bytes[index] <= 0x39 }
        var found: String?
        var index = 0
        while index < bytes.count {
            // A run of digits (with single - _ . between groups) not inside a longer number.
            guard isDigit(index), !isDigit(index - 1) else { index += 1; continue }
            for separator in [0, 1] {
                let monthAt = index + 4 + separator, dayAt = monthAt + 2 + separator
                guard let year = digits(index, 4), let month = digits(monthAt, 2), let day = digits(dayAt, 2),
                      !isDigit(dayAt + 2), (1990...2199).contains(year), (1...12).contains(month), (1...31).contains(day) else { continue }
                if separator == 1 {
                    let a = bytes[index + 4], b = bytes[monthAt + 2]
                    guard a == b, [UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: ".")].contains(a) else { continue }
                }
                found = String(format: "%04d-%02d-%02dT00:00:00Z", year, month, day)
            }
            index += 1
        }
        return found
    }
}
