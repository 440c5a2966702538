import CSQLite

/// A deterministic scalar SQL function implemented in Swift.
public typealias SQLFunction = ([SQLValue]) -> SQLValue

private final class FunctionBox {
    let body: SQLFunction
    init(_ body: @escaping SQLFunction) { self.body = body }
}

extension Database {
    /// Registers `name(arg, ...)` for this connection, marked deterministic so SQLite may use it
    /// in indexes and constant folding.
    public func createFunction(_ name: String, argumentCount: Int32, _ body: @escaping SQLFunction) throws(SQLiteError) {
        let box = Unmanaged.passRetained(FunctionBox(body)).toOpaque()
        let rc = sqlite3_create_function_v2(
            handle, name, argumentCount, SQLITE_UTF8 | SQLITE_DETERMINISTIC, box,
            { context, count, arguments in
                let box = Unmanaged<FunctionBox>.fromOpaque(sqlite3_user_data(context)).takeUnretainedValue()
                var values: [SQLValue] = []
                for i in 0..<Int(count) {
                    let value = arguments![i]
                    switch sqlite3_value_type(value) {
                    case SQLITE_INTEGER: values.append(.integer(sqlite3_value_int64(value)))
                    case SQLITE_FLOAT: values.append(.real(sqlite3_value_double(value)))
                    case SQLITE_NULL: values.append(.null)
                    default:
                        let text = sqlite3_value_text(value)
                        let length = Int(sqlite3_value_bytes(value))
                        values.append(text.map { .text(String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)) } ?? .null)
                    }
                }
                switch box.body(values) {
                case .null: sqlite3_result_null(context)
                case let .integer(v): sqlite3_result_int64(context, v)
                case let .real(v): sqlite3_result_double(context, v)
                case let .text(v): sqlite3_result_text(context, v, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
                }
            },
            nil, nil,
            { pointer in if let pointer { Unmanaged<FunctionBox>.fromOpaque(pointer).release() } })
        if rc != SQLITE_OK { throw error(rc) }
    }
}

extension Database {
    /// Registers `name(a, b, …)`: a 62-bit hash of its arguments' text (FNV-1a over their UTF-8
    /// bytes, each followed by 0x1F, then the splitmix64 finaliser), positive and the same on every
    /// machine; NULL when an argument is NULL. Read straight from SQLite's bytes: no string is made
    /// per call, so keying a few million rows costs a few hundred milliseconds.
    public func createKeyHashFunction(_ name: String) throws(SQLiteError) {
        let rc = sqlite3_create_function_v2(
            handle, name, -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nil,
            { context, count, arguments in
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                for i in 0..<Int(count) {
                    let value = arguments![i]
                    guard sqlite3_value_type(value) != SQLITE_NULL, let text = sqlite3_value_text(value) else {
                        sqlite3_result_null(context)
                        return
                    }
                    let length = Int(sqlite3_value_bytes(value))
                    for byte in UnsafeBufferPointer(start: text, count: length) {
                        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
                    }
                    hash = (hash ^ 0x1F) &* 0x0000_0100_0000_01b3
                }
                hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
                hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
                hash ^= hash >> 31
                sqlite3_result_int64(context, Int64(hash >> 2))
            },
            nil, nil, nil)
        if rc != SQLITE_OK { throw error(rc) }
    }
}
