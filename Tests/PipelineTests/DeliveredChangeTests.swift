import Testing
@testable import Pipeline

/// The time a change seen only in a re-delivered record starts (`CustomerVersions.fileDate`);
/// end to end in IncrementalTests.
@Suite("customer versions of re-delivered records")
struct DeliveredChangeTests {
    @Test("the date in a delivered file's name")
    func fileDates() {
        #expect(CustomerVersions.fileDate("kunden_20261102.csv") == "2026-11-02T00:00:00Z")
        #expect(CustomerVersions.fileDate("exports/2026-11-02/contacts.json") == "2026-11-02T00:00:00Z")
        #expect(CustomerVersions.fileDate("2025_01_31/x_2026.11.02.xml") == "2026-11-02T00:00:00Z")
        #expect(CustomerVersions.fileDate("contacts_123456789.csv") == nil)
        #expect(CustomerVersions.fileDate("contacts_20261340.csv") == nil)
        #expect(CustomerVersions.fileDate("contacts-2026-11_02.csv") == nil)
        #expect(CustomerVersions.fileDate("contacts.csv") == nil)
    }
}
