import SQLiteDB

/// Why the staging database could not be opened, upgraded or read.
public enum StagingError: Error, CustomStringConvertible {
    /// There is no staging database yet where a read-only command expects one.
    case missing(path: String)
    /// A migration of the staging schema failed; nothing of it was applied.
    case migration(version: Int, path: String, SQLiteError)
    /// Staging holds identity tables an older OneFace wrote, which the load cannot read.
    case staleTransform(String)
    /// The staging file is damaged (or not a SQLite database at all).
    case damaged(path: String, SQLiteError)

    public var description: String {
        switch self {
        case let .missing(path):
            return "no staging database at \(path) yet; run `oneface extract` first"
        case let .migration(version, path, error):
            return "cannot upgrade the staging database \(path) to schema version \(version): \(error). "
                + "Nothing was changed; check the file is writable and not damaged (`sqlite3 \(path) 'PRAGMA integrity_check'`)"
        case let .staleTransform(what):
            return "\(what); run `oneface transform` (or `oneface run`) before loading"
        case let .damaged(path, error):
            return "the staging database \(path) is damaged (\(error.message)). To rebuild it, move it aside and rerun "
                + "`oneface run --force`: every export still in the input folder is staged again and customer ids are derived "
                + "again from each customer's earliest record (mostly the same ids). Lost with the file: the history of ids "
                + "(merges, splits), the kept versions of customers whose exports are gone, and the erasure tombstones — "
                + "run `oneface forget` again for every person erased before, before the next load"
        }
    }
}
