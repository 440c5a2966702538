import Foundation
import Identity
import PipelineCore
import SQLiteDB
import Staging

/// Writes the transform's identity tables inside the stage's transaction.
///
/// `id_record`, `match_pair`, `id_golden` and `id_golden_origin` are rebuilt every night (derived
/// from staging); `id_record` also tells the next night which id each record had, and
/// `id_customer` and `customer_id_history` carry the rest of the id state.
struct TransformOutput {
    let db: Database
    let config: PipelineConfig
    let runID: Int64
    let records: [IdentityRecord]
    let members: [[Int]]
    let assignment: StableIDAssigner.Assignment
    let unidentified: [TransformInput.StagedRecord]
    let nulled: [TransformInput.Nulled]
    let review: TransformReview
    /// Per record: it came again with other values than last night (`TransformStage.previousIDs`).
    let redelivered: [Bool]
    /// Drop the kept history of customers who vanished (`--full-refresh`).
    var fullRefresh = false

    /// Each record's customer id.
    func customerOf(_ outcome: IdentityResolver.Outcome) -> CustomerOf {
        CustomerOf(clusterOfRecord: outcome.clusterOfRecord, clusterIDs: assignment.clusterIDs)
    }

    /// Writes `id_record`, `match_pair` and the reviewed decisions: all that needs the features and
    /// the compared pairs, which the caller frees before `writeCustomers`.
    func writeMatches(table: FeatureTable, outcome: IdentityResolver.Outcome, customerOf: CustomerOf, clock: inout StepClock) throws {
        try IdentityTables.clearDerived(db)
        try writeRecords(table: table, outcome: outcome, customerOf: customerOf)
        clock.step("wrote id_record")
        try MatchPairTable.write(db: db, records: records, table: table, outcome: outcome, customerOf: customerOf,
                                 rules: config.identity.blocking)
        try review.write(db: db, records: records, outcome: outcome, customerOf: customerOf)
        clock.step("wrote \(outcome.edges.count) match pairs and \(review.decisions.count) reviewed decisions")
    }

    /// Writes the golden records, customer versions, id state, and the records and values left out
    /// (after `writeMatches`).
    func writeCustomers(customerOf: CustomerOf, clock: inout StepClock) throws {
        try writeGolden(clock: &clock)
        var latest: Int?
        for index in records.indices where records[index].hasSeenAt {
            if latest.map({ IdentityRecord.compareSeenAt(records[$0], records[index]) < 0 }) ?? true { latest = index }
        }
        let asOf = CustomerVersions.timestamp(latest.flatMap { records[$0].seenAt }) ?? CustomerVersions.dawn
        if !fullRefresh {
            try CustomerVersions.keepDeliveredChanges(db, runID: runID, asOf: asOf, changed: try deliveredChanges(customerOf: customerOf),
                                                      logger: clock.logger)
        }
        try CustomerVersions.carryOver(db, runID: runID, asOf: asOf, fullRefresh: fullRefresh)
        clock.step("wrote golden records and customer versions")
        try writeIDState()
        let insertUnidentified = try db.prepare(
            "INSERT INTO id_unidentified(source, source_system, source_record_id, file_id, line) VALUES (?,?,?,?,?)")
        for record in unidentified {
            try insertUnidentified.insert([.text(record.source), .text(record.system.rawValue), .text(record.recordID),
                                           .integer(record.fileID), .integer(record.line)])
        }
        let insertNulled = try db.prepare("""
            INSERT INTO id_nulled(source, source_system, source_record_id, file_id, line, field, reason, raw_value)
            VALUES (?,?,?,?,?,?,?,?)
            """)
        for value in nulled {
            let record = value.record
            try insertNulled.insert([.text(record.source), .text(record.system.rawValue), .text(record.recordID), .integer(record.fileID),
                                     .integer(record.line), .text(value.value.field), .text(value.value.reason), .text(value.value.raw)])
        }
        // Indexed by the stage once the records are freed (`TransformStage.run`).
    }

