import Foundation

/// The e-mail marketing system: `email/contacts_<date>.csv` and `email/events_<date>.csv`.
///
/// Dialect of both files: Windows-1252, `;`, CRLF, fields quoted only when needed. Contacts are
/// numbered in sign-up order. Events are written campaign by campaign: every contact with
/// newsletter consent who signed up before the send day gets the campaign with probability 1/4;
/// opens follow the person's engagement (about 40% of sends), clicks about a quarter of opens.
/// An address with a typo bounces and is not mailed again; unsubscribed contacts are not mailed.
struct EmailExport {
    struct Contact {
        var person: Int32
        var ordinal: UInt8
        var signupDay: Int32
        var hasConsent = false
        var isDeliverable = true
        /// 0 for night 1's contacts, else the night (`--night N`) that brought the contact.
        var night: UInt16 = 0
    }

    static let profile: NoiseProfile = {
        var profile = NoiseProfile()
        profile.missingEmail = 0
        profile.altEmail = 0 // the second contact uses the second address, the first never does
        profile.missingPhone = 0.45
        profile.missingBirthDate = 0.2
        profile.phoneStyles = [45, 60, 70, 73, 78, 88, 92, 95, 100]
        return profile
    }()

    let world: SampleWorld

    func write(to directory: URL, truth: inout TruthCollector) throws -> [SampleSummary.File] {
        var contacts = makeContacts()
        let date = world.options.asOf.compact
        var contactsFile = try ByteFile(directory: directory, relativePath: "email/contacts_\(date).csv")
        EmailExport.appendContactsHeader(to: &contactsFile.buffer)
        var row: [UInt8] = []
        row.reserveCapacity(512)
        for index in contacts.indices {
            row.removeAll(keepingCapacity: true)
            writeContact(&contacts[index], number: index + 1, into: &row)
            contactsFile.buffer.appendWindows1252(row)
            try contactsFile.endRow()
            truth.add(.email, number: index + 1, person: Int(contacts[index].person))
        }
        let contactsSummary = try contactsFile.finish()
        let eventsSummary = try writeEvents(contacts, to: directory, date: date)
        return [contactsSummary, eventsSummary]
    }

    static func appendContactsHeader(to buffer: inout [UInt8]) {
        buffer.appendWindows1252(Array(
            "Kontakt-Nr;Anrede;Titel;Vorname;Nachname;E-Mail;Telefon;Straße;PLZ;Ort;Land;Geburtsdatum;Anmeldedatum;Newsletter-Einwilligung;Kundennummer\r\n".utf8))
    }

    /// One contact per e-mail person of night 1, a second one (new address, later sign-up) for about 4%.
    func makeContacts() -> [Contact] {
        var contacts: [Contact] = []
        let population = world.population
        contacts.reserveCapacity(world.options.customers)
        let lastDay = world.asOfDay - 1
        for index in 0..<world.options.customers {
            let person = population[index]
            guard person.emailContacts > 0 else { continue }
            var random = SampleRandom.stream(world.base, .emailPerson, index)
            let first = min(Int(person.joinDay) + random.below(60), lastDay)
            contacts.append(Contact(person: Int32(index), ordinal: 0, signupDay: Int32(first)))
            if person.emailContacts > 1 {
                let from = min(first + 30, lastDay)
                let to = max(from, Int(person.activeTo) - 1)
                contacts.append(Contact(person: Int32(index), ordinal: 1, signupDay: Int32(from + random.below(to - from + 1))))
            }
        }
        contacts.sort { ($0.signupDay, $0.person, $0.ordinal) < ($1.signupDay, $1.person, $1.ordinal) }
        return contacts
    }

