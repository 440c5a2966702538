import Foundation

/// Collects which true person stands behind each person-bearing record, and writes `truth.csv`.
///
/// Writers report records in file order, which is ascending id order; ids are zero-padded, so
/// the file is sorted by `system`, then `source_record_id` (byte order) without a sort.
struct TruthCollector {
    private var records: [SampleSystem: [(number: Int32, person: Int32)]] = [:]

    mutating func add(_ system: SampleSystem, number: Int, person: Int) {
        records[system, default: []].append((Int32(number), Int32(person)))
    }

    func count(_ system: SampleSystem) -> Int { records[system]?.count ?? 0 }

    /// Marks every person who appears in at least one record.
    func personsInOutput(total: Int) -> Int {
        var seen = [Bool](repeating: false, count: total)
        var count = 0
        for system in SampleSystem.allCases {
            for record in records[system] ?? [] where !seen[Int(record.person)] {
                seen[Int(record.person)] = true
                count += 1
            }
        }
        return count
    }

    /// Writes `truth.csv`: UTF-8, `,`, LF, header `system,source_record_id,entity_id`.
    func write(to directory: URL) throws -> SampleSummary.File {
        var file = try ByteFile(directory: directory, relativePath: "truth.csv")
        file.buffer.appendText("system,source_record_id,entity_id\n")
        for system in SampleSystem.allCases.sorted() {
            let systemName = Array(system.rawValue.utf8)
            for record in records[system] ?? [] {
                file.buffer.append(contentsOf: systemName)
                file.buffer.append(UInt8(ascii: ","))
                RecordID.append(system, Int(record.number), to: &file.buffer)
                file.buffer.append(UInt8(ascii: ","))
                RecordID.appendPerson(Int(record.person), to: &file.buffer)
                file.buffer.append(0x0A)
                try file.endRow()
            }
        }
        return try file.finish()
    }
}

/// The id formats of the exports; one place so the files and the truth agree.
enum RecordID {
    /// `EM-0000123`, `T-0000123`, `TX-00000001`, `SR-0000001` for a 1-based record number.
    static func append(_ system: SampleSystem, _ number: Int, to bytes: inout [UInt8]) {
        switch system {
        case .email: bytes.appendID("EM-", number, width: 7)
        case .support: bytes.appendID("T-", number, width: 7)
        case .branch: bytes.appendID("TX-", number, width: 8)
        case .survey: bytes.appendID("SR-", number, width: 7)
        }
    }

    /// `P0000001` for the person at 0-based `index`.
    static func appendPerson(_ index: Int, to bytes: inout [UInt8]) {
        bytes.appendID("P", index + 1, width: 7)
    }

    /// `K-0012345`: the company's customer number, unique per person but not in person order
    /// (an odd multiplier is a bijection modulo 2^23).
    static func appendCustomerNumber(_ index: Int, to bytes: inout [UInt8]) {
        let scrambled = (index &* 2_654_435 &+ 1_234_567) & ((1 << 23) - 1)
        bytes.appendID("K-", 1_000_000 + scrambled, width: 7)
    }

    /// `LC-00012345`: the loyalty card number, unique per person.
    static func appendLoyaltyCard(_ index: Int, to bytes: inout [UInt8]) {
        let scrambled = (index &* 5_123_457 &+ 7_654_321) & ((1 << 26) - 1)
        bytes.appendID("LC-", 10_000_000 + scrambled, width: 8)
    }
}
