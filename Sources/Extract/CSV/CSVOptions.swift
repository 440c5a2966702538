/// The dialect of one CSV export: delimiter, quote, encoding and whether a header row comes first.
///
/// German exports differ from RFC 4180 mostly in the delimiter (`;`, because `,` is the decimal
/// separator) and the encoding (Windows-1252 from Excel); the quoting rules are the same.
public struct CSVOptions: Sendable, Equatable {
    /// The field delimiter; nil detects one of `,` `;` TAB `|` from the first line (outside quotes).
    public var delimiter: UInt8?
    /// The quote character, usually `"`; a doubled quote inside a quoted field is one quote.
    public var quote: UInt8 = 0x22
    /// How the file's bytes are decoded. A UTF-8 byte-order mark overrides it (see `CSVReader`).
    public var encoding: TextEncoding = .utf8
    /// Whether the first row names the columns; without it they are named "1", "2", ... by position.
    public var hasHeader: Bool = true

    /// Options for one source; the defaults are RFC 4180 with a header and auto-detected delimiter.
    public init(delimiter: UInt8? = nil, quote: UInt8 = 0x22, encoding: TextEncoding = .utf8, hasHeader: Bool = true) {
        self.delimiter = delimiter
        self.quote = quote
        self.encoding = encoding
        self.hasHeader = hasHeader
    }
}
