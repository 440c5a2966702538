/// The true persons behind the exports: names, addresses, contact data, activity and which
/// systems know them.
///
/// Persons are built one after another from the seed. Households and namesakes copy fields from
/// an earlier person, so the order is part of the result and must not change. Fields are small
/// integers (indices into the vocabularies); text is rendered when a record is written.
struct Population {
    struct Address: Equatable {
        /// 0 Germany (`city` and `street` index `GermanPlaces`), else 1-based into `ForeignPlaces.countries`
        /// (`city` and `street` index that country's lists).
        var country: UInt8 = 0
        var city: UInt16 = 0
        var postcode: UInt8 = 0
        var street: UInt16 = 0
        var houseNumber: UInt16 = 1
        /// 0 none, else an ASCII lower-case letter (`5a`).
        var houseLetter: UInt8 = 0
        /// 0 none, else a flat, door or part of the building, by country: in Germany 1 `Hinterhaus`,
        /// 2 `Whg. n`, 3 `n. OG`, 4 `App. n`; Austria 1 `/n`, 2 `/stair/n`; Netherlands 1 `-n`, 2 `hs`;
        /// UK `Flat n,`; US `Apt n`.
        var unitKind: UInt8 = 0
        var unit: UInt8 = 0

        var isAbroad: Bool { country != 0 }
    }

    /// Where an e-mail address lives in `emailBytes`; `count == 0` means none.
    struct TextRange {
        var start: Int32 = 0
        var count: Int32 = 0
        var isEmpty: Bool { count == 0 }
    }

    struct Person {
        var sex: UInt8 = 0           // 0 female, 1 male, 2 diverse
        var nameTable: UInt8 = 0     // the first-name table (0 female, 1 male)
        var cohort: UInt8 = 0
        var firstName: UInt16 = 0
        var surname: Int32 = 0       // stem in `GermanNames.surnames`, or the particle entry
        var surname2: Int32 = -1     // second stem of a double name, or -1
        var hasParticle = false
        var title: UInt8 = 0         // 0 none, 1 Dr., 2 Prof. Dr.
        var birthDay: Int32 = 0
        var home = Address()
        var movedTo = Address()
        var moveDay: Int32 = .max    // the day of the move, or .max
        var email = TextRange()
        var altEmail = TextRange()   // a second address used for a re-registration
        var mobilePrefix: UInt8 = 0
        var mobile: UInt32 = 0       // 0: no mobile
        var landline: UInt32 = 0     // 0: no landline (number at `home`)
        var movedLandline: UInt32 = 0
        var joinDay: Int32 = 0
        var activeFrom: Int32 = 0    // first day of activity inside the window
        var activeTo: Int32 = 0      // last day (exclusive): churn or the export day
        var satisfaction: UInt8 = 50 // 0...100: drives NPS, CSAT, CES
        var engagement: UInt8 = 40   // 0...100: e-mail open probability in %
        var purchaseGap: UInt16 = 200 // mean days between purchases
        var systems: UInt8 = 0       // bit per SampleSystem (email 1, support 2, branch 4, survey 8)
        var emailContacts: UInt8 = 0 // contacts in the e-mail system (0, 1 or 2)
        var homeBranch: UInt8 = 0
        /// Changes of the following nights (`--night N`), each effective from its day (.max: none):
        /// a new surname on marriage, a new mobile number, newsletter consent withdrawn.
        var marriedSurname: Int32 = -1
        var marriageDay: Int32 = .max
        var newMobilePrefix: UInt8 = 0
        var newMobile: UInt32 = 0
        var phoneChangeDay: Int32 = .max
        var consentWithdrawnDay: Int32 = .max

        /// The person as a record made on `day` sees them: a later night's marriage or new phone
        /// applied from its day on. Night 1's records all predate those days, so they are unchanged.
        func on(_ day: Int) -> Person {
            guard day >= Int(marriageDay) || day >= Int(phoneChangeDay) else { return self }
            var person = self
            if day >= Int(marriageDay) {
                person.surname = marriedSurname
                person.surname2 = -1
                person.hasParticle = false
            }
            if day >= Int(phoneChangeDay) {
                person.mobilePrefix = newMobilePrefix
                person.mobile = newMobile
            }
            return person
        }

