import Foundation

/// The support desk: `support/tickets_<date>.ndjson`, UTF-8, one JSON object per line, in
/// creation order. Times are ISO 8601 with the Berlin offset of their own date.
///
/// A ticket opened near the export day may still be open (no `closed_at`), or not yet answered
/// (no `first_response_at`). About 7% of closed tickets are reopened; a ticket reopened and not
/// closed again by the export day has status `reopened`. CSAT is asked after closing and answered
/// for about 40% of closed tickets.
struct SupportExport {
    struct Ticket {
        var created: Int
        var person: Int32
        var ordinal: UInt8
        var channel: UInt8
        /// 0 for night 1's tickets, else the night (`--night N`) that opened the ticket.
        var night: UInt16 = 0
    }

    static let profile: NoiseProfile = {
        var profile = NoiseProfile()
        profile.missingEmail = 0 // decided per channel below
        profile.missingPhone = 0
        profile.missingBirthDate = 1
        profile.phoneStyles = [20, 25, 65, 70, 72, 80, 82, 90, 100]
        return profile
    }()

    private static let channels: [StaticString] = ["email", "phone", "chat", "web"]
    static let channelWeights = [40, 65, 80, 100]

    /// The local second of the day a ticket is opened: phone and chat (staffed) 08:00–20:00, the
    /// others mostly 06:00–23:00, one in ten at any time.
    static func secondOfDay(staffed: Bool, random: inout SampleRandom) -> Int {
        if staffed { return (8 + random.below(12)) * 3_600 + random.below(3_600) }
        if random.chance(0.9) { return (6 + random.below(17)) * 3_600 + random.below(3_600) }
        return random.below(86_400)
    }
    private static let categories: [StaticString] = ["Rechnung", "Lieferung", "Produkt", "Konto", "Beschwerde"]
    private static let categoryWeights = [25, 55, 75, 87, 100]
    /// Mean hours from first response to closing, per category.
    private static let resolutionHours: [Double] = [30, 50, 80, 10, 110]

    let world: SampleWorld

    func write(to directory: URL, truth: inout TruthCollector) throws -> SampleSummary.File {
        let tickets = makeTickets()
        var file = try ByteFile(directory: directory,
                                relativePath: "support/tickets_\(world.options.asOf.compact).ndjson")
        for (offset, ticket) in tickets.enumerated() {
            writeTicket(ticket, number: offset + 1, exportInstant: world.exportInstant, into: &file.buffer)
            try file.endRow()
            truth.add(.support, number: offset + 1, person: Int(ticket.person))
        }
        return try file.finish()
    }

    /// 1 ticket for most support customers, up to 7 for a few; opened while the person is active.
    func makeTickets() -> [Ticket] {
        var tickets: [Ticket] = []
        let population = world.population
        for index in 0..<world.options.customers {
            let person = population[index]
            guard person.isIn(.support) else { continue }
            var random = SampleRandom.stream(world.base, .supportPerson, index)
            let countDraw = random.unit()
            let count = countDraw < 0.65 ? 1 : (countDraw < 0.85 ? 2 : (countDraw < 0.93 ? 3 : 4 + random.below(4)))
            for ordinal in 0..<count {
                let channel = random.pick(cumulative: SupportExport.channelWeights)
                let from = Int(person.activeFrom)
                var day = from + random.below(max(1, Int(person.activeTo) - from))
                let isStaffed = channel == 1 || channel == 2
                if isStaffed && CivilCalendar.weekday(day) == 6 { day += day + 1 < world.asOfDay ? 1 : -1 }
                let second = Self.secondOfDay(staffed: isStaffed, random: &random)
                tickets.append(Ticket(created: CivilCalendar.utc(localDay: day, secondOfDay: second),
                                      person: Int32(index), ordinal: UInt8(ordinal), channel: UInt8(channel)))
            }
        }
        tickets.sort { ($0.created, $0.person, $0.ordinal) < ($1.created, $1.person, $1.ordinal) }
        return tickets
    }

