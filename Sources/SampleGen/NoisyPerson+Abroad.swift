/// How a record writes an address and phone abroad, and the flats and back houses of German
/// addresses: the cases a German-only normaliser gets wrong.
extension NoisyPerson {
    /// The country of the record's address: 0 Germany, else 1-based into `ForeignPlaces.countries`.
    var country: UInt8 { address.country }

    /// `Schulstraße 44, Hinterhaus`, `Hauptstr. 12 Whg. 3`, `Bergstraße 7, 2. OG`, `Ringstraße 3, App. 12`.
    mutating func appendGermanUnit(_ address: Population.Address, to line: inout [UInt8]) {
        let comma = quirks.chance(0.6)
        line.appendText(comma ? ", " : " ")
        switch address.unitKind {
        case 1:
            line.appendText(quirks.chance(0.8) ? "Hinterhaus" : "HH")
        case 2:
            line.appendText(quirks.chance(0.7) ? "Whg. " : "Wohnung ")
            line.appendInt(Int(address.unit))
        case 3:
            line.appendInt(Int(address.unit))
            line.appendText(". OG")
        default:
            line.appendText("App. ")
            line.appendInt(Int(address.unit))
        }
    }

    /// `Mariahilfer Straße 45/3/12`, `Keizersgracht 123-2`, `Flat 2, 10 Downing St`,
    /// `9297 Pollard Drive Apt 176`, `12 av. Jean Jaurès`. The street type is abbreviated in some
    /// records and spelled out in others, so one person's lines differ as in German records.
    mutating func foreignStreetLine() -> [UInt8] {
        let address = self.address
        let place = world.foreign[address.country]
        let street = place.streets[Int(address.street)]
        var name = street.name
        let abbreviated = place.order == .numberFirst ? 0.45 : profile.streetAbbreviated
        let styleDraw = random.unit()
        if styleDraw < abbreviated, let short = street.abbreviated {
            name = short
            let isEnglish = place.plan == .unitedKingdom || place.plan == .unitedStates
            if isEnglish && random.chance(0.25) { name.append(UInt8(ascii: ".")) } // `St.`
        } else if styleDraw < abbreviated + profile.streetSpelledOut, let long = street.spelledOut {
            name = long
        }
        if transliterate { name = RecordNoise.transliterated(name) }
        if random.chance(profile.typo) { RecordNoise.applyTypo(&name, random: &random) }

        var number: [UInt8] = []
        number.appendPadded(Int(address.houseNumber), width: 1)
        if address.houseLetter != 0 {
            // Dutch numbers carry capitals (`45A`), Austrian and Swiss ones small letters (`12a`).
            number.append(place.plan == .netherlands ? address.houseLetter - 32 : address.houseLetter)
        }
        let writesUnit = address.unitKind != 0 && random.chance(0.8)
        var line: [UInt8] = []
        switch place.order {
        case .streetFirst:
            line = name
            line.append(0x20)
            line += number
            if writesUnit {
                switch (place.plan, address.unitKind) {
                case (.austria, 1):
                    line.append(UInt8(ascii: "/"))
                    line.appendInt(Int(address.unit))
                case (.austria, _):
                    line.append(UInt8(ascii: "/"))
                    line.appendInt(1 + Int(address.unit) % 3)
                    line.append(UInt8(ascii: "/"))
                    line.appendInt(Int(address.unit))
                case (.netherlands, 1):
                    line.append(UInt8(ascii: "-"))
                    line.appendInt(Int(address.unit) % 4 + 1)
                case (.netherlands, _):
                    line.appendText(" hs")
                default:
                    break
                }
            }
        case .numberFirst:
            if writesUnit && place.plan == .unitedKingdom {
                line.appendText("Flat ")
                line.appendInt(Int(address.unit))
                line.appendText(", ")
            }
            line += number
            line.append(0x20)
            line += name
            if writesUnit && place.plan == .unitedStates {
                let draw = random.below(10)
                line.appendText(draw < 6 ? " Apt " : (draw < 8 ? " Apt. " : " #"))
                line.appendInt(Int(address.unit))
            }
        }
        return line
    }

    /// The postcode as the country writes it: `1010` (never padded), `1012 AB` (now and then
    /// `1012AB`), `SW1A 2AA`, `02108`.
    mutating func foreignPostcode() -> [UInt8] {
        let place = world.foreign[address.country]
        var postcode = place.cities[Int(address.city)].postcodes[Int(address.postcode)]
        if place.plan == .netherlands && random.chance(0.3) { postcode.removeAll { $0 == 0x20 } }
        return postcode
    }

    mutating func foreignCity() -> [UInt8] {
        let city = world.foreign[address.country].cities[Int(address.city)]
        var name = city.name
        if !city.variants.isEmpty && random.chance(profile.cityVariant) {
            name = city.variants[random.below(city.variants.count)]
        }
        if transliterate { name = RecordNoise.transliterated(name) }
        if random.chance(0.01) { name = RecordNoise.uppercased(name) }
        return name
    }

