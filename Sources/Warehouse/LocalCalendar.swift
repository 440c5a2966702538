import Foundation

/// Converts UTC ISO timestamps to local calendar dates in the pipeline's time zone.
///
/// SQLite's `localtime` modifier would use the machine's zone, so the same inputs could give
/// different warehouses on different machines; this uses the configured zone instead.
final class LocalCalendar: @unchecked Sendable {
    // @unchecked: the cache is only touched from the one loading connection's thread.
    private let zone: TimeZone
    private var offsetByHour: [Int64: Int] = [:]

    init(zone: TimeZone) { self.zone = zone }

    /// Seconds since 1970 of `yyyy-MM-ddTHH:mm:ss` (UTC; a trailing `Z` or nothing).
    static func epochSeconds(_ b: [UInt8]) -> Int64? {
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for i in range {
                let digit = b[i] &- 0x30
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10),
              let hh = number(11..<13), let mm = number(14..<16), let ss = number(17..<19) else { return nil }
        return epochDay(year: y, month: m, day: d) * 86400 + hh * 3600 + mm * 60 + ss
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    static func epochDay(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The local date of `iso` as the integer `yyyyMMdd` (the warehouse's date keys), without
    /// building strings: `2026-03-28T23:30:00Z` → 20260329 in Europe/Berlin; a plain date keeps
    /// its own day.
    func localDateKey(_ iso: String) -> Int64? {
        var iso = iso
        return iso.withUTF8 { buffer -> Int64? in
            let bytes = Array(buffer)
            guard bytes.count >= 10 else { return nil }
            guard bytes.count >= 19, let epoch = Self.epochSeconds(bytes) else {
                // A plain date (or a date-time without a readable time): its own digits.
                var key: Int64 = 0
                for index in [0, 1, 2, 3, 5, 6, 8, 9] {
                    let digit = bytes[index] &- 0x30
                    guard digit < 10 else { return 0 }   // not a date: key 0, as the extract never stages one
                    key = key * 10 + Int64(digit)
                }
                return key
            }
            let hour = epoch / 3600
            let offset: Int
            if let cached = offsetByHour[hour] {
                offset = cached
            } else {
                offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(epoch)))
                offsetByHour[hour] = offset
            }
            let civil = Self.civil(fromEpochDay: Int64(floor(Double(epoch + Int64(offset)) / 86400)))
            return civil.year * 10_000 + civil.month * 100 + civil.day
        }
    }

    /// Year, month and day of a day since 1970-01-01 (Howard Hinnant's algorithm).
    static func civil(fromEpochDay z: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = z + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (y, m, d)
    }
}
