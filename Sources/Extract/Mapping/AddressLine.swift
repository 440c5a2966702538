/// A one-line address (`Hauptstraße 5, 10115 Berlin`) split into the street line, postcode and
/// city the canonical model stages (`address:` in a mapping). The street line keeps its house
/// number and units; the transform's address normaliser splits those.
///
/// Reads, with or without commas: postcode before the city (`10115 Berlin`, `1012 AB Amsterdam`,
/// `A-1010 Wien`), after it (`Springfield, IL 62704`, `London SW1A 2AA`, `Sydney NSW 2000`), and
/// the locality first (`10115 Berlin, Hauptstraße 5`). Byte-free of Foundation, so it costs
/// little per record.
public enum AddressLine {
    public struct Parts: Equatable, Sendable {
        public var street: String?
        public var postcode: String?
        public var city: String?
    }

    public static func split(_ line: String) -> Parts {
        let parts = line.split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { return Parts() }
        if parts.count == 1 { return splitWithoutCommas(parts[0]) }
        // The locality is the last part with a postcode (or the last part); a first part that is
        // a locality with the street after it is read the other way round.
        // Only when the last part is no locality itself: `1600 Pennsylvania Ave, Washington DC 20500`
        // starts with a four-digit house number, not a postcode.
        if let first = locality(parts[0]), first.leading, parts.count == 2, locality(parts[1]) == nil {
            return Parts(street: parts[1], postcode: first.postcode, city: first.city)
        }
        for index in parts.indices.reversed() where index > 0 {
            guard let found = locality(parts[index]) else { continue }
            var city = found.city
            var streetParts = Array(parts[..<index])
            if city == nil, streetParts.count > 1 {
                city = streetParts.removeLast()   // `Springfield, IL 62704`
            }
            return Parts(street: streetParts.joined(separator: ", "), postcode: found.postcode, city: city)
        }
        return Parts(street: parts.dropLast().joined(separator: ", "), postcode: nil, city: parts.last)
    }

    /// `Hauptstraße 5 10115 Berlin`: a postcode after a token with a digit (the house number).
    static func splitWithoutCommas(_ text: String) -> Parts {
        let tokens = text.split(separator: " ").map(String.init)
        var sawNumber = false
        for index in tokens.indices {
            if sawNumber, index > 0, let (postcode, used) = postcodeAt(tokens, index) {
                let city = tokens[(index + used)...].joined(separator: " ")
                return Parts(street: tokens[..<index].joined(separator: " "), postcode: postcode, city: city.isEmpty ? nil : city)
            }
            if tokens[index].contains(where: \.isNumber) { sawNumber = true }
        }
        return Parts(street: text, postcode: nil, city: nil)
    }

    /// A part that holds a postcode, with the city beside it (nil: only a postcode and maybe a state).
    static func locality(_ part: String) -> (postcode: String, city: String?, leading: Bool)? {
        let tokens = part.split(separator: " ").map(String.init)
        if let (postcode, used) = postcodeAt(tokens, 0) {
            let city = tokens[used...].joined(separator: " ")
            return (postcode, city.isEmpty ? nil : city, true)
        }
        // Trailing: `IL 62704`, `Springfield IL 62704-1234`, `London SW1A 2AA`, `Sydney NSW 2000`.
        if tokens.count >= 2, isUKInward(tokens[tokens.count - 1]), isUKOutward(tokens[tokens.count - 2]) {
            let city = tokens.dropLast(2).joined(separator: " ")
            return (tokens.suffix(2).joined(separator: " "), city.isEmpty ? nil : city, false)
        }
        if let last = tokens.last, isZIP(last) || (isDigits(last, 4...4) && tokens.count >= 2) {
            var rest = Array(tokens.dropLast())
            if let state = rest.last, state.count >= 2, state.count <= 3, state.allSatisfy({ $0.isUppercase && $0.isASCII }) { rest.removeLast() }
            let city = rest.joined(separator: " ")
            return (last, city.isEmpty ? nil : city, false)
        }
        return nil
    }

    /// A postcode starting at `index`: 4–5 digits, `A-1010` / `CH-8001`, or Dutch `1012 AB`; with the
    /// number of tokens it takes.
    static func postcodeAt(_ tokens: [String], _ index: Int) -> (String, Int)? {
        guard index < tokens.count else { return nil }
        let token = tokens[index]
        if isDigits(token, 4...4), index + 1 < tokens.count, tokens[index + 1].count == 2,
           tokens[index + 1].allSatisfy({ $0.isASCII && $0.isUppercase }) {
            return (token + " " + tokens[index + 1], 2)
        }
        if isDigits(token, 4...5) { return (token, 1) }
        // A country letter or code before it: `A-1010`, `D-10115`, `CH-8001`, `NL-1012`.
        let bytes = Array(token.utf8)
        if let dash = bytes.firstIndex(of: UInt8(ascii: "-")), dash == 1 || dash == 2,
           bytes[..<dash].allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }),
           isDigits(String(token.dropFirst(dash + 1)), 4...5) {
            return (String(token.dropFirst(dash + 1)), 1)
        }
        return nil
    }

    static func isDigits(_ token: String, _ count: ClosedRange<Int>) -> Bool {
        count.contains(token.utf8.count) && token.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// `62704` or `62704-1234`.
    static func isZIP(_ token: String) -> Bool {
        let parts = token.split(separator: "-", omittingEmptySubsequences: false)
        return isDigits(String(parts[0]), 5...5) && (parts.count == 1 || (parts.count == 2 && isDigits(String(parts[1]), 4...4)))
    }

    /// UK outward code: `SW1A`, `M1`, `EC1V`: one or two letters, a digit, then a digit or letter.
    static func isUKOutward(_ token: String) -> Bool {
        let chars = Array(token)
        guard chars.count >= 2, chars.count <= 4, chars.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }),
              chars[0].isLetter else { return false }
        let letters = chars.prefix { $0.isLetter }.count
        return letters <= 2 && letters < chars.count && chars[letters].isNumber
    }

    /// UK inward code: a digit and two letters (`2AA`).
    static func isUKInward(_ token: String) -> Bool {
        let chars = Array(token)
        return chars.count == 3 && chars[0].isNumber && chars[1].isLetter && chars[2].isLetter && chars.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
    }
}

extension Substring {
    var trimmingSpaces: String {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
