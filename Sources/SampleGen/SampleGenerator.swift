import Foundation

// What the sample data holds, and why (the data exists to test identity resolution and KPIs):
//
// People (Population.swift)
// - N true persons `P0000001`... German first names by birth cohort; surnames with the real
//   frequency skew (Müller, Schmidt, Schneider ...) for 20% of people and a Zipf tail of ~50,000
//   rarer compound names for the rest (so ~0.8% are Müller, as in Germany); umlauts and ß; 1.5%
//   with a particle (`von`, `von der`, `van der`, `zu`, `de`), 3% double names (`Müller-Lüdenscheidt`),
//   3.5% `Dr.`, 0.5% `Prof. Dr.`; 1% with salutation `Divers`. Ages 18 to 92.
// - Address: real postcodes of 35 cities (text, several start with 0), common street names,
//   house numbers with letters (`5a`). About 10% move inside the window (two thirds in the same
//   city); records made after the move carry the new address (and a new landline number when
//   the city changes).
// - Phones: 45% mobile only (015x/016x/017x), 25% landline only (city dialling code), 20% both,
//   10% none. E-mail: 95% have one, unique per person (`anna.mueller@web.de`, `a.mueller84@gmx.de`);
//   some have a second address used for a re-registration or in some support tickets.
// - Households: 1.5% of persons join an earlier person's household: same surname, address,
//   landline and e-mail, different first name and birth date, so ~3% share an e-mail address.
// - Namesakes: 0.5% of persons copy an earlier person's first name, surname and city; birth date,
//   street, phone and e-mail differ, so ~1% have a different-person twin by name and city.
// - Abroad (ForeignPlaces.swift): 4% of persons live abroad: Austria 32%, Switzerland 28%,
//   Netherlands 18%, UK 8%, US 7%, France 7% of them. Their addresses follow the country: 4-digit
//   postcodes (AT, CH; never padded to 5), `1012 AB`, `SW1A 2AA`, US ZIP codes (Boston's start with
//   0); house number first in UK/US/FR (`5691 Willis Avenue`, `Flat 2, 10 Downing Street`,
//   `9297 Pollard Drive Apt 176`), doors and flats in AT/NL (`Hauptstraße 12/3/7`, `Kerkstraat 5-2`);
//   street types abbreviated in some records only (`St`/`Street`, `Str.`/`Straße`). Their phones
//   are their country's, written nationally (`0664 1234567`, `079 123 45 67`, `06 12345678`,
//   `(617) 555-0142`, `617-555-0142`, `07700 900123`) or internationally (`+43 664 1234567`,
//   `0043 …`, `+44 (0)20 …`). Movers abroad stay in their country. Households copy the owner's
//   country; a namesake of someone abroad lives in the same foreign city.
// - Flats at home: 1.5% of persons in Germany have a unit (`Schulstraße 44, Hinterhaus`,
//   `Hauptstr. 12 Whg. 3`, `2. OG`, `App. 12`), written in ~70% of their street lines (~1% of lines).
// - Country in the exports: contacts `Land` (German names from a list: `Österreich`, `Schweiz`,
//   `Niederlande`, `Vereinigtes Königreich`, `USA`, `Frankreich`; `Deutschland` or empty at home),
//   tickets `requester.country` (ISO `AT`, `DE`, often null), POS `<pos:country>` (free text:
//   `Österreich`, `Oesterreich`, `AT`, `Nederland`, `UK`, `Deutschland`, `DE`, mostly absent at
//   home). The survey has no country column.
// - Activity: 55% are customers from before the window, 45% join inside it; 30% churn (stop all
//   activity) at a random day. Purchases, tickets, responses and newsletter opens fall between
//   joining and churn, so monthly KPIs, churn, RFM and repeat rates have something to find.
// - Systems: e-mail 72% of those with an address (4% of them with a second contact under a new
//   address), support 35%, branch with loyalty card 55%, survey 31%; everyone is in at least one.
//
// Noise per record (NoisyPerson.swift; rates per system in each export's `profile`)
// - ~5% one typo per name or street field (QWERTZ neighbour, dropped, doubled, swapped letter).
// - ~10% of records written without umlauts (`Mueller`, `Strasse`, `Koeln`).
// - ~2% upper case, ~1.5-5% lower case names; ~4% short first names (`Alex`, `Karl Heinz`);
//   double surnames often reduced to the first part; particles dropped or put after the first name.
// - Street type spelled `Straße`, `Str.`, `str`, `Strasse`, `strasse`; house letter `5a`, `5 a`, `5A`.
// - City spellings (`Frankfurt a.M.`, `Halle/Saale`, `Muenchen`).
// - Phones as `030 1234567`, `030/1234567`, `+49 30 1234567`, `0049301234567`, `(030) 1234567`,
//   `0301234567`, `030-1234567`, `+49 (0)30 1234567`, `+49301234567`; 1% with one wrong digit.
// - E-mail with capitals (`Anna.Mueller@Web.de`) ~5%, with a swapped letter ~1% (such a newsletter
//   address bounces), a trailing blank 0.5% in contacts; missing 5-55% depending on system/channel.
// - Missing phone 15-45%, birth date 20-40% (where the system has one), address 8-25%.
// - Birth date with day and month swapped ~1%; ~1% of written birth dates are no date at all
//   (`15.17.1974`, `1982-13-26`, `31.02.1985`: a slipped month digit, day and month swapped with a
//   day over 12, a day the month lacks) in records that are otherwise fine. Customer number `K-...` in 40% of contacts and 50%
//   of tickets; loyalty card `LC-...` on every transaction of a card holder.
// - 2% of survey responses are double submissions (same person, same answers, minutes apart).
// Simple exact rules (e-mail, customer number, card) link most records; the rest (missing or
// changed e-mail, second addresses, typos, moves) needs the probabilistic matcher, and households
// and namesakes punish rules that are too loose.
//
// Determinism: own PRNG (SampleRandom), every record on its own stream derived from the seed
// (what was added later, abroad, flats, countries and invalid dates, draws from streams of its
// own, so people at home kept their data byte for byte);
// integer calendar arithmetic with the EU summer-time rule (CivilCalendar); bytes formatted by
// hand; dictionaries never iterated into output. Same options, same bytes, on every machine.

