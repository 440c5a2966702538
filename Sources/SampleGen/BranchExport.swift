import Foundation

/// The branches' till system: `branch/pos_<date>.xml`, UTF-8, namespace prefix `pos`.
///
/// Transactions are in time order. Card holders buy at their home branch mostly, with gaps drawn
/// from their shopper type, plus a Christmas purchase now and then; shops are closed on Sundays,
/// 25/26 December and 1 January, and open 9:00-20:00. About a quarter of transactions are
/// anonymous (no `pos:customer`). Amounts are integer cents written as `12,99`; the total is the
/// exact sum of quantity x price.
struct BranchExport {
    struct Transaction {
        var time: Int
        var person: Int32   // -1: anonymous
        var ordinal: Int32
        var branch: UInt8
        /// 0 for night 1's transactions, else the night (`--night N`) of the purchase.
        var night: UInt16 = 0
    }

    static let profile: NoiseProfile = {
        var profile = NoiseProfile()
        profile.missingEmail = 0.45
        profile.missingPhone = 0.35
        profile.missingBirthDate = 1
        profile.phoneStyles = [15, 55, 60, 63, 70, 85, 92, 95, 100]
        profile.streetAbbreviated = 0.45
        return profile
    }()

    /// Opening-hour weights from 9:00 to 19:00 (the last hour starts at 19:00).
    static let hourWeights: [Int] = {
        var total = 0
        return [4, 7, 9, 10, 8, 7, 8, 10, 11, 10, 6].map { total += $0; return total }
    }()

    let world: SampleWorld

    func write(to directory: URL, truth: inout TruthCollector) throws -> SampleSummary.File {
        let transactions = makeTransactions()
        var file = try ByteFile(directory: directory, relativePath: "branch/pos_\(world.options.asOf.compact).xml")
        appendHead(day: world.asOfDay, to: &file.buffer)
        for (offset, transaction) in transactions.enumerated() {
            writeTransaction(transaction, number: offset + 1, into: &file.buffer)
            try file.endRow()
            if transaction.person >= 0 {
                truth.add(.branch, number: offset + 1, person: Int(transaction.person))
            }
        }
        BranchExport.appendTail(to: &file.buffer)
        return try file.finish()
    }

    /// The export element, every branch's master data, and the opening of the transactions.
    func appendHead(day: Int, to buffer: inout [UInt8]) {
        buffer.appendText("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<pos:export xmlns:pos=\"urn:oneface:pos:1\" generated=\"")
        buffer.appendISODate(day: day)
        buffer.appendText("\">\n  <pos:branches>\n")
        for branch in world.places.branches {
            buffer.appendText("    <pos:branch id=\"")
            buffer.append(contentsOf: branch.id)
            buffer.appendText("\"><pos:name>")
            buffer.appendXMLEscaped(branch.name)
            buffer.appendText("</pos:name><pos:street>")
            buffer.appendXMLEscaped(branch.street)
            buffer.appendText("</pos:street><pos:postcode>")
            buffer.append(contentsOf: branch.postcode)
            buffer.appendText("</pos:postcode><pos:city>")
            buffer.appendXMLEscaped(branch.city)
            buffer.appendText("</pos:city><pos:region>")
            buffer.append(contentsOf: GermanPlaces.regionNames[branch.region])
            buffer.appendText("</pos:region></pos:branch>\n")
        }
        buffer.appendText("  </pos:branches>\n  <pos:transactions>\n")
    }

    static func appendTail(to buffer: inout [UInt8]) {
        buffer.appendText("  </pos:transactions>\n</pos:export>\n")
    }

