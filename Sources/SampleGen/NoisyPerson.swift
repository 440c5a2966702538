/// How messy one system's records are. The rates are per record (or per field where noted).
struct NoiseProfile {
    /// One typo in a name or street field (per field).
    var typo = 0.05
    /// The whole record written without umlauts (`Mueller`, `Strasse`).
    var transliterate = 0.10
    /// A name field in upper case / lower case (per field).
    var upper = 0.02
    var lower = 0.015
    /// A first name written in its short form or without hyphen (`Alex`, `Karl Heinz`).
    var shortFirstName = 0.04
    /// Only the first part of a double surname.
    var firstSurnameOnly = 0.2
    var missingEmail = 0.05
    var missingPhone = 0.15
    var missingBirthDate = 0.15
    /// The e-mail with capitals (`Anna.Mueller@Web.de`).
    var emailCase = 0.05
    /// One slip in the e-mail (a swapped letter): no longer matches exactly.
    var emailTypo = 0.01
    /// The person's second e-mail address instead of the usual one (when they have one).
    var altEmail = 0.3
    /// Cumulative weights over `PhoneStyle` cases.
    var phoneStyles: [Int] = [40, 55, 65, 70, 75, 85, 90, 95, 100]
    var phoneSlip = 0.01
    /// `Hauptstr.` / `Hauptstrasse` instead of `Hauptstraße`.
    var streetAbbreviated = 0.15
    var streetSpelledOut = 0.05
    /// `Frankfurt a.M.` and other spellings of the city.
    var cityVariant = 0.1
    /// Day and month swapped in the birth date (when the day is at most 12).
    var birthDateSwap = 0.01
    /// A written birth date that is no date at all (`1974-17-15`, `19.13.1980`, `31.02.1985`).
    var invalidBirthDate = 0.01
}

/// Ways of writing the same phone number: `030 1234567`, `030/1234567`, `+49 30 1234567`, ...
enum PhoneStyle: Int {
    case spaced, slashed, international, doubleZero, parenthesised, plain, dashed, internationalWithZero, e164
}

/// One record's view of a person: each call returns a field as this record writes it.
///
/// Decisions that concern the whole record (transliteration) are taken once in `init`; every
/// other draw comes from the record's own random stream, so records are independent.
struct NoisyPerson {
    let world: SampleWorld
    let person: Population.Person
    let profile: NoiseProfile
    var random: SampleRandom
    /// Draws for what was added to the generator later (units, countries, invalid dates), from a
    /// stream of their own so the draws of `random`, and thus the older fields, stay as they were.
    var quirks: SampleRandom
    let transliterate: Bool
    /// The day the record was made: decides the address (before or after a move).
    let day: Int

    init(world: SampleWorld, person: Population.Person, profile: NoiseProfile, random: SampleRandom, day: Int) {
        self.world = world
        self.person = person.on(day)
        self.profile = profile
        self.random = random
        self.day = day
        var peek = random
        quirks = SampleRandom(seed: peek.next() ^ 0x5155_4952_4B53_0001)
        transliterate = self.random.chance(profile.transliterate)
    }

    /// The first name, sometimes in a short form.
    mutating func firstName() -> [UInt8] {
        var name = Population.firstName(person, names: world.names)
        if random.chance(profile.shortFirstName),
           let variant = world.names.firstNameVariants[Int(person.nameTable)][Int(person.cohort)][Int(person.firstName)] {
            name = variant
        }
        return noisy(name)
    }

    /// The surname with particle (`von der Heide`), sometimes only half of a double name.
    mutating func surname() -> [UInt8] {
        var name: [UInt8]
        if person.surname2 >= 0 && random.chance(profile.firstSurnameOnly) {
            name = world.names.surnames[Int(person.surname)]
        } else {
            name = Population.surname(person, names: world.names)
        }
        if person.hasParticle && random.chance(0.15) {
            name = world.names.particleNames[Int(person.surname)].stem
        }
        return noisy(name)
    }

    /// The surname in sort order for `Nachname, Vorname`: `Bülow, Anna von` half of the time.
    mutating func sortName(first: [UInt8]) -> [UInt8] {
        if person.hasParticle && random.chance(0.5) {
            let entry = world.names.particleNames[Int(person.surname)]
            return noisy(entry.stem) + Array(", ".utf8) + first + [0x20] + entry.particle
        }
        return surname() + Array(", ".utf8) + first
    }

    /// Applies transliteration, one typo and a case change at the profile's rates.
    mutating func noisy(_ text: [UInt8]) -> [UInt8] {
        var out = transliterate ? RecordNoise.transliterated(text) : text
        if random.chance(profile.typo) { RecordNoise.applyTypo(&out, random: &random) }
        let caseDraw = random.unit()
        if caseDraw < profile.upper {
            out = RecordNoise.uppercased(out)
        } else if caseDraw < profile.upper + profile.lower {
            out = RecordNoise.lowercased(out)
        }
        return out
    }

    var address: Population.Address { person.address(on: day) }

