import Identity
@testable import Pipeline
import PipelineCore
import Testing

/// What the transform makes of `address_line2`: a second street to compare with the other record's,
/// unless it is no street at all.
@Suite("second address line in normalisation")
struct SecondAddressLineTests {
    static func record(street: String?, line2: String?, city: String? = "Concord West") -> IdentityRecord? {
        var normalization = IdentityNormalization(config: IdentityConfig())
        var row = StagedPerson()
        row.recordID = "1"
        row.lastName = "Mercorella"
        row.street = street
        row.houseNumber = "13"
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
}