    func makeTransactions() -> [Transaction] {
        var transactions: [Transaction] = []
        let population = world.population
        let branchCount = world.places.branches.count
        for index in 0..<world.options.customers {
            let person = population[index]
            guard person.isIn(.branch) else { continue }
            var random = SampleRandom.stream(world.base, .branchPerson, index)
            var days: [Int] = []
            let from = Int(person.activeFrom)
            let to = Int(person.activeTo)
            var day = Double(from) + random.exponential(mean: Double(person.purchaseGap) / 2)
            while Int(day) < to {
                days.append(Int(day))
                day += 1 + random.exponential(mean: Double(person.purchaseGap))
            }
            // Christmas shopping: an extra December purchase in some years.
            for year in CivilCalendar.civil(from).year...CivilCalendar.civil(to).year where random.chance(0.15) {
                let christmas = CivilCalendar.dayNumber(year: year, month: 12, day: 1) + random.below(23)
                if christmas >= from && christmas < to { days.append(christmas) }
            }
            if days.isEmpty { days.append(from + random.below(max(1, to - from))) }
            for (ordinal, purchaseDay) in days.enumerated() {
                let branch = random.chance(0.85) ? Int(person.homeBranch) : random.below(branchCount)
                transactions.append(Transaction(time: openingTime(day: purchaseDay, random: &random),
                                                person: Int32(index), ordinal: Int32(ordinal), branch: UInt8(branch)))
            }
        }
        // Anonymous receipts: about 0.3 per customer, all over the window, more in December.
        let anonymousCount = world.options.customers * 3 / 10
        let span = world.asOfDay - world.windowStart
        for ordinal in 0..<anonymousCount {
            var random = SampleRandom.stream(world.base, .anonymousTransaction, ordinal)
            var day = world.windowStart + random.below(span)
            if CivilCalendar.civil(day).month != 12 && random.chance(0.3) {
                day = world.windowStart + random.below(span) // December ends up about 1.3 times as busy
            }
            transactions.append(Transaction(time: openingTime(day: day, random: &random), person: -1,
                                            ordinal: Int32(ordinal), branch: UInt8(random.below(branchCount))))
        }
        transactions.sort { ($0.time, $0.person, $0.ordinal) < ($1.time, $1.person, $1.ordinal) }
        return transactions
    }

    /// A time during opening hours on `day`; a closed day moves to the open day before or after.
    private func openingTime(day: Int, random: inout SampleRandom) -> Int {
        var shopDay = min(day, world.asOfDay - 1)
        let step = random.chance(0.5) ? -1 : 1
        while isClosed(shopDay) { shopDay += step }
        if shopDay >= world.asOfDay || shopDay < world.windowStart {
            shopDay = min(day, world.asOfDay - 1)
            while isClosed(shopDay) { shopDay -= step }
        }
        let hour = 9 + random.pick(cumulative: BranchExport.hourWeights)
        return CivilCalendar.utc(localDay: shopDay, secondOfDay: hour * 3_600 + random.below(3_600))
    }

    func isClosed(_ day: Int) -> Bool {
        if CivilCalendar.weekday(day) == 6 { return true }
        let date = CivilCalendar.civil(day)
        return (date.month == 12 && (date.day == 25 || date.day == 26)) || (date.month == 1 && date.day == 1)
    }

    func writeTransaction(_ transaction: Transaction, number: Int, into out: inout [UInt8]) {
        let night = Int(transaction.night)
        var random: SampleRandom
        switch (transaction.person >= 0, night) {
        case (true, 0): random = SampleRandom.stream(world.base, .transaction, Int(transaction.person), Int(transaction.ordinal))
        case (false, 0): random = SampleRandom.stream(world.base, .anonymousTransaction, Int(transaction.ordinal), 1)
        case (true, _): random = SampleRandom.stream(world.base, .nightTransaction, Int(transaction.person), night << 4 | Int(transaction.ordinal))
        case (false, _): random = SampleRandom.stream(world.base, .nightAnonymous, Int(transaction.ordinal), night)
        }
        out.appendText("    <pos:transaction id=\"")
        RecordID.append(.branch, number, to: &out)
        out.appendText("\" branch=\"")
        out.append(contentsOf: world.places.branches[Int(transaction.branch)].id)
        out.appendText("\" timestamp=\"")
        out.appendISODateTime(utc: transaction.time)
        out.appendText("\">\n")
        if transaction.person >= 0 {
            let personIndex = Int(transaction.person)
            var view = NoisyPerson(world: world, person: world.population[personIndex], profile: BranchExport.profile,
                                   random: random, day: CivilCalendar.floorDiv(transaction.time + 3_600, 86_400))
            writeCustomer(&view, personIndex: personIndex, into: &out)
            random = view.random
        }
        let month = CivilCalendar.civil(CivilCalendar.floorDiv(transaction.time, 86_400)).month
        let weights = month >= 11 ? world.shop.christmasProductWeights : world.shop.productWeights
        let itemDraw = random.unit()
        let itemCount = itemDraw < 0.5 ? 1 : (itemDraw < 0.8 ? 2 : (itemDraw < 0.92 ? 3 : 4 + random.below(3)))
        var chosen: [Int] = []
        var total = 0
        out.appendText("      <pos:items>")
        for _ in 0..<itemCount {
            let product = random.pick(cumulative: weights)
            guard !chosen.contains(product) else { continue }
            chosen.append(product)
            let item = world.shop.products[product]
            let quantityDraw = random.unit()
            let quantity = quantityDraw < 0.8 ? 1 : (quantityDraw < 0.95 ? 2 : 3 + random.below(2))
            var price = item.cents
            if random.chance(0.05) { price = max(99, price * 80 / 100 / 10 * 10 + 9) } // promotion
            total += quantity * price
            out.appendText("<pos:item sku=\"")
            out.append(contentsOf: item.sku)
            out.appendText("\" qty=\"")
            out.appendInt(quantity)
            out.appendText("\" price=\"")
            out.appendGermanMoney(cents: price)
            out.appendText("\">")
            out.appendXMLEscaped(item.name)
            out.appendText("</pos:item>")
        }
        out.appendText("</pos:items>\n      <pos:total currency=\"EUR\">")
        out.appendGermanMoney(cents: total)
        out.appendText("</pos:total>\n    </pos:transaction>\n")
    }

