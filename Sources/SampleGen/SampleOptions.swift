/// One of the four source systems whose exports the generator writes.
///
/// The raw value is the folder name under the output directory and the `system` column of `truth.csv`.
public enum SampleSystem: String, CaseIterable, Sendable, Comparable {
    case email, support, branch, survey

    public static func < (lhs: SampleSystem, rhs: SampleSystem) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A calendar day without time or time zone: the export ("as-of") date.
///
/// A plain value instead of `Date` so that nothing in the generator depends on the wall clock,
/// the machine's time zone or its locale.
public struct SampleDate: Sendable, Hashable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The date, or nil if it is not a real Gregorian day between the years 1900 and 9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1900...9999).contains(year), (1...12).contains(month),
              (1...CivilCalendar.daysInMonth(year: year, month: month)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `yyyy-MM-dd` (the `--as-of` flag), or returns nil.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The default export date of the demo data: 2026-11-21.
    public static let defaultAsOf = SampleDate(year: 2026, month: 11, day: 21)!

    /// `yyyy-MM-dd`.
    public var description: String {
        var bytes: [UInt8] = []
        bytes.appendPadded(year, width: 4)
        bytes.append(UInt8(ascii: "-"))
        bytes.appendPadded(month, width: 2)
        bytes.append(UInt8(ascii: "-"))
        bytes.appendPadded(day, width: 2)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `yyyyMMdd`, the date part of every export file name.
    public var compact: String {
        var bytes: [UInt8] = []
        bytes.appendPadded(year, width: 4)
        bytes.appendPadded(month, width: 2)
        bytes.appendPadded(day, width: 2)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Days since 1970-01-01.
    var dayNumber: Int { CivilCalendar.dayNumber(year: year, month: month, day: day) }
}

/// What to generate: how many people, from which seed, as of which day, for which systems.
public struct SampleOptions: Sendable, Equatable {
    /// The number of true persons (customers). Each appears in at least one of the four systems.
    public var customers: Int
    /// The seed; the same options always give byte-identical files.
    public var seed: UInt64
    /// The export date; events fall in the 24 months before it.
    public var asOf: SampleDate
    /// The systems to write. A system's files do not depend on which other systems are selected.
    public var systems: Set<SampleSystem>

    /// Which night's exports to write: 1 (the default) is the export of `asOf` with everything
    /// before it; N >= 2 the files of the N-th night, dated N - 1 days later, with only that night's
    /// new and changed records (`NightPlan`). Night 1's files are the same whatever this says.
    public var night: Int

    /// The largest supported `customers` (customer and card numbers have 7 and 8 digits).
    public static let maximumCustomers = 8_000_000
    /// The last supported night: a year of nights.
    public static let maximumNight = 366

    public init(customers: Int, seed: UInt64, asOf: SampleDate = .defaultAsOf,
                systems: Set<SampleSystem> = Set(SampleSystem.allCases), night: Int = 1) {
        self.customers = customers
        self.seed = seed
        self.asOf = asOf
        self.systems = systems
        self.night = night
    }

    /// The people known after `night` nights: night 1's customers and each later night's new people.
    public static func persons(customers: Int, night: Int) -> Int {
        customers + (night - 1) * NightPlan.newPersonsPerNight(customers: customers)
    }
}
