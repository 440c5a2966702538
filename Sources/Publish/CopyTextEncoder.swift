import PostgresNIO
import SQLiteDB

/// Rows in COPY's text format (https://www.postgresql.org/docs/15/sql-copy.html#id-1.9.3.55.9.2):
/// tab between values, newline after each row, `\N` for NULL, and backslash, tab, newline and
/// carriage return escaped. Integers as decimal digits, reals in Swift's shortest round-trip form
/// (PostgreSQL reads them back to the same double).
enum CopyTextEncoder {
    static func append(_ value: SQLValue, to buffer: inout ByteBuffer) {
        switch value {
        case .null:
            buffer.writeStaticString("\\N")
        case let .integer(number):
            buffer.writeString(String(number))
        case let .real(number):
            buffer.writeString(number.isFinite ? "\(number)" : (number.isNaN ? "NaN" : (number > 0 ? "Infinity" : "-Infinity")))
        case let .text(text):
            appendText(text, to: &buffer)
        }
    }

    static func appendText(_ text: String, to buffer: inout ByteBuffer) {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) else {
            buffer.writeString(text)
            return
        }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
            case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
            case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
            default: buffer.writeInteger(byte)
            }
        }
    }

    /// One row of `statement`'s current result, `columns` values.
    static func appendRow(_ statement: Statement, columns: Int, to buffer: inout ByteBuffer) {
        for index in 0..<columns {
            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            append(statement.column(index), to: &buffer)
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }
}
