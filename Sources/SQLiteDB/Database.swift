import CSQLite
import Foundation

/// One SQLite connection. `init` opens (and throws), `deinit` closes.
///
/// Not thread-safe: use one connection per thread. Every statement binds its values; SQL text
/// never contains data.
public final class Database {
    let handle: OpaquePointer
    public let path: String

    public enum Mode: Sendable { case readOnly, readWrite, readWriteCreate }

    /// Process-wide settings, applied once before the first connection opens: no memory statistics
    /// (nothing reads them, and keeping them serialises every allocation on one mutex). Later calls
    /// are refused by SQLite (`SQLITE_MISUSE`) and change nothing, so the result is not checked.
    private static let configured: Void = { _ = oneface_sqlite3_disable_memory_statistics() }()

    public init(path: String, mode: Mode = .readWriteCreate, busyTimeoutMilliseconds: Int32 = 10_000) throws(SQLiteError) {
        _ = Self.configured
        var db: OpaquePointer?
        let flags: Int32
        switch mode {
        case .readOnly: flags = SQLITE_OPEN_READONLY
        case .readWrite: flags = SQLITE_OPEN_READWRITE
        case .readWriteCreate: flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        // URI names allowed, so a stage can ATTACH another database read-only (`file:…?mode=ro`).
        let rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(db)
            throw SQLiteError(code: rc, message: message, database: path)
        }
        handle = db
        self.path = path
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        sqlite3_extended_result_codes(db, 1)
    }

    deinit { sqlite3_close_v2(handle) }

    func error(_ rc: Int32, sql: String? = nil) -> SQLiteError {
        SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql, database: path)
    }

    /// Runs one or more statements that take no parameters (schema, pragmas).
    public func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw SQLiteError(code: rc, message: text, sql: sql, database: path)
        }
    }

    /// Runs one statement with bound values.
    public func execute(_ sql: String, _ values: [SQLValue]) throws(SQLiteError) {
        try prepare(sql).execute(values)
    }

    public func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// All rows of a query.
    public func rows(_ sql: String, _ values: [SQLValue] = []) throws(SQLiteError) -> [[SQLValue]] {
        try prepare(sql).rows(values)
    }

    /// The first column of the first row, or nil.
    public func scalar(_ sql: String, _ values: [SQLValue] = []) throws(SQLiteError) -> SQLValue? {
        let stmt = try prepare(sql)
        if !values.isEmpty { try stmt.bind(values) }
        return try stmt.step() ? stmt.column(0) : nil
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// Runs `body` in a transaction: commits if it returns, rolls back on any throw and rethrows.
    public func inTransaction<T>(_ kind: String = "IMMEDIATE", _ body: () throws -> T) throws -> T {
        try execute("BEGIN \(kind)")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` inside a savepoint: released if it returns, rolled back to on any throw.
    public func inSavepoint<T>(_ name: String, _ body: () throws -> T) throws -> T {
        try execute("SAVEPOINT \(name)")
        do {
            let result = try body()
            try execute("RELEASE \(name)")
            return result
        } catch {
            try? execute("ROLLBACK TO \(name)")
            try? execute("RELEASE \(name)")
            throw error
        }
    }

    /// True when a table or view of that name exists in `schema` (main, or an attached name).
    public func hasTable(_ name: String, schema: String = "main") throws(SQLiteError) -> Bool {
        try scalar("SELECT 1 FROM \(schema).sqlite_master WHERE type IN ('table','view') AND name = ?", [.text(name)]) != nil
    }

    /// Column names of `table`.
    public func columns(of table: String, schema: String = "main") throws(SQLiteError) -> [String] {
        try rows("SELECT name FROM pragma_table_info(?, ?)", [.text(table), .text(schema)]).compactMap { $0[0].string }
    }
}

/// Quotes an identifier for SQL text. Only for names our own code or a validated config chose
/// (table names cannot be bound); never for data.
public func quoteIdentifier(_ name: String) -> String {
    "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