        func address(on day: Int) -> Address { day >= Int(moveDay) ? movedTo : home }
        func landline(on day: Int) -> UInt32 { day >= Int(moveDay) && movedLandline != 0 ? movedLandline : landline }
        func isIn(_ system: SampleSystem) -> Bool { systems & Population.bit(system) != 0 }
    }

    static func bit(_ system: SampleSystem) -> UInt8 {
        switch system {
        case .email: return 1
        case .support: return 2
        case .branch: return 4
        case .survey: return 8
        }
    }

    static let mobilePrefixes: [[UInt8]] = ["0151", "0152", "0157", "0159", "0160", "0162", "0163", "0170", "0171",
                                            "0172", "0173", "0174", "0175", "0176", "0177", "0178", "0179"].map { Array($0.utf8) }
    static let emailDomains: [(String, Int)] = [
        ("gmail.com", 20), ("web.de", 18), ("gmx.de", 17), ("t-online.de", 10), ("gmx.net", 5),
        ("yahoo.de", 4), ("outlook.de", 4), ("icloud.com", 4), ("hotmail.de", 3), ("freenet.de", 3),
        ("posteo.de", 2), ("mail.de", 2), ("aol.com", 1), ("arcor.de", 1), ("online.de", 1),
    ]

    var persons: [Person] = []
    /// All e-mail addresses, lower case ASCII, back to back.
    private(set) var emailBytes: [UInt8] = []
    /// Kept after `init` so that the people of later nights get e-mail addresses nobody has yet.
    var builder: PersonBuilder

    var count: Int { persons.count }
    subscript(index: Int) -> Person { persons[index] }

    func email(_ range: TextRange) -> ArraySlice<UInt8> {
        emailBytes[Int(range.start)..<Int(range.start + range.count)]
    }

    /// Share of people who live abroad (their own address, phones and country in the exports).
    static let abroadShare = 0.04
    /// Share of people in Germany whose address has a flat or part of the building (`Whg. 3`).
    static let germanUnitShare = 0.015

    init(count: Int, base: UInt64, windowStart: Int, asOfDay: Int, names: GermanNames, places: GermanPlaces,
         foreign: ForeignPlaces) {
        persons.reserveCapacity(count)
        emailBytes.reserveCapacity(count * 26)
        builder = PersonBuilder(base: base, windowStart: windowStart, asOfDay: asOfDay, names: names, places: places,
                                foreign: foreign)
        for index in 0..<count {
            var random = SampleRandom.stream(base, .person, index)
            let person = builder.makePerson(index: index, random: &random, earlier: persons, emails: &emailBytes)
            persons.append(person)
        }
    }

    /// Adds a person who first appears on `day` (a later night): built as night 1's people are,
    /// from their own stream, then active from that day on. Returns the new index.
    mutating func addPerson(day: Int, random: inout SampleRandom) -> Int {
        let index = persons.count
        var person = builder.makePerson(index: index, random: &random, earlier: persons, emails: &emailBytes)
        person.joinDay = Int32(day)
        person.activeFrom = Int32(day)
        person.activeTo = .max
        if person.moveDay != .max {
            // Nothing in their past: a move drawn inside night 1's window (a household member's is
            // the owner's) has happened already, so they live at the new address from the start.
            if Int(person.moveDay) <= day {
                person.home = person.movedTo
                if person.movedLandline != 0 { person.landline = person.movedLandline }
            }
            person.movedTo = Address()
            person.moveDay = .max
            person.movedLandline = 0
        }
        persons.append(person)
        return index
    }

    /// The canonical surname: `von der Heide`, `Müller-Lüdenscheidt`, `Schmidt`.
    static func surname(_ person: Person, names: GermanNames) -> [UInt8] {
        if person.hasParticle {
            let entry = names.particleNames[Int(person.surname)]
            return entry.particle + [UInt8(ascii: " ")] + entry.stem
        }
        var bytes = names.surnames[Int(person.surname)]
        if person.surname2 >= 0 {
            bytes.append(UInt8(ascii: "-"))
            bytes.append(contentsOf: names.surnames[Int(person.surname2)])
        }
        return bytes
    }

    static func firstName(_ person: Person, names: GermanNames) -> [UInt8] {
        names.firstNames[Int(person.nameTable)][Int(person.cohort)][Int(person.firstName)]
    }
}

