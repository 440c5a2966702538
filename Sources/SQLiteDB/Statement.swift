import CSQLite

/// A prepared statement. Reuse it with `reset()` for bulk work; values are always bound, never spliced.
public final class Statement {
    let handle: OpaquePointer
    unowned let database: Database
    public let sql: String

    init(database: Database, sql: String) throws(SQLiteError) {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(database.handle, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            sqlite3_finalize(stmt)
            throw database.error(rc, sql: sql)
        }
        self.handle = stmt
        self.database = database
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
        arena?.deallocate()
    }

    /// `SQLITE_TRANSIENT`: SQLite copies the bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    /// Binds `values` to parameters 1...n.
    public func bind(_ values: [SQLValue]) throws(SQLiteError) {
        for (offset, value) in values.enumerated() { try bind(value, at: Int32(offset + 1)) }
    }

    public func bind(_ value: SQLValue, at index: Int32) throws(SQLiteError) {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case let .integer(v): rc = sqlite3_bind_int64(handle, index, v)
        case let .real(v): rc = sqlite3_bind_double(handle, index, v)
        case let .text(v): rc = bindText(v, at: index)
        }
        try check(rc)
    }

    /// Binds a String's UTF-8 bytes with an explicit length: no C-string copy, no `strlen`.
    private func bindText(_ value: String, at index: Int32) -> Int32 {
        var value = value
        return value.withUTF8 { bytes -> Int32 in
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                return sqlite3_bind_text(handle, index, "", 0, Self.transient)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(handle, index, $0, Int32(bytes.count), Self.transient)
            }
        }
    }

    /// Binds every parameter of the next row in place: no `clear_bindings`, no intermediate array.
    /// The caller binds all parameters (NULLs included), so no value of the previous row survives.
    public func resetForRow() {
        sqlite3_reset(handle)
    }

    /// Binds UTF-8 bytes as text that SQLite does not copy (`SQLITE_STATIC`).
    ///
    /// The bytes must stay valid and unchanged until the statement is stepped and reset; the bulk
    /// path binds from a batch arena held for the whole batch.
    public func bindStaticText(_ base: UnsafePointer<UInt8>, count: Int, at index: Int32) throws(SQLiteError) {
        let rc = base.withMemoryRebound(to: CChar.self, capacity: max(count, 1)) {
            sqlite3_bind_text(handle, index, $0, Int32(count), nil)
        }
        try check(rc)
    }

    /// Binds UTF-8 bytes as text without building a String (bulk path).
    public func bindText(_ bytes: UnsafeRawBufferPointer, at index: Int32) throws(SQLiteError) {
        // SQLite treats a NULL pointer as SQL NULL; an empty field must stay an empty text.
        let rc: Int32
        if let base = bytes.baseAddress, bytes.count > 0 {
            rc = sqlite3_bind_text(handle, index, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), Self.transient)
        } else {
            rc = sqlite3_bind_text(handle, index, "", 0, Self.transient)
        }
        try check(rc)
    }

    /// Inserts one row: binds `values` to parameters 1...n, steps once and resets, without clearing
    /// bindings (every parameter is bound each time). For bulk inserts with a prepared statement.
    ///
    /// Text is copied into one buffer the statement owns and bound without a copy by SQLite
    /// (`SQLITE_STATIC`): no allocation per value. The buffer is only rewritten by the next `insert`,
    /// which rebinds every parameter first.
    public func insert(_ values: [SQLValue]) throws(SQLiteError) {
        defer { sqlite3_reset(handle) }
        var total = 1
        for value in values { if case let .text(text) = value { total += text.utf8.count } }
        if total > arenaCapacity {
            arena?.deallocate()
            arenaCapacity = max(total, 2 * arenaCapacity, 4096)
            arena = .allocate(byteCount: arenaCapacity, alignment: 1)
        }
        guard let base = arena else { return }
        var offset = 0
        for (position, value) in values.enumerated() {
            let index = Int32(position + 1)
            guard case var .text(text) = value else {
                try bind(value, at: index)
                continue
            }
            let count = text.utf8.count
            text.withUTF8 { bytes in
                if let source = bytes.baseAddress, count > 0 { (base + offset).copyMemory(from: source, byteCount: count) }
            }
            try check(sqlite3_bind_text(handle, index, (base + offset).assumingMemoryBound(to: CChar.self), Int32(count), nil))
            offset += count
        }
        let rc = sqlite3_step(handle)
        guard rc == SQLITE_DONE || rc == SQLITE_ROW else { throw database.error(rc, sql: sql) }
    }

    /// The buffer `insert` binds text from (owned; freed in `deinit`).
    private var arena: UnsafeMutableRawPointer?
    private var arenaCapacity = 0

    /// Runs the statement to completion, ignoring rows.
    public func execute(_ values: [SQLValue] = []) throws(SQLiteError) {
        try reset()
        if !values.isEmpty { try bind(values) }
        while try step() {}
    }

    /// Advances one row; false when done.
    @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error(rc, sql: sql)
        }
    }

    /// Resets for the next execution and clears bindings.
    public func reset() throws(SQLiteError) {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    public func columnName(_ index: Int) -> String {
        String(cString: sqlite3_column_name(handle, Int32(index)))
    }

    /// The value of column `index` of the current row.
    public func column(_ index: Int) -> SQLValue {
        let i = Int32(index)
        switch sqlite3_column_type(handle, i) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, i))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, i))
        case SQLITE_NULL: return .null
        default:
            guard let text = sqlite3_column_text(handle, i) else { return .null }
            let count = Int(sqlite3_column_bytes(handle, i))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        }
    }

    public func string(_ index: Int) -> String? { column(index).string }
    public func int(_ index: Int) -> Int64? { column(index).int }

    /// All rows of one execution.
    public func rows(_ values: [SQLValue] = []) throws(SQLiteError) -> [[SQLValue]] {
        try reset()
        if !values.isEmpty { try bind(values) }
        var result: [[SQLValue]] = []
        let n = columnCount
        while try step() { result.append((0..<n).map(column)) }
        return result
    }

    /// Calls `body` for each row without collecting them.
    public func forEachRow(_ values: [SQLValue] = [], _ body: (Statement) throws -> Void) throws {
        try reset()
        if !values.isEmpty { try bind(values) }
        while try step() { try body(self) }
    }

    private func check(_ rc: Int32) throws(SQLiteError) {
        if rc != SQLITE_OK { throw database.error(rc, sql: sql) }
    }
}
