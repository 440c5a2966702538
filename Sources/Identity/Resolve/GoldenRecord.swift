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

/// Builds golden records by survivorship: per attribute, the value from the highest-priority
/// system; within a system, the most recent record (then the higher record id, for determinism).
public struct GoldenRecordBuilder: Sendable {
    public static let attributes = ["salutation", "title", "first_name", "last_name", "email", "phone", "street",
                                    "house_number", "postcode", "city", "birth_date", "customer_number",
                                    "loyalty_card", "consent"]
    public let priority: [SourceSystem]

    public init(priority: [SourceSystem]) {
        self.priority = priority + SourceSystem.allCases.filter { !priority.contains($0) }
    }

    public func build(customerID: String, records: [IdentityRecord]) -> GoldenRecord {
        let ranked = records.sorted { a, b in
            let pa = priority.firstIndex(of: a.system)!, pb = priority.firstIndex(of: b.system)!
            if pa != pb { return pa < pb }
            if (a.seenAt ?? "") != (b.seenAt ?? "") { return (a.seenAt ?? "") > (b.seenAt ?? "") }
            return a.sourceRecordID > b.sourceRecordID
        }
        var golden = GoldenRecord(customerID: customerID, values: [:], provenance: [:], firstSeen: nil, lastSeen: nil,
                                  recordCount: records.count)
        for attribute in Self.attributes {
            // Name and address parts travel together so a golden record never mixes two addresses.
            for record in ranked {
                guard let value = Self.value(attribute, of: record) else { continue }
                golden.values[attribute] = value
                golden.provenance[attribute] = (record.system, record.sourceRecordID)
                break
            }
        }
        if let addressSource = ranked.first(where: { $0.street != nil || $0.postcode != nil }) {
            for attribute in ["street", "house_number", "postcode", "city"] {
                golden.values[attribute] = Self.value(attribute, of: addressSource)
                golden.provenance[attribute] = golden.values[attribute] == nil ? nil : (addressSource.system, addressSource.sourceRecordID)
            }
        }
        let times = records.compactMap(\.seenAt).sorted()
        golden.firstSeen = times.first
        golden.lastSeen = times.last
        return golden
    }

    static func value(_ attribute: String, of record: IdentityRecord) -> String? {
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
        case "birth_date": return record.birthDate
        case "customer_number": return record.customerNumber
        case "loyalty_card": return record.loyaltyCard
        case "consent": return record.consent.map { $0 ? "1" : "0" }
        default: return nil
        }
    }
}