/// Builds persons one by one; keeps the set of issued e-mail addresses so that unrelated people
/// never share one by accident (only households share on purpose).
struct PersonBuilder {
    let base: UInt64
    let windowStart: Int
    let asOfDay: Int
    let names: GermanNames
    let places: GermanPlaces
    let foreign: ForeignPlaces
    let domains = WeightedTable(Population.emailDomains)
    var issuedEmails = Set<UInt64>()
    var scratch: [UInt8] = []

    init(base: UInt64, windowStart: Int, asOfDay: Int, names: GermanNames, places: GermanPlaces, foreign: ForeignPlaces) {
        self.base = base
        self.windowStart = windowStart
        self.asOfDay = asOfDay
        self.names = names
        self.places = places
        self.foreign = foreign
    }

    mutating func makePerson(index: Int, random: inout SampleRandom, earlier: [Population.Person],
                             emails: inout [UInt8]) -> Population.Person {
        var person = Population.Person()
        let role = random.unit()
        if index > 10, role < 0.015, let owner = householdOwner(random: &random, earlier: earlier) {
            // Household member: same surname, address, landline and e-mail as the owner.
            let ownerPerson = earlier[owner]
            makeIdentity(&person, random: &random)
            person.surname = ownerPerson.surname
            person.surname2 = ownerPerson.surname2
            person.hasParticle = ownerPerson.hasParticle
            if person.firstName == ownerPerson.firstName && person.nameTable == ownerPerson.nameTable {
                person.firstName = UInt16((Int(person.firstName) + 1) % names.firstNames[Int(person.nameTable)][Int(person.cohort)].count)
            }
            if person.birthDay == ownerPerson.birthDay { person.birthDay += 1 }
            person.home = ownerPerson.home
            person.movedTo = ownerPerson.movedTo
            person.moveDay = ownerPerson.moveDay
            person.landline = ownerPerson.landline
            person.movedLandline = ownerPerson.movedLandline
            person.email = ownerPerson.email
            makeMobile(&person, random: &random, share: 0.6)
        } else if index > 10, role < 0.02 {
            // Namesake: same first name, surname and city as an earlier person; all else differs.
            let other = earlier[random.below(earlier.count)]
            makeIdentity(&person, random: &random)
            person.sex = other.sex
            person.nameTable = other.nameTable
            person.cohort = other.cohort
            person.firstName = other.firstName
            person.surname = other.surname
            person.surname2 = other.surname2
            person.hasParticle = other.hasParticle
            person.birthDay = Int32(birthDay(cohort: Int(other.cohort), random: &random))
            if person.birthDay == other.birthDay { person.birthDay += 17 }
            person.home = makeAddress(country: other.home.country, city: Int(other.home.city), random: &random)
            if person.home == other.home { person.home.houseNumber += 1 }
            makeMove(&person, random: &random)
            makePhones(&person, random: &random)
            person.email = makeEmail(person, random: &random, emails: &emails)
        } else {
            makeIdentity(&person, random: &random)
            let city = random.pick(cumulative: places.cityWeights)
            person.home = makeAddress(city: city, random: &random)
            makeMove(&person, random: &random)
            makePhones(&person, random: &random)
            if random.chance(0.95) {
                person.email = makeEmail(person, random: &random, emails: &emails)
            }
            // Living abroad and flats are drawn from their own streams, so everyone else keeps
            // exactly the data an older generator gave them.
            var abroad = SampleRandom.stream(base, .abroad, index)
            if abroad.chance(Population.abroadShare) {
                moveAbroad(&person, random: &abroad)
            } else {
                var unit = SampleRandom.stream(base, .addressUnit, index)
                if unit.chance(Population.germanUnitShare) {
                    person.home.unitKind = UInt8(1 + unit.below(4))
                    person.home.unit = UInt8(1 + unit.below(person.home.unitKind == 3 ? 5 : 24))
                }
            }
        }
        makeActivity(&person, random: &random)
        makeSystems(&person, random: &random, emails: &emails)
        if person.home.isAbroad {
            // Drawn from the person's stream as the German home branch is: one draw either way.
            let branches = foreign[person.home.country].branches
            person.homeBranch = UInt8(branches[random.below(branches.count)])
        } else {
            let city = Int(person.home.city)
            person.homeBranch = UInt8(places.homeBranches[city][random.below(places.homeBranches[city].count)])
        }
        return person
    }

