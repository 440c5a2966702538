/// What one of the nights after the first brings (`oneface sample --night N`): people who are new,
/// known people who changed, and every record the four systems make on the night's day.
///
/// Night 1 is the export of `SampleOptions.asOf`, holding everything before that day. Night k
/// (k >= 2) is the export dated k - 1 days later and holds the one day in between, `day`. Per night,
/// of the people known so far (rates chosen so that about 1 % of them are new or changed):
/// - new people: 0.35 %, built like night 1's (households and namesakes of known people included),
///   who sign up, buy with a new loyalty card, open a ticket or answer a survey that day;
/// - moved: 0.2 %, people of the e-mail or branch system who had not moved: a new address (two
///   thirds in the same city), a new landline where the city changes, from `day` on;
/// - married: 0.08 %, women: a new surname from `day` on (e-mail and phone stay);
/// - new phone: 0.12 %: a new mobile number from `day` on;
/// - consent withdrawn: 0.1 %, people of the e-mail system: newsletter consent `nein` from `day` on.
/// A changed person's new state shows in a record of that day: a changed profile in the e-mail tool
/// is filed as a new contact dated `day` (its `Anmeldedatum`), a move also at the till (a purchase
/// with the card and the new address), a new surname or phone of someone the e-mail tool does not
/// know in a support ticket or at the till; a withdrawal also as an `abgemeldet` event.
/// Known active people also go on living, at night 1's daily rates: a purchase with probability
/// 1 / (their mean days between purchases), a ticket 0.3 % (of support's people), a survey answer
/// 0.25 % (of the survey's); a few anonymous receipts; shops are closed on Sundays and holidays. No
/// newsletter goes out on these days: the e-mail events are the day's unsubscriptions (and any late
/// event of an earlier campaign). Night 1's data does not change: every change starts on its day.
///
/// Everything draws from streams of the night (`.night`, `.nightPerson`, `.nightActivity`), so a
/// night's plan depends only on the options and the nights before it.
struct NightPlan {
    enum Change: Int, CaseIterable {
        case moved, married, phone, consent

        /// The name in `changes.csv`.
        var name: StaticString {
            switch self {
            case .moved: return "moved"
            case .married: return "married"
            case .phone: return "phone"
            case .consent: return "consent"
            }
        }
    }

    /// Shares of the known people per night (new people: of night 1's customers).
    static let newShare = 0.0035
    static let changeShares: [Change: Double] = [.moved: 0.002, .married: 0.0008, .phone: 0.0012, .consent: 0.001]

    let night: Int
    /// The (local) day of the night's records.
    let day: Int
    /// The export instant: local midnight after `day`; the night's records are before it.
    let exportInstant: Int
    /// Indices of the people new tonight.
    var newPersons: [Int] = []
    var changes: [(person: Int, change: Change)] = []
    var contacts: [EmailExport.Contact] = []
    var tickets: [SupportExport.Ticket] = []
    var transactions: [BranchExport.Transaction] = []
    var responses: [SurveyExport.Response] = []
    /// People who unsubscribed tonight (their first contact gets an `abgemeldet` event) and when.
    var unsubscribes: [(person: Int, time: Int)] = []

    /// The export date of night `night`: `asOf` plus night - 1 days.
    static func exportDate(_ asOf: SampleDate, night: Int) -> SampleDate {
        let civil = CivilCalendar.civil(asOf.dayNumber + night - 1)
        return SampleDate(year: civil.year, month: civil.month, day: civil.day)!
    }

    /// New people per night for `customers` people on night 1.
    static func newPersonsPerNight(customers: Int) -> Int {
        max(1, Int((Double(customers) * newShare).rounded()))
    }