/// Writes a deterministic, realistic German sample of the four source systems' exports with the
/// ground truth of who is who.
///
/// The output feeds demos, tests and benchmarks (`oneface sample`), so it must be reproducible
/// byte for byte from its options and fast enough for a million customers.
public enum SampleGenerator {
    /// Writes the exports of `options.systems` and `truth.csv` into `directory` (created if needed).
    ///
    /// Files: `email/contacts_<yyyyMMdd>.csv`, `email/events_<yyyyMMdd>.csv`,
    /// `support/tickets_<yyyyMMdd>.ndjson`, `branch/pos_<yyyyMMdd>.xml`,
    /// `survey/responses_<yyyyMMdd>.csv`, `truth.csv`. Existing files of the same names are replaced.
    /// With `options.night` N >= 2, the files of night N (dated N - 1 days after `asOf`, holding that
    /// night's new and changed records; `NightGenerator`) and a `truth.csv` of nights 1 to N: write
    /// it into the folder of the nights before, and the pipeline reads them together.
    /// - Complexity: O(n log n) in the number of records (each system sorts its records by time);
    ///   about 1.7 KB of output per customer.
    public static func write(_ options: SampleOptions, to directory: URL) throws -> SampleSummary {
        guard (1...SampleOptions.maximumCustomers).contains(options.customers) else {
            throw SampleGenError.invalidCustomerCount(options.customers)
        }
        guard !options.systems.isEmpty else { throw SampleGenError.noSystemSelected }
        guard (1...SampleOptions.maximumNight).contains(options.night),
              SampleOptions.persons(customers: options.customers, night: options.night) <= SampleOptions.maximumCustomers else {
            throw SampleGenError.invalidNight(options.night)
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw SampleGenError.cannotWrite(path: directory.path, reason: "cannot create the folder")
        }

        let world = SampleWorld(options: options)
        if options.night > 1 { return try NightGenerator.write(options, world: world, to: directory) }
        var truth = TruthCollector()
        var files: [SampleSummary.File] = []
        for system in SampleSystem.allCases where options.systems.contains(system) {
            switch system {
            case .email: files += try EmailExport(world: world).write(to: directory, truth: &truth)
            case .support: files.append(try SupportExport(world: world).write(to: directory, truth: &truth))
            case .branch: files.append(try BranchExport(world: world).write(to: directory, truth: &truth))
            case .survey: files.append(try SurveyExport(world: world).write(to: directory, truth: &truth))
            }
        }
        files.append(try truth.write(to: directory))

        var records: [SampleSystem: Int] = [:]
        for system in SampleSystem.allCases where options.systems.contains(system) {
            records[system] = truth.count(system)
        }
        return SampleSummary(files: files, persons: options.customers,
                             personsInOutput: truth.personsInOutput(total: options.customers), records: records)
    }
}
