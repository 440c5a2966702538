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
    /// The database file the error happened in, when known.
    public let database: String?

    public init(code: Int32, message: String, sql: String? = nil, database: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
        self.database = database
    }

    /// What went wrong with the file itself, in words, with what to do; nil for errors of a
    /// statement (constraint, syntax), which the message and SQL describe.
    public var storageProblem: String? {
        let file = database.map { "the database \($0)" } ?? "a database file"
        switch code & 0xff {
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            return "\(file) is damaged (not a readable SQLite database)"
        case SQLITE_FULL:
            return "the disk holding \(file) is full; free space there (a load needs about twice the warehouse's size) and rerun"
        case SQLITE_READONLY:
            return "\(file) cannot be written (read-only file, folder or file system); check its permissions and mount, then rerun"
        case SQLITE_CANTOPEN:
            return "\(file) cannot be opened; check that its folder exists and is readable and writable"
        case SQLITE_IOERR:
            return "reading or writing \(file) failed (input/output error \(code)); check the disk and rerun"
        case SQLITE_PERM, SQLITE_AUTH:
            return "access to \(file) was refused; check its permissions"
        default:
            return nil
        }
    }

    /// True when the database was busy or locked past the timeout.
    public var isBusy: Bool { code & 0xff == SQLITE_BUSY || code & 0xff == SQLITE_LOCKED }

    /// A constraint (UNIQUE, NOT NULL, CHECK, foreign key) refused the statement.
    public var isConstraint: Bool { code & 0xff == SQLITE_CONSTRAINT }

    public var description: String {
        let statement = sql.map { " in `\(Self.abbreviate($0))`" } ?? ""
        if let problem = storageProblem { return "\(problem) (SQLite error \(code): \(message)\(statement))" }
        return "SQLite error \(code): \(message)\(statement)"
    }

    private static func abbreviate(_ sql: String) -> String {
        let flat = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return flat.count > 160 ? String(flat.prefix(157)) + "..." : flat
    }
}