    /// Plans night `night` (>= 2) in `world`: adds its people and changes to `world.population`.
    /// Call for nights 2, 3, ... in order.
    /// - Complexity: O(n) in the people known (one activity stream each), plus the night's records.
    static func make(night: Int, world: SampleWorld) -> NightPlan {
        let day = world.asOfDay + night - 2
        var plan = NightPlan(night: night, day: day, exportInstant: CivilCalendar.utc(localDay: day + 1, secondOfDay: 0))
        var random = SampleRandom.stream(world.base, .night, night)
        let known = world.population.count
        var touched = Set<Int>()
        var planner = Planner(world: world, day: day, night: night)

        // Changes first (of people known before tonight), then tonight's new people.
        for change in Change.allCases {
            let wanted = max(1, Int((Double(known) * changeShares[change]!).rounded()))
            var found = 0
            var attempts = 0
            while found < wanted && attempts < wanted * 200 {
                attempts += 1
                let index = random.below(known)
                guard !touched.contains(index), planner.isEligible(index, for: change) else { continue }
                touched.insert(index)
                found += 1
                plan.changes.append((index, change))
                planner.apply(change, to: index, random: &random, plan: &plan)
            }
        }
        for _ in 0..<newPersonsPerNight(customers: world.options.customers) {
            var personRandom = SampleRandom.stream(world.base, .nightPerson, world.population.count)
            let index = world.population.addPerson(day: day, random: &personRandom)
            plan.newPersons.append(index)
            planner.recordNewPerson(index, random: &personRandom, plan: &plan)
        }
        // The rest of the known people's day.
        for index in 0..<known {
            planner.recordActivity(of: index, plan: &plan)
        }
        let anonymousMean = Double(world.options.customers) * 0.3 / Double(world.asOfDay - world.windowStart)
        var anonymous = Int(anonymousMean)
        if random.chance(anonymousMean - Double(anonymous)) { anonymous += 1 }
        if !planner.shopsClosed {
            for ordinal in 0..<anonymous {
                var receipt = SampleRandom.stream(world.base, .nightAnonymous, ordinal, night << 16)
                plan.transactions.append(BranchExport.Transaction(
                    time: planner.openingTime(random: &receipt), person: -1, ordinal: Int32(ordinal),
                    branch: UInt8(receipt.below(world.places.branches.count)), night: UInt16(night)))
            }
        }
        plan.sortRecords()
        return plan
    }

    private mutating func sortRecords() {
        contacts.sort { ($0.person, $0.ordinal) < ($1.person, $1.ordinal) }
        tickets.sort { ($0.created, $0.person, $0.ordinal) < ($1.created, $1.person, $1.ordinal) }
        transactions.sort { ($0.time, $0.person, $0.ordinal) < ($1.time, $1.person, $1.ordinal) }
        responses.sort { ($0.time, $0.person, $0.ordinal) < ($1.time, $1.person, $1.ordinal) }
        unsubscribes.sort { ($0.time, $0.person) < ($1.time, $1.person) }
    }
}

/// The records a night's people make, at plausible times of its day.
private struct Planner {
    let world: SampleWorld
    let day: Int
    let night: Int
    let shopsClosed: Bool
    /// Records per person tonight, for their record streams' ordinals.
    var ordinals: [Int: UInt8] = [:]

    init(world: SampleWorld, day: Int, night: Int) {
        self.world = world
        self.day = day
        self.night = night
        shopsClosed = BranchExport(world: world).isClosed(day)
    }

    func isEligible(_ index: Int, for change: NightPlan.Change) -> Bool {
        let person = world.population[index]
        guard Int(person.activeTo) >= world.asOfDay else { return false } // churned people change unseen
        switch change {
        case .moved:
            return person.moveDay == .max && (person.isIn(.email) || person.isIn(.branch))
        case .married:
            return person.marriageDay == .max && person.sex == 0
        case .phone:
            return person.phoneChangeDay == .max && (person.isIn(.email) || person.isIn(.branch) || person.isIn(.support))
        case .consent:
            return person.consentWithdrawnDay == .max && person.emailContacts > 0
        }
    }

    mutating func apply(_ change: NightPlan.Change, to index: Int, random: inout SampleRandom, plan: inout NightPlan) {
        switch change {
        case .moved: world.population.move(index, day: day, random: &random)
        case .married: world.population.marry(index, day: day, random: &random)
        case .phone: world.population.changePhone(index, day: day, random: &random)
        case .consent: world.population.withdrawConsent(index, day: day)
        }
        let person = world.population[index]
        // The record that shows the change; a move shows at the till too.
        let atTill = !shopsClosed && person.isIn(.branch)
        switch change {
        case .moved:
            if person.isIn(.email) { addContact(index, plan: &plan) }
            if atTill && (!person.isIn(.email) || random.chance(0.5)) { addPurchase(index, random: &random, plan: &plan) }
        case .married, .phone:
            if person.isIn(.email) {
                addContact(index, plan: &plan)
            } else if person.isIn(.support) {
                addTicket(index, random: &random, plan: &plan)
            } else if atTill {
                addPurchase(index, random: &random, plan: &plan)
            } else if person.isIn(.survey) {
                addResponse(index, random: &random, plan: &plan)
            }
        case .consent:
            addContact(index, plan: &plan)
            plan.unsubscribes.append((index, CivilCalendar.utc(localDay: day, secondOfDay: (7 + random.below(15)) * 3_600 + random.below(3_600))))
        }
    }