    /// The customers with a record that came again with other values than last night, each with the
    /// latest date in the names of the files that brought them (nil where no name has a date).
    /// A file delivered again under the same name (`redelivery: replace`) corrects the one it
    /// replaced: its other values are no change.
    private func deliveredChanges(customerOf: CustomerOf) throws -> [String: String?] {
        var changed: [String: String?] = [:]
        var dateOfFile: [Int64: (date: String?, correction: Bool)] = [:]
        let file = try db.prepare("""
            SELECT f.path, EXISTS (SELECT 1 FROM etl_file o WHERE o.source = f.source AND o.path = f.path AND o.file_id <> f.file_id
                                   AND o.status = ?2)
            FROM etl_file f WHERE f.file_id = ?1
            """)
        for index in records.indices where redelivered[index] {
            let fileID = records[index].fileID
            if dateOfFile[fileID] == nil {
                let row = try file.rows([.integer(fileID), .text(FileStatus.superseded.rawValue)]).first
                dateOfFile[fileID] = (row?[0].string.flatMap(CustomerVersions.fileDate), (row?[1].int ?? 0) != 0)
            }
            guard let (date, correction) = dateOfFile[fileID], !correction else { continue }
            let customer = customerOf[index]
            if let known = changed[customer], let knownDate = known, date.map({ !knownDate.utf8.lexicographicallyPrecedes($0.utf8) }) ?? true {
                continue
            }
            changed[customer] = date
        }
        return changed
    }

    /// The rule that attached each record: its exact link, else `probabilistic` when its group joined
    /// others by a match, else `unique`.
    private func matchRules(_ outcome: IdentityResolver.Outcome) -> [String] {
        var groupsInCluster = [Int32](repeating: 0, count: outcome.clusterCount)
        var seenGroup = [Bool](repeating: false, count: outcome.links.nodeCount)
        for (record, node) in outcome.links.nodeOf.enumerated() where !seenGroup[Int(node)] {
            seenGroup[Int(node)] = true
            groupsInCluster[Int(outcome.clusterOfRecord[record])] += 1
        }
        return records.indices.map { index in
            let rule = outcome.links.ruleOf[index]
            if rule >= 0 { return outcome.links.rules[Int(rule)] }
            return groupsInCluster[Int(outcome.clusterOfRecord[index])] > 1 ? "probabilistic" : "unique"
        }
    }