    func writeContact(_ contact: inout Contact, number: Int, into row: inout [UInt8]) {
        let personIndex = Int(contact.person)
        let person = world.population[personIndex]
        let random = contact.night == 0
            ? SampleRandom.stream(world.base, .emailContact, personIndex, Int(contact.ordinal))
            : SampleRandom.stream(world.base, .nightContact, personIndex, Int(contact.night))
        var view = NoisyPerson(world: world, person: person, profile: EmailExport.profile, random: random,
                               day: Int(contact.signupDay))
        let semicolon = UInt8(ascii: ";")
        RecordID.append(.email, number, to: &row)
        row.append(semicolon)
        let salutation = view.random.unit()
        if salutation >= 0.05 {
            switch person.sex {
            case 0: row.appendText("Frau")
            case 1: row.appendText("Herr")
            default: if salutation > 0.3 { row.appendText("Divers") }
            }
        }
        row.append(semicolon)
        if person.title != 0 && view.random.chance(0.8) {
            row.appendText(person.title == 2 ? "Prof. Dr." : "Dr.")
        }
        row.append(semicolon)
        row.appendCSVField(view.firstName(), delimiter: semicolon)
        row.append(semicolon)
        row.appendCSVField(view.surname(), delimiter: semicolon)
        row.append(semicolon)
        let canonical = world.population.email(contact.ordinal == 0 ? person.email : person.altEmail)
        if var email = view.email(preferAlternative: contact.ordinal == 1) {
            contact.isDeliverable = RecordNoise.lowercased(email).elementsEqual(canonical)
            if view.random.chance(0.005) { email.append(0x20) } // a trailing blank from a web form
            row.appendCSVField(email, delimiter: semicolon)
        }
        row.append(semicolon)
        if let phone = view.phone() { row.appendCSVField(phone, delimiter: semicolon) }
        row.append(semicolon)
        let hasAddress = view.random.chance(0.75)
        if hasAddress {
            row.appendCSVField(view.streetLine(), delimiter: semicolon)
            row.append(semicolon)
            row.append(contentsOf: view.postcode())
            row.append(semicolon)
            row.appendCSVField(view.city(), delimiter: semicolon)
        } else {
            row.append(semicolon)
            row.append(semicolon)
        }
        row.append(semicolon)
        // Land: the sign-up form's country list. Abroad it is chosen (also by some who leave the
        // address out); at home it is left at `Deutschland` or emptied about equally often.
        if view.country != 0 {
            if hasAddress || view.quirks.chance(0.5) { row += world.foreign[view.country].germanName }
        } else if hasAddress && view.quirks.chance(0.55) {
            row.appendText("Deutschland")
        }
        row.append(semicolon)
        if let birthDate = view.birthDate() { row.appendGermanDate(birthDate) }
        row.append(semicolon)
        row.appendGermanDate(day: Int(contact.signupDay))
        row.append(semicolon)
        contact.hasConsent = view.random.chance(0.68)
        if Int(contact.signupDay) >= Int(person.consentWithdrawnDay) { contact.hasConsent = false } // a later night's withdrawal
        row.appendText(contact.hasConsent ? "ja" : "nein")
        row.append(semicolon)
        if view.random.chance(0.4) { RecordID.appendCustomerNumber(personIndex, to: &row) }
        row.appendText("\r\n")
    }

    // MARK: Events

    struct Campaign {
        var number: Int
        var day: Int
        /// `CMP-001;Name;` already in Windows-1252 and quoted as needed.
        var prefix: [UInt8]
    }

    func campaigns() -> [Campaign] {
        let span = world.asOfDay - world.windowStart
        return (0..<24).map { index in
            var day = world.windowStart + 15 + index * (span - 30) / 23
            let weekday = CivilCalendar.weekday(day)
            if weekday == 5 { day += 3 } else if weekday == 6 { day += 2 } // mail on weekdays
            day = min(day, world.asOfDay - 2)
            let civil = CivilCalendar.civil(day)
            var utf8: [UInt8] = []
            utf8.appendID("CMP-", index + 1, width: 3)
            utf8.append(UInt8(ascii: ";"))
            utf8.appendCSVField(ShopCatalog.campaignName(month: civil.month, year: civil.year), delimiter: UInt8(ascii: ";"))
            utf8.append(UInt8(ascii: ";"))
            var prefix: [UInt8] = []
            prefix.appendWindows1252(utf8)
            return Campaign(number: index + 1, day: day, prefix: prefix)
        }
    }

