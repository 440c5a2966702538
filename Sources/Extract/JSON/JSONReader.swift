/// Reads records from a JSON or NDJSON file as a stream, decoding bytes straight into `RawNode`.
///
/// Foundation's `JSONSerialization` wants the whole file in memory and is too slow for exports of a
/// million tickets; this reader holds one record at a time (memory grows with the largest record,
/// not the file) and reads the source in chunks, so tokens and records may span chunk boundaries.
///
/// - Numbers stay as written (`12.50`, `1e5`, `-0`): money never goes through `Double`.
///   `true`/`false` become `.text("true")`/`.text("false")`, `null` becomes `.null`.
/// - Strings are decoded (`\uXXXX` including surrogate pairs); a lone surrogate escape becomes U+FFFD.
/// - Duplicate keys in an object: the last value wins, kept at the position where the key first
///   appeared (as JavaScript's `JSON.parse` does).
/// - `.array` and `.document` files must be one valid JSON text (RFC 8259, a leading UTF-8 BOM is
///   skipped); any syntax error, invalid UTF-8 or truncation throws `ExtractError.malformed`.
///   Records read before the error have already been handed over; the caller discards the file.
/// - `.lines`: a line that is not valid JSON or not an object is a `.reject`; reading goes on.
/// - Copies of a reader share the file and the read window: use one copy only.
public struct JSONReader: RecordReader {
    var parser: JSONParser
    private let layout: JSONLayout
    var state = State.start
    /// Give each record of an `.array` layout the members of its enclosing objects, before and after
    /// the record array (`^` the innermost, with its own `^`; `^name` the object under member `name`),
    /// for mappings such as `store_code: ^store.code`. Arrays among them are not kept. Members after
    /// the array are found by a first pass over the file (`enclosingLevels`), which only such
    /// mappings pay for.
    var keepsAncestors = false
    /// The enclosing objects' members of the whole file, from the first pass.
    var enclosingLevels: [[(key: String, value: RawNode)]]?
    /// What every record gets appended (built when entering the record array).
    var ancestorMembers: [(key: String, value: RawNode)] = []

    enum State {
        case start
        /// Inside the record array, before an element (the first one may be `]` instead).
        case beforeElement(isFirst: Bool)
        /// Inside the record array, after an element: `,` or `]` comes next.
        case afterElement
        case finished
        /// A thrown error is thrown again by every later call.
        case failed(ExtractError)
    }

    /// Prepares to read `source` laid out as `layout`; reads the first chunk.
    public init(source: ByteSource, layout: JSONLayout, keepsAncestors: Bool = false) throws(ExtractError) {
        try self.init(source: source, layout: layout, chunkSize: 256 * 1024)
        self.keepsAncestors = keepsAncestors
        if keepsAncestors, case let .array(path) = layout {
            enclosingLevels = try Self.enclosingLevels(of: source.path, path: path)
        }
    }

    /// Like `init(source:layout:)` with the size of each read from the source, so tests can make
    /// tokens and records straddle chunk boundaries.
    package init(source: ByteSource, layout: JSONLayout, chunkSize: Int) throws(ExtractError) {
        self.layout = layout
        parser = try JSONParser(source: source, chunkSize: chunkSize, stopsAtLineEnd: layout == .lines)
    }

    /// The next record or reject; nil at the end of the file.
    ///
    /// Throws `ExtractError` when the file as a whole cannot be read (syntax error outside NDJSON,
    /// truncation, I/O); after that, every call throws the same error.
    public mutating func next() throws(ExtractError) -> ReadOutcome? {
        switch state {
        case .finished: return nil
        case let .failed(error): throw error
        case .start, .beforeElement, .afterElement: break
        }
        do throws(ExtractError) {
            switch layout {
            case .document: return try nextDocument()
            case let .array(path): return try nextElement(path: path)
            case .lines: return try nextLine()
            }
        } catch {
            state = .failed(error)
            throw error
        }
    }

    /// `.document`: the whole top-level value, once.
    private mutating func nextDocument() throws(ExtractError) -> ReadOutcome? {
        _ = try parser.nextSignificantByte()
        let line = parser.line
        let node = try parser.parseValue(building: true, depth: 0)
        try parser.expectEndOfInput()
        state = .finished
        return .record(line: line, .tree(node))
    }
}