    /// Gives a person a home abroad: a city of a weighted country, a move inside that country for
    /// some, and that country's phone numbers instead of the German ones.
    private func moveAbroad(_ person: inout Population.Person, random: inout SampleRandom) {
        let country = UInt8(1 + random.pick(cumulative: foreign.cumulativeWeights))
        person.home = makeAddress(country: country, city: random.below(foreign[country].cities.count), random: &random)
        person.movedTo = Population.Address()
        person.moveDay = .max
        person.mobile = 0
        person.mobilePrefix = 0
        person.landline = 0
        person.movedLandline = 0
        makeMove(&person, random: &random)
        makePhones(&person, random: &random)
    }

    /// An earlier person with an e-mail address who is not a household member already.
    private func householdOwner(random: inout SampleRandom, earlier: [Population.Person]) -> Int? {
        for _ in 0..<4 {
            let candidate = random.below(earlier.count)
            let person = earlier[candidate]
            guard !person.email.isEmpty, person.sex != 2 else { continue }
            // Sharing is rare enough that a second member for the same address does no harm.
            return candidate
        }
        return nil
    }

    private mutating func makeIdentity(_ person: inout Population.Person, random: inout SampleRandom) {
        let sexDraw = random.unit()
        person.sex = sexDraw < 0.505 ? 0 : (sexDraw < 0.993 ? 1 : 2)
        person.nameTable = person.sex == 2 ? UInt8(random.below(2)) : person.sex
        // Age 18 to 92, most between 30 and 70 (sum of two uniforms: a triangle).
        let age = 18 + (random.below(45) + random.below(32))
        let birthYear = CivilCalendar.civil(asOfDay).year - age
        person.cohort = UInt8(GermanNames.cohort(birthYear: birthYear))
        person.birthDay = Int32(CivilCalendar.dayNumber(year: birthYear, month: 1, day: 1) + random.below(365))
        person.firstName = UInt16(names.firstNames[Int(person.nameTable)][Int(person.cohort)].draw(&random))
        let nameKind = random.unit()
        if nameKind < 0.015 {
            person.hasParticle = true
            person.surname = Int32(random.below(names.particleNames.count))
        } else {
            person.surname = Int32(names.surnames.draw(&random))
            if nameKind > 0.97 {
                var second = names.surnames.draw(&random)
                if second == Int(person.surname) { second = (second + 1) % names.surnames.count }
                person.surname2 = Int32(second)
            }
        }
        let titleDraw = random.unit()
        person.title = titleDraw < 0.005 ? 2 : (titleDraw < 0.035 ? 1 : 0)
        person.satisfaction = UInt8(min(100, 25 + random.below(45) + random.below(40))) // mean ~67
        // Engagement: most people open few newsletters, some open almost all.
        let engaged = random.unit()
        person.engagement = UInt8(engaged < 0.25 ? random.below(10) : (engaged < 0.8 ? 30 + random.below(40) : 60 + random.below(35)))
    }

    private func birthDay(cohort: Int, random: inout SampleRandom) -> Int {
        let year = asOfYear
        let range: ClosedRange<Int>
        switch cohort {
        case 0: range = (year - 92)...1964
        case 1: range = 1965...1984
        default: range = 1985...(year - 18)
        }
        let birthYear = random.int(in: range.lowerBound...max(range.lowerBound, range.upperBound))
        return CivilCalendar.dayNumber(year: birthYear, month: 1, day: 1) + random.below(365)
    }

    private var asOfYear: Int { CivilCalendar.civil(asOfDay).year }

    func makeAddress(country: UInt8 = 0, city: Int, random: inout SampleRandom) -> Population.Address {
        if country != 0 { return makeForeignAddress(country: country, city: city, random: &random) }
        var address = Population.Address()
        address.city = UInt16(city)
        address.postcode = UInt8(random.below(places.cities[city].postcodes.count))
        address.street = UInt16(random.pick(cumulative: places.streetWeights))
        address.houseNumber = UInt16(1 + random.below(random.chance(0.7) ? 40 : 160))
        address.houseLetter = random.chance(0.08) ? UInt8(ascii: "a") + UInt8(random.below(4)) : 0
        return address
    }

