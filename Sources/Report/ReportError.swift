import SQLiteDB

/// Why a report could not be written. Messages say what to do next; none carries customer data.
public enum ReportError: Error, CustomStringConvertible {
    /// No warehouse file at the path yet.
    case noWarehouse(path: String)
    /// The file is not a OneFace warehouse of this schema (a table the report reads is missing).
    case notAWarehouse(path: String, missing: String)
    /// The saved identity model cannot be read.
    case modelUnreadable(path: String, reason: String)
    /// A query of the report failed.
    case database(SQLiteError)
    /// The report file cannot be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .noWarehouse(path):
            return "report: no warehouse at \(path) yet; run `oneface run` first, or pass --warehouse FILE"
        case let .notAWarehouse(path, missing):
            return "report: \(path) has no table \(missing); it is not a OneFace warehouse of this version. Rebuild it with `oneface load`"
        case let .modelUnreadable(path, reason):
            return "report: the identity model \(path) cannot be read (\(reason)); run `oneface transform --retrain` to write a new one"
        case let .database(error):
            return "report: reading the warehouse failed: \(error)"
        case let .cannotWrite(path, reason):
            return "report: cannot write \(path): \(reason). Check the folder exists and is writable, or pass --out FILE"
        }
    }
}
