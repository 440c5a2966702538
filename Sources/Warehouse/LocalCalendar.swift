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

    /// `2026-03-28T23:30:00Z` → `2026-03-29` in Europe/Berlin; a plain date stays as it is.
    func localDate(_ iso: String) -> String? {
        let bytes = Array(iso.utf8)
        guard bytes.count >= 10 else { return nil }
        guard bytes.count >= 19, let epoch = Self.epochSeconds(bytes) else { return String(decoding: bytes[0..<10], as: UTF8.self) }
        let hour = epoch / 3600
        let offset: Int
        if let cached = offsetByHour[hour] {
            offset = cached
        } else {
            offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(epoch)))
            offsetByHour[hour] = offset
        }
        return Self.civilDate(fromEpochDay: Int64(floor(Double(epoch + Int64(offset)) / 86400)))
    }

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

    static func civilDate(fromEpochDay z: Int64) -> String {
        let z = z + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func pad(_ v: Int64, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }
}
