import Identity
@testable import Pipeline
import PipelineCore
import Testing

/// What the transform makes of `address_line2`: a second street to compare with the other record's,
/// unless it is no street at all.
@Suite("second address line in normalisation")
struct SecondAddressLineTests {
    static func record(street: String?, line2: String?, city: String? = "Concord West", houseNumber: String? = "13") -> IdentityRecord? {
        var normalization = IdentityNormalization(config: IdentityConfig())
        var row = StagedPerson()
        row.recordID = "1"
        row.lastName = "Mercorella"
        row.street = street
        row.houseNumber = houseNumber
        row.city = city
        row.addressLine2 = line2
        return normalization.record(system: .email, source: "contacts", row: row)
    }

    @Test("an estate or street name is a second street; the line itself is kept as written")
    func placeName() throws {
        let record = try #require(Self.record(street: "Endeavour Street", line2: "Knox Retirement Village"))
        #expect(record.addressLine2 == "Knox Retirement Village")
        #expect(record.streetKey2 == "knox retirement village")
        #expect(record.streetKey == "endeavour street")
        #expect(Self.record(street: nil, line2: "Endeavour St")?.streetKey2 == "endeavour street")
    }

    @Test("a unit, a c/o line, the town or the street again is no second street", arguments: [
        "Apt 176", "Whg. 3", "Hinterhaus", "c/o Peter Keller", "Concord West", "CONCORD WEST", "Endeavour St.",
    ])
    func noSecondStreet(line2: String) throws {
        let record = try #require(Self.record(street: "Endeavour Street", line2: line2))
        #expect(record.streetKey2 == nil, "\(line2)")
        #expect(record.addressLine2 == line2)
    }

    @Test("a unit in the second line is the street's unit, and the street keeps its number")
    func unitLine() throws {
        let record = try #require(Self.record(street: "Endeavour Street", line2: "Unit 5"))
        #expect(record.houseNumber == "13")
        #expect(record.street == "Endeavour Street")
    }

    @Test("a building or flat in line 1 and the numbered street in line 2: line 2 is the street", arguments: [
        ("Flat 3, Rose Court", "12 High Street", "high street", "12", "rose court"),
        ("Rose Court", "12 High St", "high street", "12", "rose court"),
        ("Apt 5", "123 Main St", "main street", "123", nil),
        ("Wohnanlage Sonnenhof", "Lindenweg 4", "lindenweg", "4", "wohnanlage sonnenhof"),
    ] as [(String, String, String, String, String?)])
    func numberedStreetInLineTwo(line1: String, line2: String, key: String, number: String, key2: String?) throws {
        let record = try #require(Self.record(street: line1, line2: line2, houseNumber: nil))
        #expect(record.streetKey == key)
        #expect(record.houseNumber == number)
        #expect(record.streetKey2 == key2)
        #expect(record.addressLine2 == line2)
    }

    @Test("line 1 stays the street where it has a number, a number column gave one, or line 2 names no street", arguments: [
        ("12 High Street", "Rose Court", nil, "high street"),
        ("Rose Court", "12 High Street", "7", "rose court"),          // the house-number column says 7
        ("Kurrajong Crescent", "Villa 115", nil, "kurrajong crescent"),  // FEBRL: `villa 115` is no street
        ("Hauptstraße", "Postfach 12", nil, "hauptstrasse"),
    ] as [(String, String, String?, String)])
    func lineOneStays(line1: String, line2: String, houseNumber: String?, key: String) throws {
        let record = try #require(Self.record(street: line1, line2: line2, houseNumber: houseNumber))
        #expect(record.streetKey == key)
    }
}
