/// Everything the export writers share: vocabularies, the time window and the people.
final class SampleWorld {
    // A class so the writers share one copy of the large arrays without copying; it is created,
    // used and dropped on one thread inside `SampleGenerator.write`.
    let options: SampleOptions
    let base: UInt64
    let names = GermanNames()
    let places = GermanPlaces()
    let foreign = ForeignPlaces()
    let shop = ShopCatalog()
    /// The export day (exclusive end of all events) as a day number.
    let asOfDay: Int
    /// The first day of the 24-month event window.
    let windowStart: Int
    /// The export instant (local midnight at the start of the as-of day), seconds since 1970 UTC.
    let exportInstant: Int
    /// Night 1's people; `NightPlanner` adds the people and changes of the following nights.
    var population: Population

    init(options: SampleOptions) {
        self.options = options
        base = SampleRandom.mix(options.seed ^ 0x4F4E_4546_4143_4531) // "ONEFACE1"
        asOfDay = options.asOf.dayNumber
        let start = CivilCalendar.civil(asOfDay)
        windowStart = CivilCalendar.dayNumber(year: start.year - 2, month: start.month, day: min(start.day, 28))
        exportInstant = CivilCalendar.utc(localDay: asOfDay, secondOfDay: 0)
        population = Population(count: options.customers, base: base, windowStart: windowStart,
                                asOfDay: asOfDay, names: names, places: places, foreign: foreign)
    }
}