    /// `<pos:customer card="LC-...">` with name (mostly `Nachname, Vorname`), address and contact data.
    private func writeCustomer(_ view: inout NoisyPerson, personIndex: Int, into out: inout [UInt8]) {
        out.appendText("      <pos:customer card=\"")
        RecordID.appendLoyaltyCard(personIndex, to: &out)
        out.appendText("\"><pos:name>")
        let first = view.firstName()
        if view.random.chance(0.85) {
            out.appendXMLEscaped(view.sortName(first: first))
        } else {
            out.appendXMLEscaped(first + [0x20] + view.surname())
        }
        out.appendText("</pos:name>")
        if view.random.chance(0.92) {
            out.appendText("<pos:street>")
            out.appendXMLEscaped(view.streetLine())
            out.appendText("</pos:street><pos:postcode>")
            out.append(contentsOf: view.postcode())
            out.appendText("</pos:postcode><pos:city>")
            out.appendXMLEscaped(view.city())
            out.appendText("</pos:city>")
            appendCountry(&view, into: &out)
        }
        appendOptional("phone", view.phone(), view: &view, to: &out)
        appendOptional("email", view.email(), view: &view, to: &out)
        out.appendText("</pos:customer>\n")
    }

    /// `<pos:country>`: free text the cashier types, in whatever spelling (`Österreich`, `AT`,
    /// `Nederland`); at home mostly left out, sometimes `Deutschland` or `DE`.
    private func appendCountry(_ view: inout NoisyPerson, into out: inout [UInt8]) {
        let text: [UInt8]
        if view.country != 0 {
            let spellings = world.foreign[view.country].tillSpellings
            text = spellings[view.quirks.below(spellings.count)]
        } else {
            let draw = view.quirks.unit()
            guard draw < 0.2 else { return }
            text = Array((draw < 0.15 ? "Deutschland" : "DE").utf8)
        }
        out.appendText("<pos:country>")
        out.appendXMLEscaped(text)
        out.appendText("</pos:country>")
    }

    /// `<pos:name>value</pos:name>`; a missing value is left out, or written empty (`<pos:phone/>`) now and then.
    private func appendOptional(_ name: StaticString, _ value: [UInt8]?, view: inout NoisyPerson, to out: inout [UInt8]) {
        if let value {
            out.appendText("<pos:")
            out.appendText(name)
            out.append(UInt8(ascii: ">"))
            out.appendXMLEscaped(value)
            out.appendText("</pos:")
            out.appendText(name)
            out.append(UInt8(ascii: ">"))
        } else if view.random.chance(0.2) {
            out.appendText("<pos:")
            out.appendText(name)
            out.appendText("/>")
        }
    }
}