    /// A new person shows up in each of their systems: sign-up, first purchase with the new card,
    /// and some open a ticket or answer a survey on their first day.
    mutating func recordNewPerson(_ index: Int, random: inout SampleRandom, plan: inout NightPlan) {
        let person = world.population[index]
        var hasRecord = false
        if person.isIn(.email) { addContact(index, plan: &plan); hasRecord = true }
        if person.isIn(.branch) && !shopsClosed { addPurchase(index, random: &random, plan: &plan); hasRecord = true }
        if person.isIn(.support) && (!hasRecord || random.chance(0.3)) { addTicket(index, random: &random, plan: &plan); hasRecord = true }
        if person.isIn(.survey) && (!hasRecord || random.chance(0.3)) { addResponse(index, random: &random, plan: &plan); hasRecord = true }
        if !hasRecord { addTicket(index, random: &random, plan: &plan) } // a card holder when the shops are closed writes to support
    }

    /// A known, active person's ordinary day: three draws from their own night stream, always.
    mutating func recordActivity(of index: Int, plan: inout NightPlan) {
        let person = world.population[index]
        guard Int(person.activeTo) >= world.asOfDay, Int(person.activeFrom) < day else { return }
        var random = SampleRandom.stream(world.base, .nightActivity, index, night)
        let buys = random.chance(1 / Double(max(1, person.purchaseGap)))
        let asks = random.chance(0.003)
        let answers = random.chance(0.0025)
        if buys && person.isIn(.branch) && !shopsClosed { addPurchase(index, random: &random, plan: &plan) }
        if asks && person.isIn(.support) { addTicket(index, random: &random, plan: &plan) }
        if answers && person.isIn(.survey) { addResponse(index, random: &random, plan: &plan) }
    }

    private mutating func nextOrdinal(_ index: Int) -> UInt8 {
        let ordinal = ordinals[index, default: 0]
        ordinals[index] = ordinal + 1
        return ordinal
    }

    private mutating func addContact(_ index: Int, plan: inout NightPlan) {
        plan.contacts.append(EmailExport.Contact(person: Int32(index), ordinal: 0, signupDay: Int32(day), night: UInt16(night)))
    }

    private mutating func addTicket(_ index: Int, random: inout SampleRandom, plan: inout NightPlan) {
        var channel = random.pick(cumulative: SupportExport.channelWeights)
        let isSunday = CivilCalendar.weekday(day) == 6
        if isSunday && (channel == 1 || channel == 2) { channel = 3 } // phone and chat are closed: the web form
        let isStaffed = channel == 1 || channel == 2
        let second = SupportExport.secondOfDay(staffed: isStaffed, random: &random)
        plan.tickets.append(SupportExport.Ticket(created: CivilCalendar.utc(localDay: day, secondOfDay: second), person: Int32(index),
                                                 ordinal: nextOrdinal(index), channel: UInt8(channel), night: UInt16(night)))
    }

    private mutating func addPurchase(_ index: Int, random: inout SampleRandom, plan: inout NightPlan) {
        let person = world.population[index]
        let branch = random.chance(0.85) ? Int(person.homeBranch) : random.below(world.places.branches.count)
        plan.transactions.append(BranchExport.Transaction(time: openingTime(random: &random), person: Int32(index),
                                                          ordinal: Int32(nextOrdinal(index)), branch: UInt8(branch),
                                                          night: UInt16(night)))
    }

    private mutating func addResponse(_ index: Int, random: inout SampleRandom, plan: inout NightPlan) {
        let second = random.chance(0.9) ? (7 + random.below(16)) * 3_600 + random.below(3_600) : random.below(86_400)
        plan.responses.append(SurveyExport.Response(time: CivilCalendar.utc(localDay: day, secondOfDay: second), person: Int32(index),
                                                    ordinal: nextOrdinal(index), isDuplicate: false, survey: 0,
                                                    night: UInt16(night)))
    }

    /// A time during the shops' opening hours (9:00-20:00) of `day`.
    func openingTime(random: inout SampleRandom) -> Int {
        let hour = 9 + random.pick(cumulative: BranchExport.hourWeights)
        return CivilCalendar.utc(localDay: day, secondOfDay: hour * 3_600 + random.below(3_600))
    }
}
