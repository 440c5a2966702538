import SQLiteDB

/// Why the staging database could not be opened, upgraded or read.
public enum StagingError: Error, CustomStringConvertible {
    /// There is no staging database yet where a read-only command expects one.
    case missing(path: String)
    /// A migration of the staging schema failed; nothing of it was applied.
    case migration(version: Int, path: String, SQLiteError)
    /// Staging holds identity tables an older OneFace wrote, which the load cannot read.
    case staleTransform(String)

    public var description: String {
        switch self {
        case let .missing(path):
            return "no staging database at \(path) yet; run `oneface extract` first"
        case let .migration(version, path, error):
            return "cannot upgrade the staging database \(path) to schema version \(version): \(error). "
                + "Nothing was changed; check the file is writable and not damaged (`sqlite3 \(path) 'PRAGMA integrity_check'`)"
        case let .staleTransform(what):
            return "\(what); run `oneface transform` (or `oneface run`) before loading"
        }
    }
}
