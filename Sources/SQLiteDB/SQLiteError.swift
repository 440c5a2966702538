import CSQLite
import Foundation

/// A failure reported by SQLite, with the statement it came from.
///
/// Bound values are never part of the message (they may be customer data); the SQL text is,
/// because it is ours and tells the reader which step failed.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    public let code: Int32
    public let message: String
    public let sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// True when the database was busy or locked past the timeout.
    public var isBusy: Bool { code & 0xff == SQLITE_BUSY || code & 0xff == SQLITE_LOCKED }

    public var description: String {
        let statement = sql.map { " in `\(Self.abbreviate($0))`" } ?? ""
        return "SQLite error \(code): \(message)\(statement)"
    }

    private static func abbreviate(_ sql: String) -> String {
        let flat = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return flat.count > 160 ? String(flat.prefix(157)) + "..." : flat
    }
}

