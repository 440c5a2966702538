import Foundation
import Testing
@testable import Extract

/// The csv-spectrum suite (Conformance/csv-spectrum): every `csvs/NAME.csv` must read as the
/// records in `json/NAME.json`, an array of objects keyed by the header.
@Suite("csv-spectrum conformance")
struct CSVConformanceTests {
    /// The vendored suite, found next to this file (through symlinks, for scratch packages).
    static let suiteFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("Conformance/csv-spectrum", isDirectory: true)

    /// The case names found on disk, so a new case is picked up without touching this file. When the
    /// folder is missing the one "case" is a marker that fails, so the suite cannot pass by being empty.
    static func caseNames() -> [String] {
        let csvs = suiteFolder.appendingPathComponent("csvs")
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: csvs.path) else {
            return [missingMarker]
        }
        let names = files.filter { $0.hasSuffix(".csv") }.map { String($0.dropLast(4)) }.sorted()
        return names.isEmpty ? [missingMarker] : names
    }

    static let missingMarker = "<csv-spectrum folder missing or empty>"

    /// `location_coordinates.json` in csv-spectrum 2.0.0 is a bare object, not an array, and its phone
    /// number (1234567890) was scrubbed while the .csv kept 2095257564: the oracle does not describe
    /// its own input. The case is judged against the .csv for that one field and pinned, so a fix
    /// upstream turns this test red and the special case can go.
    static let upstreamDefect = "location_coordinates"

    @Test func suiteIsPresent() throws {
        let names = Self.caseNames()
        try #require(names != [Self.missingMarker], "csv-spectrum not found at \(Self.suiteFolder.path)")
        #expect(names.count >= 12)
    }

    @Test(arguments: caseNames(), [1, 3, 256 * 1024])
    func caseReadsAsItsJSON(name: String, chunkSize: Int) throws {
        try #require(name != Self.missingMarker, "csv-spectrum not found at \(Self.suiteFolder.path)")
        let csv = try Data(contentsOf: Self.suiteFolder.appendingPathComponent("csvs/\(name).csv"))
        let json = try Data(contentsOf: Self.suiteFolder.appendingPathComponent("json/\(name).json"))
        let expectation = try JSONSerialization.jsonObject(with: json)

        let result = try readCSV([UInt8](csv), chunkSize: chunkSize)
        let rejects = result.outcomes.filter { if case .reject = $0 { return true } else { return false } }
        #expect(rejects.isEmpty, "\(name): \(rejects)")
        let records = result.rows.map { row in Dictionary(uniqueKeysWithValues: zip(result.header, row)) }

        if name == Self.upstreamDefect, var object = expectation as? [String: String] {
            #expect(object["Contact Phone Number"] == "1234567890", "upstream changed \(name).json: re-check")
            #expect(String(decoding: csv, as: UTF8.self).contains("2095257564"), "upstream changed \(name).csv: re-check")
            object["Contact Phone Number"] = "2095257564"
            #expect(records == [object])
            return
        }
        let expected = try #require(expectation as? [[String: String]], "\(name).json is not an array of objects")
        #expect(records == expected, "\(name)")
        if let first = expected.first {
            #expect(Set(result.header) == Set(first.keys), "\(name): header")
        }
    }
}