    /// The ticket as the help desk shows it at `exportInstant` (a later night's export shows it
    /// answered, closed or reopened since).
    func writeTicket(_ ticket: Ticket, number: Int, exportInstant: Int, into out: inout [UInt8]) {
        let personIndex = Int(ticket.person)
        let person = world.population[personIndex]
        let createdDay = CivilCalendar.floorDiv(ticket.created + 3_600, 86_400)
        let random = ticket.night == 0
            ? SampleRandom.stream(world.base, .ticket, personIndex, Int(ticket.ordinal))
            : SampleRandom.stream(world.base, .nightTicket, personIndex, Int(ticket.night) << 4 | Int(ticket.ordinal))
        var view = NoisyPerson(world: world, person: person, profile: SupportExport.profile, random: random, day: createdDay)
        let channel = Int(ticket.channel)
        let category = view.random.pick(cumulative: SupportExport.categoryWeights)
        let priorityDraw = view.random.unit()
        let priority = category == 4 ? (priorityDraw < 0.35 ? 2 : 1) : (priorityDraw < 0.25 ? 0 : (priorityDraw < 0.87 ? 1 : 2))

        // Times: first response, closing, reopenings.
        let firstResponse: Int
        switch channel {
        case 1: firstResponse = ticket.created + view.random.below(90)
        case 2: firstResponse = ticket.created + 30 + Int(view.random.exponential(mean: 240))
        case 0: firstResponse = ticket.created + 600 + Int(view.random.exponential(mean: 6 * 3_600))
        default: firstResponse = ticket.created + 600 + Int(view.random.exponential(mean: 10 * 3_600))
        }
        var meanHours = SupportExport.resolutionHours[category]
        if priority == 2 { meanHours *= 0.5 } else if priority == 0 { meanHours *= 1.6 }
        var closed: Int
        if channel == 1 && view.random.chance(0.3) {
            closed = firstResponse + 60 + view.random.below(1_200) // solved during the call
        } else {
            closed = firstResponse + 300 + Int(view.random.exponential(mean: meanHours * 3_600))
        }
        var reopenCount = 0
        var isReopenedNow = false
        if view.random.chance(0.07) {
            repeat {
                let reopened = closed + 3_600 + Int(view.random.exponential(mean: 40 * 3_600))
                guard reopened < exportInstant else { break }
                reopenCount += 1
                closed = reopened + 600 + Int(view.random.exponential(mean: meanHours * 1_800))
                if closed >= exportInstant { isReopenedNow = true }
            } while !isReopenedNow && reopenCount < 3 && view.random.chance(0.2)
        }
        let isAnswered = firstResponse < exportInstant
        let isClosed = isAnswered && closed < exportInstant

        out.appendText("{\"ticket_id\":\"")
        RecordID.append(.support, number, to: &out)
        out.appendText("\",\"created_at\":\"")
        out.appendISODateTime(utc: ticket.created)
        out.appendText("\",\"first_response_at\":")
        appendTime(isAnswered ? firstResponse : nil, to: &out)
        out.appendText(",\"closed_at\":")
        appendTime(isClosed ? closed : nil, to: &out)
        out.appendText(",\"status\":\"")
        out.appendText(isClosed ? "closed" : (isReopenedNow ? "reopened" : "open"))
        out.appendText("\",\"channel\":\"")
        out.appendText(SupportExport.channels[channel])
        out.appendText("\",\"category\":\"")
        out.appendText(SupportExport.categories[category])
        out.appendText("\",\"priority\":\"")
        out.appendText(priority == 0 ? "low" : (priority == 1 ? "normal" : "high"))
        out.appendText("\",\"requester\":{\"name\":")
        out.appendJSONString(requesterName(&view, person: person))
        out.appendText(",\"email\":")
        let emailMissing = [0.03, 0.55, 0.15, 0.03][channel]
        appendOptional(view.random.chance(emailMissing) ? nil : view.email(), view: &view, to: &out)
        out.appendText(",\"phone\":")
        let phoneMissing = channel == 1 ? 0.05 : 0.4
        appendOptional(view.random.chance(phoneMissing) ? nil : view.phone(), view: &view, to: &out)
        out.appendText(",\"customer_no\":")
        if view.random.chance(0.5) {
            out.append(0x22)
            RecordID.appendCustomerNumber(personIndex, to: &out)
            out.append(0x22)
        } else {
            out.appendText("null")
        }
        // The help desk's ISO country (from the requester's profile): set for most people abroad,
        // for few at home.
        out.appendText(",\"country\":")
        if view.country != 0 ? view.quirks.chance(0.85) : view.quirks.chance(0.25) {
            out.append(0x22)
            if view.country != 0 { out += world.foreign[view.country].iso } else { out.appendText("DE") }
            out.append(0x22)
        } else {
            out.appendText("null")
        }
        out.appendText("},\"csat\":")
        if isClosed && view.random.chance(0.4) {
            var score = 1.6 + Double(person.satisfaction) / 25 + (view.random.unit() * 2 - 1)
            if category == 4 { score -= 1 }
            if closed - ticket.created > 5 * 86_400 { score -= 1 }
            if reopenCount > 0 { score -= 0.5 }
            out.appendInt(min(5, max(1, Int(score.rounded()))))
        } else {
            out.appendText("null")
        }
        out.appendText(",\"reopen_count\":")
        out.appendInt(reopenCount)
        out.appendText("}\n")
    }

    /// `Anna Müller` mostly; also `Müller, Anna`, `A. Müller`, `Dr. Anna Müller`, `Frau Müller`.
    private func requesterName(_ view: inout NoisyPerson, person: Population.Person) -> [UInt8] {
        let style = view.random.unit()
        if style < 0.04 {
            return view.sortName(first: view.firstName())
        } else if style < 0.07 {
            let first = view.firstName()
            let initialLength = first[0] < 0x80 ? 1 : 2 // generated names use at most 2-byte letters
            return Array(first.prefix(initialLength)) + Array(". ".utf8) + view.surname()
        } else if style < 0.09 && person.sex != 2 {
            return Array((person.sex == 0 ? "Frau " : "Herr ").utf8) + view.surname()
        }
        var name: [UInt8] = []
        if person.title != 0 && view.random.chance(0.5) {
            name.appendText(person.title == 2 ? "Prof. Dr. " : "Dr. ")
        }
        name += view.firstName()
        name.append(0x20)
        name += view.surname()
        return name
    }

    private func appendTime(_ utc: Int?, to out: inout [UInt8]) {
        guard let utc else {
            out.appendText("null")
            return
        }
        out.append(0x22)
        out.appendISODateTime(utc: utc)
        out.append(0x22)
    }

    /// A string, or for a missing value `null` (mostly) or `""` (some forms send empty strings).
    private func appendOptional(_ value: [UInt8]?, view: inout NoisyPerson, to out: inout [UInt8]) {
        if let value {
            out.appendJSONString(value)
        } else if view.random.chance(0.2) {
            out.appendText("\"\"")
        } else {
            out.appendText("null")
        }
    }
}
