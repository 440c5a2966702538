/// Reads an XML export one record element at a time, with libxml2, safe against XML attacks.
///
/// `recordPath` names the elements from the root to the record element by LOCAL name, e.g.
/// `["export", "transactions", "transaction"]`; namespace prefixes and URIs are ignored for
/// matching (a `prefix:` written in a component is dropped). Each record element becomes
/// `.record(line:, .tree(node))`, `line` being the line of its start tag's `<`. The node:
/// - attributes as `"@name"` → `.text(value)`, child elements by local name in document order;
/// - a child name that occurs more than once becomes one `.array` of its values; once, the value
///   itself (the mapping layer treats a single value and a one-element array alike);
/// - an element with neither attributes nor child elements → `.text(content)`: entities decoded,
///   CDATA included, whitespace as is; empty → `.text("")`;
/// - with attributes or children, non-whitespace text becomes a `"#text"` member (whitespace-only
///   text between children is dropped).
/// Elements outside record elements are walked past, not kept: memory is bounded by the largest
/// record, whatever the file size. `.gz` files work through `ByteSource`.
///
/// Any document type declaration is refused (`.malformed`, "document type declarations (DTD) are
/// not accepted"): a POS export never needs one, and DTDs carry the entity-expansion and
/// external-entity attacks. No network access, no entity substitution. A document that is not
/// well-formed XML throws `.malformed` with libxml2's position and message (document content
/// replaced by "…"); records before the error may already have been returned. An undeclared
/// namespace prefix is tolerated. A root element other than `recordPath[0]` throws `.header`.
///
/// With `keepsAncestors`, each record also carries the attributes of the elements above it on the
/// record path: `^` is the parent (`^.@code`, and `^.^` its parent), `^name` the nearest ancestor
/// named `name` (`^branch.@code` for the `<branch code="B1">` around a `<transaction>`).
public struct XMLRecordReader: RecordReader {
    private let source: ByteSource
    private let parser: LibXMLPushParser
    private var isFinished = false
    private var failure: ExtractError?

    /// Prepares to read `source`; nothing is read until the first `next()`.
    ///
    /// `recordPath` must hold at least the root element's name (the pipeline config checks this).
    public init(source: ByteSource, recordPath: [String], keepsAncestors: Bool = false) throws(ExtractError) {
        self.source = source
        parser = try LibXMLPushParser(file: source.path, recordPath: recordPath, keepsAncestors: keepsAncestors)
    }

    /// Elements so far that carry the record element's name (in any case) but are not on the record
    /// path: how many, and the first one's line and name as written. nil when there are none.
    public var strayRecords: (count: Int, firstLine: Int, name: String)? {
        guard let first = parser.builder.firstStray else { return nil }
        return (parser.builder.strays, first.line, first.name)
    }

    /// The record `next()` returned last exactly as it stood in the file, from its start tag's `<`
    /// to its end tag's `>` (or `/>`), decoded to text, for `etl_reject.raw_text`.
    ///
    /// Only the bytes from the open record's start are kept, so this is available until the
    /// following `next()`. nil when the record is longer than `XMLTreeBuilder.maximumRecordBytes`
    /// in the file, or in an encoding whose byte positions are not tracked (see
    /// `LibXMLPushParser.rawText(of:)`); the caller then falls back to the record as JSON.
    public func lastRecordText() -> String? {
        parser.builder.lastRange.flatMap { parser.rawText(of: $0) }
    }

    /// The next record, or nil at the end of the file. After an error, every call throws it again.
    public mutating func next() throws(ExtractError) -> ReadOutcome? {
        while true {
            if let record = parser.builder.popCompleted() { return record }
            if let failure { throw failure }
            if isFinished { return nil }
            do {
                isFinished = try !parser.parseNextChunk(from: source)
            } catch {
                failure = error
            }
        }
    }
}
