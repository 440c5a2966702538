import PipelineCore

/// The best-known value of each attribute of one customer, with the record that supplied it.
public struct GoldenRecord: Sendable, Equatable {
    public var customerID: String
    public var values: [String: String]
    /// attribute → (system, source record id) that supplied the value.
    public var provenance: [String: (system: SourceSystem, recordID: String)]
    public var firstSeen: String?
    public var lastSeen: String?
    public var recordCount: Int

    public static func == (a: GoldenRecord, b: GoldenRecord) -> Bool {
        a.customerID == b.customerID && a.values == b.values && a.firstSeen == b.firstSeen && a.lastSeen == b.lastSeen
            && a.recordCount == b.recordCount
            && a.provenance.mapValues { "\($0.system.rawValue)/\($0.recordID)" } == b.provenance.mapValues { "\($0.system.rawValue)/\($0.recordID)" }
    }
}

/// Builds golden records by survivorship rules per attribute group.
///
/// For each group (`first_name`, `email`, `address`, ...) the records that have a value are ranked by
/// the group's rules in order: `source_priority` (the system listed first wins), `most_recent`,
/// `most_complete` (most parts filled, then the longest text), `most_frequent` (the value most records
/// agree on, compared folded so `Müller` and `MUELLER` count together); remaining ties go to the
/// higher record id, so the result never depends on input order. The winner supplies every value
/// of the group: address parts travel together, so a golden record never mixes two addresses.
public struct GoldenRecordBuilder: Sendable {
    public static let attributes = ["salutation", "title", "first_name", "last_name", "email", "phone", "street",
                                    "house_number", "postcode", "city", "country", "birth_date", "customer_number",
                                    "loyalty_card", "consent"]
    /// Attribute groups in output order, each with its attributes.
    static let groups: [(name: String, attributes: [String])] = IdentityConfig.survivorshipGroups.map { group in
        (group, group == "address" ? ["street", "house_number", "postcode", "city", "country"] : [group])
    }

    public let priority: [SourceSystem]
    let rules: [String: [SurvivorshipRule]]

    /// Source priority, then the most recent record, for every attribute.
    public init(priority: [SourceSystem]) {
        self.init(priority: priority, survivorship: ["default": [.sourcePriority, .mostRecent]])
    }

    /// Rules per attribute group; `default` applies to groups not listed.
    public init(priority: [SourceSystem], survivorship: [String: [SurvivorshipRule]]) {
        self.priority = priority + SourceSystem.allCases.filter { !priority.contains($0) }
        let fallback = survivorship["default"] ?? [.sourcePriority, .mostRecent]
        var rules: [String: [SurvivorshipRule]] = [:]
        for group in IdentityConfig.survivorshipGroups { rules[group] = survivorship[group] ?? fallback }
        self.rules = rules
    }

    /// - Complexity: O(g · n) for n records and g attribute groups (one pass per group, values
    ///   folded once per record).
    public func build(customerID: String, records: [IdentityRecord]) -> GoldenRecord {
        build(customerID: customerID, from: records, members: Array(records.indices))
    }

    /// The golden record of the records at `members` of `records` (no copy of the records).
    public func build(customerID: String, from records: [IdentityRecord], members: [Int]) -> GoldenRecord {
        var golden = GoldenRecord(customerID: customerID, values: [:], provenance: [:], firstSeen: nil, lastSeen: nil,
                                  recordCount: members.count)
        for (group, winner) in zip(Self.groups, winners(from: records, members: members)) where winner >= 0 {
            for attribute in group.attributes {
                guard let value = Self.value(attribute, of: records[winner]) else { continue }
                golden.values[attribute] = value
                golden.provenance[attribute] = (records[winner].system, records[winner].sourceRecordID)
            }
        }
        let seen = seenRange(from: records, members: members)
        golden.firstSeen = seen.first
        golden.lastSeen = seen.last
        return golden
    }

    /// The earliest and latest `seenAt` of the members.
    public func seenRange(from records: [IdentityRecord], members: [Int]) -> (first: String?, last: String?) {
        var firstSeen: String?, lastSeen: String?
        for index in members {
            guard let seen = records[index].seenAt else { continue }
            if firstSeen.map({ seen < $0 }) ?? true { firstSeen = seen }
            if lastSeen.map({ seen > $0 }) ?? true { lastSeen = seen }
        }
        return (firstSeen, lastSeen)
    }

    /// The attribute groups in output order (`salutation` … `consent`, `address` as one) with their attributes.
    public static var attributeGroups: [(name: String, attributes: [String])] { groups }