    private func writeRecords(table: FeatureTable, outcome: IdentityResolver.Outcome, customerOf: CustomerOf) throws {
        let insertRecord = try db.prepare("""
            INSERT INTO id_record(record_key, source_system, source, source_record_id, customer_id, match_rule, seen_at,
              salutation, title, first_name, last_name, email, phone, street, house_number, postcode, city, birth_date,
              customer_number, loyalty_card, consent, country, first_name_key, last_name_key, first_name_koelner, last_name_koelner,
              first_name_metaphone, last_name_metaphone, street_key, city_key, gender, consent_sms, consent_phone, consent_post,
              consent_date, more_emails, more_phones, birth_year, address_line2, street_key2)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        let rules = matchRules(outcome)
        for (index, record) in records.enumerated() {
            let features = table.records[index]
            try insertRecord.insert([
                .integer(Int64(index + 1)), .text(record.system.rawValue), .text(record.source), .text(record.sourceRecordID),
                .text(customerOf[index]), .text(rules[index]), SQLValue(record.seenAt),
                SQLValue(record.salutation), SQLValue(record.title), SQLValue(record.firstName), SQLValue(record.lastName),
                SQLValue(record.email), SQLValue(record.phone), SQLValue(record.street), SQLValue(record.houseNumber),
                SQLValue(record.postcode), SQLValue(record.city), SQLValue(record.birthDate), SQLValue(record.customerNumber),
                SQLValue(record.loyaltyCard), record.consent.map { .integer($0 ? 1 : 0) } ?? .null, SQLValue(record.country),
                SQLValue(table.firstNames.keys[features.firstName]), SQLValue(table.lastNames.keys[features.lastName]),
                SQLValue(table.firstNames.koelnerCode(features.firstName)), SQLValue(table.lastNames.koelnerCode(features.lastName)),
                SQLValue(table.firstNames.metaphoneCode(features.firstName)), SQLValue(table.lastNames.metaphoneCode(features.lastName)),
                SQLValue(table.streets.keys[features.street]), SQLValue(table.cities[features.city]), SQLValue(record.gender),
                record.consentSMS.map { .integer($0 ? 1 : 0) } ?? .null, record.consentPhone.map { .integer($0 ? 1 : 0) } ?? .null,
                record.consentPost.map { .integer($0 ? 1 : 0) } ?? .null, SQLValue(record.consentDate),
                SQLValue(MultiValue.encode(record.moreEmails)), SQLValue(MultiValue.encode(record.morePhones)),
                record.birthYear.map { .integer(Int64($0)) } ?? .null,
                SQLValue(record.addressLine2), SQLValue(table.streets.keys[features.street2]),
            ])
        }
    }

    private func writeGolden(clock: inout StepClock) throws {
        let builder = GoldenRecordBuilder(priority: config.identity.sourcePriority, survivorship: config.identity.survivorship)
        let clusterIDs = assignment.clusterIDs
        let records = self.records, members = self.members
        // In customer id order: both tables are keyed by it, so rows append instead of landing at
        // random. Built a batch at a time on all cores, so memory holds two batches of golden records.
        let order = clusterIDs.indices.sorted { clusterIDs[$0] < clusterIDs[$1] }
        let insertGolden = try db.prepare("""
            INSERT INTO id_golden(customer_id, \(GoldenRecordBuilder.attributes.joined(separator: ", ")), first_seen, last_seen,
              record_count)
            VALUES (?\(String(repeating: ",?", count: GoldenRecordBuilder.attributes.count + 3)))
            """)
        let insertOrigin = try db.prepare(
            "INSERT INTO id_golden_origin(customer_id, source_system, source, source_record_id, attributes) VALUES (?,?,?,?,?)")
        let insertVersion = try db.prepare("""
            INSERT INTO id_customer_version(customer_id, valid_from, valid_to, \(GoldenRecordBuilder.attributes.joined(separator: ", ")),
              first_seen, last_seen, record_count, run_id)
            VALUES (?,?,?\(String(repeating: ",?", count: GoldenRecordBuilder.attributes.count + 4)))
            """)
        let versioning = CustomerVersions(builder: builder)
        let consentColumn = GoldenRecordBuilder.attributes.firstIndex(of: "consent")!
        let batch = 16_384, chunks = 8
        var buildTime = 0.0, writeTime = 0.0
        typealias Chosen = (winners: [Int], seen: (first: String?, last: String?), versions: [CustomerVersions.Version])
        /// The golden records of one batch of customers, built on all cores.
        let build = { @Sendable (slice: [Int]) -> [Chosen] in
            Array(Parallel.map(chunks) { chunk -> [Chosen] in
                let range = (slice.count * chunk / chunks)..<(slice.count * (chunk + 1) / chunks)
                return range.map { position in
                    let members = members[slice[position]]
                    let winners = builder.winners(from: records, members: members)
                    return (winners, builder.seenRange(from: records, members: members),
                            versioning.versions(of: members, in: records, winners: winners))
                }
            }.joined())
        }
        func batchAt(_ start: Int) -> Background<[Chosen]>? {
            guard start < order.count else { return nil }
            let slice = Array(order[start..<min(start + batch, order.count)])
            return Background { build(slice) }
        }
        // The next batch is built while this one is inserted: SQLite's inserts take one core.
        var start = 0
        var next = batchAt(0)
        while let pending = next {
            var mark = Date()
            let chosen = pending.wait()
            let slice = order[start..<min(start + batch, order.count)]
            start += batch
            next = batchAt(start)
            buildTime += Date().timeIntervalSince(mark); mark = Date()
            defer { writeTime += Date().timeIntervalSince(mark) }
            for (position, golden) in chosen.enumerated() {
                let cluster = slice[slice.startIndex + position]
                let customerID = clusterIDs[cluster]
                let attributeCount = GoldenRecordBuilder.attributes.count
                var values = [SQLValue](repeating: .null, count: attributeCount + 4)
                values[0] = .text(customerID)
                // Supplying records with the attributes they gave, as bits over `attributes`.
                var suppliers: [(record: Int, attributes: UInt16)] = []
                // The latest version shows the golden values (`CustomerVersions.versions`).
                let shown = golden.versions[golden.versions.count - 1].values
                for (groupIndex, winner) in golden.winners.enumerated() where winner >= 0 {
                    var supplied: UInt16 = 0
                    // Each attribute's position among `attributes` is its column after customer_id.
                    for column in GoldenRecordBuilder.groupCodes[groupIndex] {
                        guard let value = shown[column] else { continue }
                        values[1 + column] = column == consentColumn ? (Int64(value).map(SQLValue.integer) ?? .null) : .text(value)
                        supplied |= 1 << UInt16(column)
                    }
                    guard supplied != 0 else { continue }
                    if let index = suppliers.firstIndex(where: { $0.record == winner }) {
                        suppliers[index].attributes |= supplied
                    } else {
                        suppliers.append((winner, supplied))
                    }
                }
                values[attributeCount + 1] = SQLValue(golden.seen.first)
                values[attributeCount + 2] = SQLValue(golden.seen.last)
                values[attributeCount + 3] = .integer(Int64(members[cluster].count))
                try insertGolden.insert(values)
                for version in golden.versions {
                    var row: [SQLValue] = [.text(customerID), .text(version.validFrom), .text(version.validTo)]
                    for (column, value) in version.values.enumerated() {
                        row.append(column == consentColumn ? (value.flatMap { Int64($0) }.map(SQLValue.integer) ?? .null) : SQLValue(value))
                    }
                    row += [SQLValue(golden.seen.first), SQLValue(golden.seen.last), .integer(Int64(members[cluster].count)), .integer(runID)]
                    try insertVersion.insert(row)
                }
                // One row per supplying record, in key order (source, then record id).
                if suppliers.count > 1 {
                    suppliers.sort { a, b in
                        let x = records[a.record], y = records[b.record]
                        if x.source != y.source { return x.source < y.source }
                        return x.sourceRecordID.utf8.lexicographicallyPrecedes(y.sourceRecordID.utf8)
                    }
                }
                for supplier in suppliers {
                    let record = records[supplier.record]
                    let listed = GoldenRecordBuilder.attributes.indices.filter { supplier.attributes & (1 << UInt16($0)) != 0 }
                    try insertOrigin.insert([.text(customerID), .text(record.system.rawValue), .text(record.source), .text(record.sourceRecordID),
                                             .text(listed.map { GoldenRecordBuilder.attributes[$0] }.joined(separator: " "))])
                }
            }
        }
        clock.logger.info("transform: golden records: waited \(String(format: "%.2f", buildTime)) s for them to be chosen (on all cores, while inserting), inserted in \(String(format: "%.2f", writeTime)) s")
    }

    private func writeIDState() throws {
        // Converted one at a time as they are inserted (a fresh night mints an id per customer).
        let minted = assignment.minted.lazy.map { minted in
            IdentityState.Customer(id: minted.id, status: .active, anchorSeenAt: minted.anchor.seenAt,
                                   anchorSystem: minted.anchor.system, anchorSource: minted.anchor.source,
                                   anchorRecordID: minted.anchor.recordID)
        }
        let events = assignment.events.lazy.map { event in
            IdentityState.Event(kind: IdentityState.Event.Kind(rawValue: event.kind.rawValue)!, oldID: event.oldID, newID: event.newID,
                                reason: event.reason)
        }
        try IdentityState(db: db).record(minted: minted, present: Set(assignment.clusterIDs), events: events, runID: runID)
    }
}

/// Each record's customer id, read through its cluster: 4 bytes a record, not a string.
struct CustomerOf {
    let clusterOfRecord: [Int32]
    let clusterIDs: [String]

    subscript(record: Int) -> String { clusterIDs[Int(clusterOfRecord[record])] }
}
