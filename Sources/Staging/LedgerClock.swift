import Foundation

/// Wall-clock helpers for ledger rows (never for warehouse content, which must be deterministic).
public enum LedgerClock {
    public static func nowISO() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}
