/// HTML text helpers: every string that reaches the page goes through `escape`.
enum HTML {
    /// Escapes `&`, `<`, `>`, `"` and `'`, so a value is safe in text and in quoted attributes.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}

/// Numbers as the page shows them: fixed decimals, `,` between thousands, independent of locale.
enum Format {
    static func int<T: BinaryInteger>(_ value: T) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        return (value < 0 ? "−" : "") + grouped
    }

    /// `value` with `decimals` decimals (rounded half away from zero), thousands grouped.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "–" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int64(scaled / scale)
        let fraction = Int64(scaled - Double(whole) * scale)
        var text = int(whole)
        if decimals > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: max(0, decimals - digits.count)) + digits
        }
        return (value < 0 && scaled != 0 ? "−" : "") + text
    }

    /// Euro from integer cents: `1,234.56 €`.
    static func euro(cents: Int64) -> String { fixed(Double(cents) / 100, 2) + " €" }

    /// Whole euro from integer cents, for axes and labels: `1,235 €`.
    static func euroShort(cents: Double) -> String { fixed(cents / 100, 0) + " €" }

    static func optional(_ value: Double?, _ decimals: Int) -> String { value.map { fixed($0, decimals) } ?? "–" }

    /// A SQL value as it goes into a `data-value` attribute: integers as digits, reals in Swift's
    /// shortest round-trip form, so a test can compare them with what `sqlite3` prints.
    static func raw(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
    static func raw(_ value: Int64?) -> String { value.map { "\($0)" } ?? "" }
}
