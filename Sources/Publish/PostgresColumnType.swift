/// The PostgreSQL type of a warehouse column.
///
/// INTEGER stays a 64-bit integer (keys, counts, money in integer cents: exact), REAL becomes
/// `double precision`, TEXT stays text with the "C" collation so that ORDER BY sorts as SQLite's
/// BINARY does whatever the database's locale; a TEXT column named `date` or `..._date` holds ISO
/// dates (yyyy-mm-dd, checked before publishing) and becomes `date`. Timestamps (`..._at`,
/// `valid_from`) stay ISO 8601 text: the queries compare and print them as text on both engines.
enum PostgresColumnType: String, Sendable {
    case bigint = "bigint"
    case doublePrecision = "double precision"
    case text = "text COLLATE \"C\""
    case date = "date"

    /// The type of a column from its declared SQLite type and its name; nil for a declared type
    /// the warehouse does not use.
    static func of(column: String, declared: String) -> PostgresColumnType? {
        switch declared.uppercased() {
        case "INTEGER": return .bigint
        case "REAL": return .doublePrecision
        case "TEXT": return column == "date" || column.hasSuffix("_date") ? .date : .text
        default: return nil
        }
    }
}
