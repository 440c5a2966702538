@testable import Extract
import Testing

@Suite("one-line addresses")
struct AddressLineTests {
    @Test(arguments: [
        ("Hauptstraße 5, 10115 Berlin", "Hauptstraße 5", "10115", "Berlin"),
        ("Hauptstraße 5 10115 Berlin", "Hauptstraße 5", "10115", "Berlin"),
        ("Straße des 17. Juni 135, 10623 Berlin", "Straße des 17. Juni 135", "10623", "Berlin"),
        ("Schulstraße 44, Hinterhaus, 80331 München", "Schulstraße 44, Hinterhaus", "80331", "München"),
        ("10115 Berlin, Hauptstraße 5", "Hauptstraße 5", "10115", "Berlin"),
        ("Mariahilfer Straße 12, A-1060 Wien", "Mariahilfer Straße 12", "1060", "Wien"),
        ("Bahnhofstrasse 1, 8001 Zürich", "Bahnhofstrasse 1", "8001", "Zürich"),
        ("Damrak 1, 1012 LG Amsterdam", "Damrak 1", "1012 LG", "Amsterdam"),
        ("5691 Willis Avenue, Springfield, IL 62704", "5691 Willis Avenue", "62704", "Springfield"),
        ("9297 Pollard Drive Apt 176, Austin, TX 78701-1234", "9297 Pollard Drive Apt 176", "78701-1234", "Austin"),
        ("10 Downing Street, London SW1A 2AA", "10 Downing Street", "SW1A 2AA", "London"),
        ("12 George St, Sydney NSW 2000", "12 George St", "2000", "Sydney"),
        // A four-digit house number first is no postcode when the locality follows.
        ("1600 Pennsylvania Ave NW, Washington DC 20500", "1600 Pennsylvania Ave NW", "20500", "Washington"),
        ("1234 Pacific Hwy, Lindfield NSW 2070", "1234 Pacific Hwy", "2070", "Lindfield"),
        // A country code before the postcode, as Swiss, Dutch and German letters write it.
        ("Bahnhofstrasse 1, CH-8001 Zürich", "Bahnhofstrasse 1", "8001", "Zürich"),
        ("Hauptstraße 5, DE-10115 Berlin", "Hauptstraße 5", "10115", "Berlin"),
        ("CH-8001 Zürich, Bahnhofstrasse 1", "Bahnhofstrasse 1", "8001", "Zürich"),
    ])
    func splits(line: String, street: String, postcode: String, city: String) {
        #expect(AddressLine.split(line) == AddressLine.Parts(street: street, postcode: postcode, city: city))
    }

    @Test("without a postcode the last part is the city; without commas the whole line is the street")
    func partial() {
        #expect(AddressLine.split("Hauptstraße 5, Berlin") == AddressLine.Parts(street: "Hauptstraße 5", postcode: nil, city: "Berlin"))
        #expect(AddressLine.split("Hauptstraße 5") == AddressLine.Parts(street: "Hauptstraße 5", postcode: nil, city: nil))
        #expect(AddressLine.split(" , ") == AddressLine.Parts())
    }
}