    static let eventNames: [[UInt8]] = ["versendet", "geöffnet", "geklickt", "Bounce", "abgemeldet"].map {
        var bytes: [UInt8] = []
        bytes.appendWindows1252(Array($0.utf8))
        return bytes
    }

    private func writeEvents(_ contacts: [Contact], to directory: URL, date: String) throws -> SampleSummary.File {
        var file = try ByteFile(directory: directory, relativePath: "email/events_\(date).csv")
        EmailExport.appendEventsHeader(to: &file.buffer)
        var eventNumber = 0
        let end = world.exportInstant
        _ = try simulateEvents(contacts) { index, campaign, kind, time in
            guard time < end else { return }
            eventNumber += 1
            EmailExport.appendEvent(number: eventNumber, contact: index + 1, campaign: campaign, kind: kind, time: time,
                                    to: &file.buffer)
            try file.endRow()
        }
        return try file.finish()
    }

    static func appendEventsHeader(to buffer: inout [UInt8]) {
        buffer.appendText("Ereignis-ID;Kontakt-Nr;Kampagnen-ID;Kampagne;Ereignis;Zeitpunkt\r\n")
    }

    /// One row of the events file; `kind` indexes `eventNames` (0 sent ... 4 unsubscribed).
    static func appendEvent(number: Int, contact: Int, campaign: Campaign, kind: Int, time: Int, to buffer: inout [UInt8]) {
        buffer.appendID("EV-", number, width: 9)
        buffer.append(UInt8(ascii: ";"))
        RecordID.append(.email, contact, to: &buffer)
        buffer.append(UInt8(ascii: ";"))
        buffer.append(contentsOf: campaign.prefix)
        buffer.append(contentsOf: EmailExport.eventNames[kind])
        buffer.append(UInt8(ascii: ";"))
        buffer.appendGermanDateTime(utc: time)
        buffer.appendText("\r\n")
    }

    /// Every campaign event of `contacts` whatever its time, in the file's order (campaign by
    /// campaign, contact by contact): `body(contact index, campaign, kind, time)`. Returns which
    /// contacts are no longer mailed (bounced or unsubscribed).
    ///
    /// Nothing drawn depends on the export instant, so night 1's file is the events before its
    /// instant, and a later night's file the events between the two nights' instants.
    func simulateEvents(_ contacts: [Contact], _ body: (Int, Campaign, Int, Int) throws -> Void) rethrows -> [Bool] {
        var isStopped = [Bool](repeating: false, count: contacts.count)
        for campaign in campaigns() {
            let sendStart = CivilCalendar.utc(localDay: campaign.day, secondOfDay: 9 * 3_600)
            for index in contacts.indices {
                let contact = contacts[index]
                guard contact.hasConsent, !isStopped[index], Int(contact.signupDay) < campaign.day else { continue }
                var random = SampleRandom.stream(world.base, .emailCampaign, index, campaign.number)
                guard random.chance(0.25) else { continue }
                let person = world.population[Int(contact.person)]
                let sent = sendStart + random.below(150 * 60)
                try body(index, campaign, 0, sent)
                if !contact.isDeliverable || random.chance(0.006) {
                    try body(index, campaign, 3, sent + 60 + random.below(600))
                    if !contact.isDeliverable || random.chance(0.3) { isStopped[index] = true }
                    continue
                }
                let isActive = campaign.day < Int(person.activeTo)
                let openChance = Double(person.engagement) / 100 * (isActive ? 1 : 0.2)
                var last = sent
                if random.chance(openChance) {
                    last = sent + 120 + Int(min(random.exponential(mean: 10 * 3_600), 7 * 86_400))
                    try body(index, campaign, 1, last)
                    if random.chance(isActive ? 0.26 : 0.05) {
                        last += 20 + random.below(1_800)
                        try body(index, campaign, 2, last)
                    }
                }
                if random.chance(isActive ? 0.003 : 0.03) {
                    try body(index, campaign, 4, last + 30 + random.below(3_600))
                    isStopped[index] = true
                }
            }
        }
        return isStopped
    }
}
