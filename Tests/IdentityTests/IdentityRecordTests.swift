import Testing
@testable import Identity

/// The rarely-set attributes of a record live in a shared copy-on-write box; a record must still
/// behave as a plain value.
@Suite("IdentityRecord's rare attributes")
struct IdentityRecordTests {
    static func record() -> IdentityRecord {
        IdentityRecord(system: .email, source: "contacts", sourceRecordID: "C1")
    }

    @Test("a copy changed does not change the original")
    func copyOnWrite() {
        var original = Self.record()
        original.title = "Dr."
        original.moreEmails = ["a@example.org"]
        var copy = original
        copy.title = "Prof."
        copy.moreEmails.append("b@example.org")
        copy.birthYear = 1970
        #expect(original.title == "Dr.")
        #expect(original.moreEmails == ["a@example.org"])
        #expect(original.birthYear == nil)
        #expect(copy.title == "Prof.")
        #expect(copy.moreEmails == ["a@example.org", "b@example.org"])
        #expect(copy.birthYear == 1970)
    }

    @Test("records with the same values are equal, whether or not a value was set and cleared")
    func equality() {
        var cleared = Self.record()
        cleared.customerNumber = "K-1"
        cleared.customerNumber = nil
        #expect(cleared == Self.record())
        var withGender = Self.record()
        withGender.gender = "female"
        #expect(withGender != Self.record())
        var same = Self.record()
        same.gender = "female"
        #expect(withGender == same)
    }

    @Test("every rare attribute keeps what was set")
    func roundTrip() {
        var record = Self.record()
        record.salutation = "Frau"
        record.title = "Dr."
        record.addressLine2 = "Hinterhaus"
        record.streetKey2 = "rosenhof"
        record.birthDateDigits = 19_741_715
        record.customerNumber = "K-7"
        record.gender = "female"
        record.consentSMS = true
        record.consentPhone = false
        record.consentPost = true
        record.consentDate = "2024-05-01"
        record.moreEmails = ["x@example.org"]
        record.morePhones = ["+491701234567"]
        record.birthYear = 1974
        #expect(record.salutation == "Frau" && record.title == "Dr." && record.addressLine2 == "Hinterhaus")
        #expect(record.streetKey2 == "rosenhof" && record.birthDateDigits == 19_741_715 && record.customerNumber == "K-7")
        #expect(record.gender == "female" && record.consentSMS == true && record.consentPhone == false && record.consentPost == true)
        #expect(record.consentDate == "2024-05-01" && record.moreEmails == ["x@example.org"] && record.morePhones == ["+491701234567"])
        #expect(record.birthYear == 1974)
        // Each golden attribute, read by its number, is the record's field of that name.
        record.firstName = "Anna"; record.lastName = "Muster"; record.email = "anna@example.org"; record.phone = "+4930123456"
        record.street = "Hauptstraße"; record.houseNumber = "5"; record.postcode = "10115"; record.city = "Berlin"
        record.country = "DE"; record.birthDate = "1974-05-15"; record.loyaltyCard = "L-1"; record.consent = true
        let expected = ["salutation": "Frau", "title": "Dr.", "first_name": "Anna", "last_name": "Muster", "email": "anna@example.org",
                        "phone": "+4930123456", "street": "Hauptstraße", "house_number": "5", "postcode": "10115", "city": "Berlin",
                        "country": "DE", "birth_date": "1974-05-15", "customer_number": "K-7", "loyalty_card": "L-1", "consent": "1",
                        "gender": "female", "consent_sms": "1", "consent_phone": "0", "consent_post": "1", "consent_date": "2024-05-01"]
        #expect(Set(expected.keys) == Set(GoldenRecordBuilder.attributes))
        for (code, attribute) in GoldenRecordBuilder.attributes.enumerated() {
            #expect(GoldenRecordBuilder.value(code, of: [record], at: 0) == expected[attribute], "\(attribute)")
        }
    }

    /// Staged times as sources write them: UTC seconds (packed), dates, offsets, fractions, text
    /// that starts with the packing's markers, and text that is no time at all.
    static let times = ["2024-11-21T08:01:28Z", "2024-11-21T08:01:28", "2024-11-21", "2024-11-21T08:01:28+01:00",
                        "2024-11-21T08:01:28.5Z", "2024-11-21T08:01:29Z", "1999-01-01T00:00:00Z", "\u{1}20241121080128",
                        "\u{2}x", "", "gestern", "2024-11-21T08:01:2xZ", "2024-11-21 08:01:28Z"]

    @Test("a record's seenAt reads back as it was set, whether or not it is kept packed")
    func seenAtRoundTrip() {
        for time in Self.times + [nil] {
            var record = IdentityRecord(system: .branch, source: "pos", sourceRecordID: "1")
            record.seenAt = time
            #expect(record.seenAt == time)
            #expect(record.hasSeenAt == (time != nil))
        }
    }

    @Test("records order by seenAt as their texts do, byte by byte, nil first")
    func seenAtOrder() {
        func record(_ time: String?) -> IdentityRecord {
            var record = IdentityRecord(system: .branch, source: "pos", sourceRecordID: "1")
            record.seenAt = time
            return record
        }
        let times: [String?] = Self.times + [nil]
        for x in times {
            for y in times {
                let expected = x == y ? 0 : x == nil ? -1 : y == nil ? 1 : (x!.utf8.lexicographicallyPrecedes(y!.utf8) ? -1 : 1)
                #expect(IdentityRecord.compareSeenAt(record(x), record(y)) == expected, "\(String(describing: x)) vs \(String(describing: y))")
            }
        }
        #expect(IdentityRecord.compareSeenAt(record(nil), record(""), nilAsEmpty: true) == 0)
        #expect(record("2024-11-21T08:01:28Z") == record("2024-11-21T08:01:28Z"))
        #expect(record("2024-11-21T08:01:28Z") != record("\u{1}20241121080128"))
    }
}
