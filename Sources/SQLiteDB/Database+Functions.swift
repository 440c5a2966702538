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
