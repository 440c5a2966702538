/// Brings e-mail addresses into one spelling so that equal mailboxes compare equal.
///
/// Exports differ in case and stray white space; with provider rules, Gmail's ignored dots and
/// `+tag` sub-addresses are removed too, because `Anna.Schmidt+shop@googlemail.com` reaches the
/// same person as `annaschmidt@gmail.com`.
public enum EmailNormalizer {
    private static let gmailDomains: Set<String> = ["gmail.com", "googlemail.com"]

    /// The normalised address, or nil when `raw` does not have the shape of an address.
    ///
    /// Always: trimmed, lower-cased; exactly one `@`; a non-empty local part; a domain with a dot,
    /// no empty label and a top-level label of at least two characters; no white space, control
    /// characters or `"(),:;<>[\]` anywhere. This is a shape check, not RFC 5322 validation.
    /// With `providerRules`: for gmail.com and googlemail.com the dots in the local part are removed
    /// and the domain becomes gmail.com; for every domain a `+tag` is cut from the local part
    /// (unless that would leave it empty).
    /// - Complexity: O(n) over the UTF-8 bytes.
    public static func normalize(_ raw: String, providerRules: Bool = false) -> String? {
        var bytes = trimmedLowercasedBytes(raw)
        guard !bytes.isEmpty else { return nil }

        var atIndex: Int?
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "@"):
                guard atIndex == nil else { return nil }
                atIndex = index
            case 0...0x20, 0x7F, UInt8(ascii: "\""), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","),
                 UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "<"), UInt8(ascii: ">"),
                 UInt8(ascii: "["), UInt8(ascii: "\\"), UInt8(ascii: "]"):
                return nil
            default:
                continue
            }
        }
        guard let at = atIndex, at > 0 else { return nil }
        var local = Array(bytes[..<at])
        var domain = Array(bytes[(at + 1)...])
        guard isDomainShaped(domain) else { return nil }

        if providerRules {
            let domainText = String(decoding: domain, as: UTF8.self)
            if gmailDomains.contains(domainText) {
                domain = Array("gmail.com".utf8)
                let withoutDots = local.filter { $0 != UInt8(ascii: ".") }
                if !withoutDots.isEmpty { local = withoutDots }
            }
            if let plus = local.firstIndex(of: UInt8(ascii: "+")), plus > 0 {
                local.removeSubrange(plus...)
            }
        }
        bytes = local
        bytes.append(UInt8(ascii: "@"))
        bytes.append(contentsOf: domain)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `raw` without surrounding white space, ASCII lower-cased; non-ASCII text is lower-cased by
    /// the standard library (internationalised addresses are rare, so that path may be slow).
    /// Empty when nothing usable is left.
    private static func trimmedLowercasedBytes(_ raw: String) -> [UInt8] {
        var text = Substring(raw)
        while let first = text.unicodeScalars.first, first.properties.isWhitespace {
            text = Substring(text.unicodeScalars.dropFirst())
        }
        while let last = text.unicodeScalars.last, last.properties.isWhitespace {
            text = Substring(text.unicodeScalars.dropLast())
        }
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        }
        // Unicode white space inside the address (a no-break space) makes it unusable.
        guard !text.unicodeScalars.contains(where: { $0.properties.isWhitespace }) else { return [] }
        return Array(text.lowercased().utf8)
    }

    private static func isDomainShaped(_ domain: [UInt8]) -> Bool {
        guard !domain.isEmpty else { return false }
        var labelLength = 0
        var labels = 0
        for byte in domain {
            if byte == UInt8(ascii: ".") {
                guard labelLength > 0 else { return false }
                labels += 1
                labelLength = 0
            } else {
                labelLength += 1
            }
        }
        // The last label is the top-level domain: it must exist and have at least two characters.
        return labels >= 1 && labelLength >= 2
    }
}
