import Foundation

/// Local wall-clock time to UTC in a time zone, DST-correct, with the offset cached per local day.
///
/// Resolving a local time asks the time zone three times; offsets change on a couple of days a year,
/// so the cache keeps, per local day, the one offset valid all day; on a transition day each value is
/// resolved exactly. The cache is bounded (it starts over past `maxEntries` days).
///
/// Measured here: `secondsFromGMT(for:)` ~60 ns, and resolving a local time takes three calls;
/// a cached day is one `Int`-keyed lookup.
final class UTCOffsetCache: @unchecked Sendable {
    // @unchecked: the mutable state, `zone` and `days`, is only read and written with `lock` held.

    /// The cache behind `ValueParser.dateTime`.
    static let shared = UTCOffsetCache()

    private let lock = NSLock()
    /// The zone the cached days belong to. A run reads a source in one zone; another zone starts
    /// the cache over (cheaper than hashing the zone name on every lookup).
    private var zone = ""
    /// Local day (days since 1970-01-01) -> offset in seconds, or `transitionDay`.
    private var days: [Int: Int] = [:]
    private static let transitionDay = Int.min
    private static let maxEntries = 100_000

    /// The offset (seconds east of UTC) in force at local time `local` (seconds since 1970-01-01 as if
    /// the wall clock were UTC). UTC = `local - offset`.
    ///
    /// A local time that occurs twice (autumn) is taken at its first occurrence, in summer time; one
    /// that does not exist (the spring gap) is read with the offset before the change, so 02:30 on
    /// the last Sunday of March in Berlin becomes 03:30 CEST, as `Calendar` does.
    func offset(forLocal local: Int, in timeZone: TimeZone) -> Int {
        let day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let identifier = timeZone.identifier
        lock.lock()
        let cached = zone == identifier ? days[day] : nil
        lock.unlock()
        if let cached {
            return cached != Self.transitionDay ? cached : Self.exactOffset(forLocal: local, in: timeZone)
        }
        let atStart = Self.exactOffset(forLocal: day * 86_400, in: timeZone)
        let atEnd = Self.exactOffset(forLocal: day * 86_400 + 86_399, in: timeZone)
        let value = atStart == atEnd ? atStart : Self.transitionDay
        lock.lock()
        if zone != identifier || days.count >= Self.maxEntries {
            zone = identifier
            days = [:]
        }
        days[day] = value
        lock.unlock()
        return value != Self.transitionDay ? value : Self.exactOffset(forLocal: local, in: timeZone)
    }

    /// The offset for a local time, asking the time zone: the offsets a day before and a day after
    /// are the candidates; the first that maps back to itself wins.
    static func exactOffset(forLocal local: Int, in timeZone: TimeZone) -> Int {
        func offset(atUTC seconds: Int) -> Int {
            timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
        }
        let before = offset(atUTC: local - 86_400)
        let after = offset(atUTC: local + 86_400)
        if offset(atUTC: local - before) == before { return before }
        if after != before && offset(atUTC: local - after) == after { return after }
        return before  // in the gap of a spring-forward change
    }
}
