/// Where the records sit in a JSON file.
///
/// Exports wrap their records differently: a bare array, an array under an envelope object, or one
/// object per line (NDJSON). The layout tells `JSONReader` which values to hand over as records.
public enum JSONLayout: Sendable, Equatable {
    /// The records are the elements of the array reached by following `path` (member names) from
    /// the top-level value: `[]` means the top-level value is the array, `["data", "tickets"]`
    /// means `{"data": {"tickets": [...]}}`. Everything outside that array is validated, not kept.
    case array(path: [String])
    /// NDJSON: every non-blank line holds one value; a bad line is rejected, the next one read.
    case lines
    /// The whole top-level value is one record.
    case document
}