    /// `Hauptstraße 5a`, `Hauptstr. 5a`, `Hauptstrasse 5 a` ...
    mutating func streetLine() -> [UInt8] {
        let address = self.address
        if address.isAbroad { return foreignStreetLine() }
        let street = world.places.streets[Int(address.street)]
        var line: [UInt8]
        let styleDraw = random.unit()
        if styleDraw < profile.streetAbbreviated, let short = street.abbreviated {
            line = short
            if random.chance(0.1) { line.removeLast() } // `Hauptstr 5`
        } else if styleDraw < profile.streetAbbreviated + profile.streetSpelledOut, let long = street.spelledOut {
            line = random.chance(0.3) ? RecordNoise.lowercased(long) : long
        } else {
            line = street.name
        }
        if transliterate { line = RecordNoise.transliterated(line) }
        if random.chance(profile.typo) { RecordNoise.applyTypo(&line, random: &random) }
        line.append(0x20)
        line.appendPadded(Int(address.houseNumber), width: 1)
        if address.houseLetter != 0 {
            let letterDraw = random.below(10)
            if letterDraw == 0 { line.append(0x20) }
            line.append(letterDraw == 1 ? address.houseLetter - 32 : address.houseLetter)
        }
        if address.unitKind != 0 && quirks.chance(0.7) { appendGermanUnit(address, to: &line) }
        return line
    }

    mutating func postcode() -> [UInt8] {
        let address = self.address
        if address.isAbroad { return foreignPostcode() }
        return world.places.cities[Int(address.city)].postcodes[Int(address.postcode)]
    }

    mutating func city() -> [UInt8] {
        if address.isAbroad { return foreignCity() }
        let city = world.places.cities[Int(address.city)]
        var name = city.name
        if !city.variants.isEmpty && random.chance(profile.cityVariant) {
            name = city.variants[random.below(city.variants.count)]
        }
        if transliterate { name = RecordNoise.transliterated(name) }
        if random.chance(0.01) { name = RecordNoise.uppercased(name) }
        return name
    }

    /// The phone number in one of the usual spellings, or nil when the record has none.
    mutating func phone() -> [UInt8]? {
        let landline = person.landline(on: day)
        let hasMobile = person.mobile != 0
        guard (hasMobile || landline != 0), !random.chance(profile.missingPhone) else { return nil }
        let useMobile = hasMobile && (landline == 0 || random.chance(0.6))
        if person.home.isAbroad { return foreignPhone(useMobile: useMobile, landline: landline) }
        let prefix: [UInt8]
        let number: UInt32
        if useMobile {
            prefix = Population.mobilePrefixes[Int(person.mobilePrefix)]
            number = person.mobile
        } else {
            prefix = world.places.cities[Int(address.city)].areaCode
            number = landline
        }
        let style = PhoneStyle(rawValue: random.pick(cumulative: profile.phoneStyles)) ?? .spaced
        var out: [UInt8] = []
        out.reserveCapacity(20)
        let national = prefix.dropFirst()
        switch style {
        case .spaced: out += prefix; out.append(0x20)
        case .slashed: out += prefix; out.append(UInt8(ascii: "/"))
        case .international: out.appendText("+49 "); out += national; out.append(0x20)
        case .doubleZero: out.appendText("0049"); out += national
        case .parenthesised: out.append(UInt8(ascii: "(")); out += prefix; out.appendText(") ")
        case .plain: out += prefix
        case .dashed: out += prefix; out.append(UInt8(ascii: "-"))
        case .internationalWithZero: out.appendText("+49 (0)"); out += national; out.append(0x20)
        case .e164: out.appendText("+49"); out += national
        }
        out.appendPadded(Int(number), width: 1)
        if random.chance(profile.phoneSlip) { RecordNoise.applyDigitSlip(&out, random: &random) }
        return out
    }

    /// The e-mail address as this record has it, or nil when missing.
    mutating func email(preferAlternative: Bool = false) -> [UInt8]? {
        guard !person.email.isEmpty, !random.chance(profile.missingEmail) else { return nil }
        var range = person.email
        if !person.altEmail.isEmpty && (preferAlternative || random.chance(profile.altEmail)) {
            range = person.altEmail
        }
        var out = Array(world.population.email(range))
        let caseDraw = random.unit()
        if caseDraw < profile.emailCase {
            // Capitalise each part: `Anna.Mueller@Web.de`.
            var capitalizeNext = true
            for index in out.indices {
                let byte = out[index]
                if capitalizeNext && byte >= 0x61 && byte <= 0x7A { out[index] = byte - 32 }
                capitalizeNext = byte == UInt8(ascii: ".") || byte == UInt8(ascii: "@") || byte == UInt8(ascii: "-")
            }
        } else if caseDraw < profile.emailCase * 1.2 {
            out = RecordNoise.uppercased(out)
        }
        if random.chance(profile.emailTypo), let at = out.firstIndex(of: UInt8(ascii: "@")), at > 2 {
            let position = 1 + random.below(at - 2)
            if out[position] != out[position + 1] { out.swapAt(position, position + 1) } else { out.remove(at: position) }
        }
        return out
    }

    /// The birth date as written: nil when missing, sometimes day and month swapped, and at the
    /// profile's `invalidBirthDate` rate a typo that makes it no date (`CivilCalendar.mistyped`).
    mutating func birthDate() -> CivilCalendar.Civil? {
        guard let day = birthDay() else { return nil }
        let date = CivilCalendar.civil(day)
        return quirks.chance(profile.invalidBirthDate) ? CivilCalendar.mistyped(date, random: &quirks) : date
    }

    /// The birth date as a day number, or nil when missing; sometimes day and month swapped.
    private mutating func birthDay() -> Int? {
        guard !random.chance(profile.missingBirthDate) else { return nil }
        let day = Int(person.birthDay)
        if random.chance(profile.birthDateSwap) {
            let date = CivilCalendar.civil(day)
            if date.day <= 12 && date.day != date.month {
                return CivilCalendar.dayNumber(year: date.year, month: date.day, day: date.month)
            }
        }
        return day
    }
}
