/// A value as a reader found it in the source, before any mapping to the canonical model.
///
/// CSV yields flat rows (`.row`), whose columns the mapping resolves by header position once per
/// file, not per row. JSON and XML yield trees (`.tree`), which the mapping walks by dotted path.
public enum RawNode: Sendable, Equatable {
    /// Text, or a JSON number/bool kept as its literal spelling (`12.50`, `true`).
    case text(String)
    case null
    /// Keys in source order. XML attributes are keyed `@name`, element text `#text`.
    case object([(key: String, value: RawNode)])
    case array([RawNode])

    public static func == (lhs: RawNode, rhs: RawNode) -> Bool {
        switch (lhs, rhs) {
        case let (.text(a), .text(b)): return a == b
        case (.null, .null): return true
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> RawNode? {
        guard case let .object(members) = self else { return nil }
        return members.first(where: { $0.key == key })?.value
    }
}

/// One record a reader yields.
public enum RawRecord: Sendable, Equatable {
    /// CSV: the fields of one row, in column order.
    case row([String])
    /// JSON / XML: one record element or object.
    case tree(RawNode)
}

/// What a reader hands over for each record: a good record or a row to quarantine.
public enum ReadOutcome: Sendable, Equatable {
    /// `line` is the 1-based line where the record starts in the file.
    case record(line: Int, RawRecord)
    /// A row that cannot be read (wrong field count, invalid encoding). The reader goes on after it.
    /// `rawText` is the row as it stood in the file (decoded leniently), for `etl_reject`.
    case reject(line: Int, reason: String, rawText: String)
}

/// A streaming reader: memory does not grow with file size.
///
/// `next()` returns nil at the end of input. It throws `ExtractError` only when the file as a
/// whole cannot be read (truncated JSON, malformed XML, I/O failure); a bad row is a `.reject`.
public protocol RecordReader {
    mutating func next() throws(ExtractError) -> ReadOutcome?
}
