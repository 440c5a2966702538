/// The further values of a multi-valued field (`more_emails`, `more_phones`) as staged: a JSON
/// array of strings, `["b@y.de","c@z.de"]`, readable in the sqlite3 shell and by its JSON functions.
public enum MultiValue {
    /// The values as a JSON array of strings; nil for none.
    public static func encode(_ values: [String]) -> String? {
        guard !values.isEmpty else { return nil }
        return "[" + values.map(JSONText.quote).joined(separator: ",") + "]"
    }

    /// The strings of a staged JSON array (as `encode` writes it); what is not one is read as no values.
    /// - Complexity: O(n) in the text's length.
    public static func decode(_ text: String?) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        var values: [String] = []
        var scalars = text.unicodeScalars.makeIterator()
        guard scalars.next() == "[" else { return [] }
        var current = String.UnicodeScalarView()
        var inString = false
        while let scalar = scalars.next() {
            if !inString {
                switch scalar {
                case "\"": inString = true; current = .init()
                case "]": return values
                default: continue   // commas and spaces between values
                }
                continue
            }
            switch scalar {
            case "\"":
                values.append(String(current))
                inString = false
            case "\\":
                guard let escaped = scalars.next() else { return values }
                switch escaped {
                case "n": current.append("\n")
                case "r": current.append("\r")
                case "t": current.append("\t")
                case "b": current.append("\u{8}")
                case "f": current.append("\u{C}")
                case "u":
                    var hex = ""
                    for _ in 0..<4 { if let digit = scalars.next() { hex.unicodeScalars.append(digit) } }
                    if let value = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(value) { current.append(decoded) }
                default: current.append(escaped)
                }
            default: current.append(scalar)
            }
        }
        return values
    }
}