    /// Ways of writing a number abroad, cumulative weights over `ForeignPhoneStyle`: mostly the
    /// national grouping, often the international one (the company is in Germany).
    private static let foreignPhoneStyles = [35, 45, 60, 80, 88, 96, 100]

    /// A number abroad in one of its country's usual spellings: `0664 1234567`, `0664/1234567`,
    /// `+43 664 1234567`, `0043 664 1234567`, `079 123 45 67`, `06-12345678`, `(617) 555-0142`,
    /// `617-555-0142`, `+44 (0)20 7946 0123`, `06 12 34 56 78`.
    mutating func foreignPhone(useMobile: Bool, landline: UInt32) -> [UInt8] {
        let place = world.foreign[person.home.country]
        let area: [UInt8]
        var subscriber: [UInt8] = []
        if useMobile {
            area = place.mobilePrefixes[Int(person.mobilePrefix)]
            subscriber.appendPadded(Int(person.mobile), width: place.mobileDigits)
        } else {
            let city = place.cities[Int(address.city)]
            area = city.areaCode
            subscriber.appendPadded(Int(landline), width: city.subscriberDigits)
        }
        let plan = place.plan
        let isUS = plan == .unitedStates
        let trunk: [UInt8] = isUS ? [] : [UInt8(ascii: "0")]
        var out: [UInt8] = []
        out.reserveCapacity(24)
        let style = ForeignPhoneStyle(rawValue: random.pick(cumulative: Self.foreignPhoneStyles)) ?? .national
        switch style {
        case .national:
            if isUS {
                out.append(UInt8(ascii: "(")); out += area; out.appendText(") ")
                out += Self.grouped(subscriber, plan: plan, separator: UInt8(ascii: "-"))
            } else {
                out += trunk; out += area; out.append(0x20); out += Self.grouped(subscriber, plan: plan, separator: 0x20)
            }
        case .compact:
            out += trunk; out += area; out += subscriber
        case .separated:
            switch plan {
            case .austria: out += trunk; out += area; out.append(UInt8(ascii: "/")); out += subscriber
            case .netherlands: out += trunk; out += area; out.append(UInt8(ascii: "-")); out += subscriber
            case .unitedStates:
                out += area; out.append(UInt8(ascii: "-")); out += Self.grouped(subscriber, plan: plan, separator: UInt8(ascii: "-"))
            case .france:
                out += trunk; out += area; out.append(UInt8(ascii: ".")); out += Self.grouped(subscriber, plan: plan, separator: UInt8(ascii: "."))
            case .switzerland, .unitedKingdom:
                out += trunk; out += area; out.append(0x20); out += Self.grouped(subscriber, plan: plan, separator: 0x20)
            }
        case .international, .internationalWithZero:
            out.append(UInt8(ascii: "+")); out += place.callingCode
            // `+43 (0)664 …` is an Austrian, Swiss and British habit; elsewhere the plain form.
            let withZero = style == .internationalWithZero && [.austria, .switzerland, .unitedKingdom].contains(plan)
            if isUS && random.chance(0.5) {
                out.append(UInt8(ascii: "-")); out += area; out.append(UInt8(ascii: "-"))
                out += Self.grouped(subscriber, plan: plan, separator: UInt8(ascii: "-"))
            } else {
                out.appendText(withZero ? " (0)" : " ")
                out += area; out.append(0x20); out += Self.grouped(subscriber, plan: plan, separator: 0x20)
            }
        case .doubleZero:
            out.appendText("00"); out += place.callingCode; out.append(0x20)
            out += area; out.append(0x20); out += Self.grouped(subscriber, plan: plan, separator: 0x20)
        case .e164:
            out.append(UInt8(ascii: "+")); out += place.callingCode; out += area; out += subscriber
        }
        if random.chance(profile.phoneSlip) { RecordNoise.applyDigitSlip(&out, random: &random) }
        return out
    }

    /// The subscriber number in the country's groups: `123 45 67` (CH), `7946 0123` (London),
    /// `555-0142` (US), `12 34 56 78` (FR); Austria and the Netherlands write it in one piece.
    private static func grouped(_ digits: [UInt8], plan: ForeignPlaces.PhonePlan, separator: UInt8) -> [UInt8] {
        let groups: [Int]
        switch (plan, digits.count) {
        case (.switzerland, 7): groups = [3, 2, 2]
        case (.unitedKingdom, 8): groups = [4, 4]
        case (.unitedKingdom, 7), (.unitedStates, 7): groups = [3, 4]
        case (.france, 8): groups = [2, 2, 2, 2]
        default: return digits
        }
        var out: [UInt8] = []
        var start = 0
        for (index, length) in groups.enumerated() {
            if index > 0 { out.append(separator) }
            out += digits[start..<start + length]
            start += length
        }
        return out
    }
}

/// Ways of writing a phone number abroad (`NoisyPerson.foreignPhone`).
enum ForeignPhoneStyle: Int {
    case national, compact, separated, international, doubleZero, e164, internationalWithZero
}