    /// An address abroad: the country's street, house number (first or last, as it writes them),
    /// and for some a flat or door.
    private func makeForeignAddress(country: UInt8, city: Int, random: inout SampleRandom) -> Population.Address {
        let place = foreign[country]
        var address = Population.Address()
        address.country = country
        address.city = UInt16(city)
        address.postcode = UInt8(random.below(place.cities[city].postcodes.count))
        address.street = UInt16(random.below(place.streets.count))
        let small = random.chance(0.7)
        address.houseNumber = UInt16(1 + random.below(small ? min(40, place.maxHouseNumber) : place.maxHouseNumber))
        if place.order == .streetFirst && random.chance(0.06) {
            address.houseLetter = UInt8(ascii: "a") + UInt8(random.below(3))
        }
        if random.chance(place.unitShare) {
            address.unitKind = UInt8(1 + random.below(2))
            address.unit = UInt8(1 + random.below(place.plan == .unitedStates ? 250 : 30))
        }
        return address
    }

    /// About 10% of people move inside the window, two thirds of them within their city; people
    /// abroad move inside their country.
    private func makeMove(_ person: inout Population.Person, random: inout SampleRandom) {
        guard random.chance(0.10) else { return }
        let country = person.home.country
        let city: Int
        if random.chance(0.65) {
            city = Int(person.home.city)
        } else {
            city = country == 0 ? random.pick(cumulative: places.cityWeights) : random.below(foreign[country].cities.count)
        }
        var target = makeAddress(country: country, city: city, random: &random)
        if target == person.home { target.houseNumber += 2 }
        person.movedTo = target
        person.moveDay = Int32(windowStart + 30 + random.below(max(1, asOfDay - windowStart - 60)))
    }

    private func makePhones(_ person: inout Population.Person, random: inout SampleRandom) {
        let kind = random.unit()
        // 45% mobile only, 25% landline only, 20% both, 10% none.
        if kind < 0.45 || (kind >= 0.70 && kind < 0.90) { makeMobile(&person, random: &random, share: 1) }
        if kind >= 0.45 && kind < 0.90 {
            person.landline = landlineNumber(person.home, random: &random)
            if person.moveDay != .max {
                person.movedLandline = person.movedTo.city == person.home.city && random.chance(0.5)
                    ? person.landline : landlineNumber(person.movedTo, random: &random)
            }
        }
    }

    func makeMobile(_ person: inout Population.Person, random: inout SampleRandom, share: Double) {
        guard random.chance(share) else { return }
        if person.home.isAbroad {
            // The country's mobile prefixes; subscriber numbers of the country's length, not starting with 0 or 1.
            let place = foreign[person.home.country]
            person.mobilePrefix = UInt8(random.below(place.mobilePrefixes.count))
            let low = Self.power10(place.mobileDigits - 1)
            person.mobile = UInt32(2 * low + random.below(8 * low))
            return
        }
        person.mobilePrefix = UInt8(random.below(Population.mobilePrefixes.count))
        // 015x and 0176 have 8-digit subscriber numbers, the other prefixes 7 digits.
        let prefix = Population.mobilePrefixes[Int(person.mobilePrefix)]
        let hasEightDigits = prefix[2] == UInt8(ascii: "5") || (prefix[2] == UInt8(ascii: "7") && prefix[3] == UInt8(ascii: "6"))
        person.mobile = UInt32(hasEightDigits ? 10_000_000 + random.below(89_999_999) : 1_000_000 + random.below(8_999_999))
    }

