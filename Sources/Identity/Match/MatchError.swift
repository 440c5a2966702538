/// Why matching refused to run. Messages name the rule or file and say what to change; they never
/// contain customer data.
public enum MatchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A blocking rule would generate more comparisons than its cap allows.
    case tooManyComparisons(rule: String, index: Int, comparisons: Int, cap: Int)
    /// The model file cannot be used.
    case modelUnreadable(reason: String)

    public var description: String {
        switch self {
        case let .tooManyComparisons(rule, _, comparisons, cap):
            return "blocking rule `\(rule)` would generate \(Self.grouped(comparisons)) comparisons, more than its cap of \(Self.grouped(cap)). "
                + "Make the rule narrower (add a key, e.g. `+ first_initial`) or raise `max_comparisons` for it; "
                + "`oneface transform --explain-blocking` prints the counts of every rule"
        case let .modelUnreadable(reason):
            return "the identity model file cannot be used: \(reason). Delete it or run `oneface transform --retrain`"
        }
    }

    /// 12345678 → "12,345,678".
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }
}
