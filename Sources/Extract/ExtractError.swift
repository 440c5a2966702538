/// Why a file could not be read as a whole. Row-level problems are `ReadOutcome.reject`, not errors.
///
/// Messages name the file and position and say what to do; they never quote customer data.
public enum ExtractError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(file: String, reason: String)
    case io(file: String, reason: String)
    /// The file is not valid in its format at `line`/`column` (1-based; byte column).
    case malformed(file: String, line: Int, column: Int, reason: String)
    /// The CSV header is missing a column the mapping needs, or the header itself is unusable.
    case header(file: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotOpen(file, reason):
            return "\(file): cannot open (\(reason)). Check the path and permissions, then rerun `oneface extract`."
        case let .io(file, reason):
            return "\(file): read failed (\(reason)). Check the disk and the file, then rerun `oneface extract`."
        case let .malformed(file, line, column, reason):
            return "\(file) line \(line), column \(column): \(reason). Nothing from this file was staged; fix the export and rerun `oneface extract`."
        case let .header(file, reason):
            return "\(file): \(reason). Fix the export or the source mapping in the pipeline file."
        }
    }

    /// The file the error is about.
    public var file: String {
        switch self {
        case let .cannotOpen(file, _), let .io(file, _), let .malformed(file, _, _, _), let .header(file, _):
            return file
        }
    }
}