    private static func power10(_ exponent: Int) -> Int {
        var value = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// A subscriber number whose length fits the dialling code (11 digits in all with the 0 in
    /// Germany; the city's fixed length abroad).
    func landlineNumber(_ address: Population.Address, random: inout SampleRandom) -> UInt32 {
        if address.isAbroad {
            let low = Self.power10(foreign[address.country].cities[Int(address.city)].subscriberDigits - 1)
            return UInt32(2 * low + random.below(7 * low))
        }
        let city = Int(address.city)
        let digits = 11 - places.cities[city].areaCode.count - (random.chance(0.3) ? 1 : 0)
        var low = 2
        for _ in 1..<digits { low *= 10 }
        return UInt32(low + random.below(low * 4))
    }

    private mutating func makeActivity(_ person: inout Population.Person, random: inout SampleRandom) {
        let span = asOfDay - windowStart
        if random.chance(0.55) {
            person.joinDay = Int32(windowStart - 1 - random.below(1_800))
        } else {
            person.joinDay = Int32(windowStart + random.below(span - 14))
        }
        person.activeFrom = max(person.joinDay, Int32(windowStart))
        person.activeTo = Int32(asOfDay)
        if random.chance(0.30) {
            let from = Int(person.activeFrom) + 30
            if from < asOfDay - 1 {
                person.activeTo = Int32(from + random.below(asOfDay - from))
            }
        }
        if person.activeTo - person.activeFrom < 14 { person.activeFrom = person.activeTo - 14 }
        // Mean days between purchases: occasional, regular and loyal shoppers.
        let kind = random.unit()
        person.purchaseGap = UInt16(kind < 0.58 ? 540 + random.below(360) : (kind < 0.93 ? 200 + random.below(120) : 50 + random.below(50)))
    }

    /// Membership: e-mail 70%, support 35%, branch with loyalty card 55%, survey 30%; at least one.
    private mutating func makeSystems(_ person: inout Population.Person, random: inout SampleRandom,
                                      emails: inout [UInt8]) {
        var systems: UInt8 = 0
        let hasEmail = !person.email.isEmpty
        if hasEmail && random.chance(0.72) { systems |= Population.bit(.email) }
        if random.chance(0.35) { systems |= Population.bit(.support) }
        if random.chance(0.55) { systems |= Population.bit(.branch) }
        if hasEmail && random.chance(0.31) { systems |= Population.bit(.survey) }
        if systems == 0 {
            systems = hasEmail ? Population.bit(random.chance(0.6) ? .email : .support) : Population.bit(.branch)
        }
        person.systems = systems
        if systems & Population.bit(.email) != 0 {
            person.emailContacts = 1
            if random.chance(0.04) {
                person.emailContacts = 2
                person.altEmail = makeEmail(person, random: &random, emails: &emails)
            }
        } else if random.chance(0.06) {
            // Some people use a second (work or old) address when writing to support.
            person.altEmail = makeEmail(person, random: &random, emails: &emails)
        }
    }

    /// A new e-mail address, unique among all issued: `anna.mueller@web.de`, `a.mueller84@gmx.de` ...
    private mutating func makeEmail(_ person: Population.Person, random: inout SampleRandom,
                                    emails: inout [UInt8]) -> Population.TextRange {
        let first = asciiLower(Population.firstName(person, names: names), keepHyphen: true)
        var last = asciiLower(Population.surname(person, names: names), keepHyphen: true)
        if person.hasParticle && random.chance(0.5) {
            last = asciiLower(names.particleNames[Int(person.surname)].stem, keepHyphen: true)
        }
        let domain = domains[domains.draw(&random)]
        let birthYear = CivilCalendar.civil(Int(person.birthDay)).year
        for attempt in 0..<64 {
            scratch.removeAll(keepingCapacity: true)
            let style = random.below(100)
            if style < 45 {
                scratch += first; scratch.append(UInt8(ascii: ".")); scratch += last
            } else if style < 55 {
                scratch += first; scratch += last
            } else if style < 65 {
                scratch.append(first[0]); scratch.append(UInt8(ascii: ".")); scratch += last
            } else if style < 70 {
                scratch += last; scratch.append(UInt8(ascii: ".")); scratch += first
            } else if style < 73 {
                scratch += first; scratch.append(UInt8(ascii: "_")); scratch += last
            } else if style < 85 {
                scratch += first; scratch.append(UInt8(ascii: ".")); scratch += last
                scratch.appendPadded(birthYear % 100, width: 2)
            } else if style < 93 {
                scratch += last; scratch.appendPadded(random.below(1000), width: 1)
            } else {
                scratch += first; scratch.append(last[0]); scratch.appendPadded(random.below(100), width: 2)
            }
            if attempt > 0 { scratch.appendPadded(attempt * 7 + random.below(90), width: 1) }
            scratch.append(UInt8(ascii: "@"))
            scratch += domain
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in scratch { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            if issuedEmails.insert(hash).inserted { break }
        }
        let range = Population.TextRange(start: Int32(emails.count), count: Int32(scratch.count))
        emails += scratch
        return range
    }

    /// Lower-case ASCII for an e-mail local part: umlauts transliterated, spaces dropped.
    private func asciiLower(_ text: [UInt8], keepHyphen: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count + 4)
        for byte in RecordNoise.transliterated(text) {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): out.append(byte + 32)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): out.append(byte)
            case UInt8(ascii: "-") where keepHyphen: out.append(byte)
            default: break
            }
        }
        return out.isEmpty ? Array("kunde".utf8) : out
    }
}