    /// For each attribute group (`attributeGroups` order), the record index that supplies its values,
    /// or -1 when no member has any. The fast path for the transform: no dictionaries.
    public func winners(from records: [IdentityRecord], members: [Int]) -> [Int] {
        func rankAt(_ index: Int) -> Int { priority.firstIndex(of: records[index].system) ?? priority.count }
        var result: [Int] = []
        result.reserveCapacity(Self.groups.count)
        for group in Self.groups {
            if members.count == 1 {
                let only = members[0]
                result.append(group.attributes.contains { Self.value($0, of: records[only]) != nil } ? only : -1)
                continue
            }
            var candidates: [Int] = []
            for index in members where group.attributes.contains(where: { Self.value($0, of: records[index]) != nil }) {
                candidates.append(index)
            }
            // A record offers an address only with a street, number, postcode or city: its country
            // alone (mostly the pipeline's default) says nothing about where the person lives, and
            // counts only when no record says more.
            if group.name == "address" {
                let located = candidates.filter { index in
                    group.attributes.contains { $0 != "country" && Self.value($0, of: records[index]) != nil }
                }
                if !located.isEmpty { candidates = located }
            }
            guard let first = candidates.first else {
                result.append(-1)
                continue
            }
            var winner = first
            if candidates.count > 1 {
                let groupRules = rules[group.name] ?? [.sourcePriority, .mostRecent]
                // Folded values and completeness once per candidate, not once per comparison.
                var folded: [String] = []
                var frequency: [String: Int] = [:]
                if groupRules.contains(.mostFrequent) {
                    folded = candidates.map { Self.foldedValue(group.attributes, of: records[$0]) }
                    for key in folded { frequency[key, default: 0] += 1 }
                }
                let completeness: [(Int, Int)] = groupRules.contains(.mostComplete) ? candidates.map { index in
                    let values = group.attributes.compactMap { Self.value($0, of: records[index]) }
                    return (values.count, values.reduce(0) { $0 + $1.unicodeScalars.count })
                } : []
                /// True when candidate `x` beats candidate `y` (positions in `candidates`).
                func beats(_ x: Int, _ y: Int) -> Bool {
                    let a = candidates[x], b = candidates[y]
                    for rule in groupRules {
                        switch rule {
                        case .sourcePriority:
                            if rankAt(a) != rankAt(b) { return rankAt(a) < rankAt(b) }
                        case .mostRecent:
                            let p = records[a].seenAt ?? "", q = records[b].seenAt ?? ""
                            if p != q { return p > q }
                        case .mostComplete:
                            if completeness[x] != completeness[y] { return completeness[x] > completeness[y] }
                        case .mostFrequent:
                            let p = frequency[folded[x]] ?? 0, q = frequency[folded[y]] ?? 0
                            if p != q { return p > q }
                        }
                    }
                    if records[a].sourceRecordID != records[b].sourceRecordID {
                        return records[a].sourceRecordID > records[b].sourceRecordID
                    }
                    return rankAt(a) < rankAt(b)
                }
                var best = 0
                for position in 1..<candidates.count where beats(position, best) { best = position }
                winner = candidates[best]
            }
            result.append(winner)
        }
        return result
    }

    /// The group's values of a record, folded for counting how many records agree.
    static func foldedValue(_ attributes: [String], of record: IdentityRecord) -> String {
        attributes.map { attribute -> String in
            guard let value = value(attribute, of: record) else { return "" }
            switch attribute {
            case "first_name", "last_name", "city": return NameNormalizer.matchKey(value)
            case "street": return record.streetKey ?? NameNormalizer.matchKey(value)
            default: return value
            }
        }.joined(separator: "\u{1F}")
    }

    /// The value of a golden attribute (`first_name`, `street`, `consent` as 1/0, ...) in a record.
    public static func value(_ attribute: String, of record: IdentityRecord) -> String? {
        switch attribute {
        case "salutation": return record.salutation
        case "title": return record.title
        case "first_name": return record.firstName
        case "last_name": return record.lastName
        case "email": return record.email
        case "phone": return record.phone
        case "street": return record.street
        case "house_number": return record.houseNumber
        case "postcode": return record.postcode
        case "city": return record.city
        case "country": return record.country
        case "birth_date": return record.birthDate
        case "customer_number": return record.customerNumber
        case "loyalty_card": return record.loyaltyCard
        case "consent": return record.consent.map { $0 ? "1" : "0" }
        default: return nil
        }
    }
}
