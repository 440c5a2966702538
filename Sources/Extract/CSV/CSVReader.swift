/// A streaming RFC 4180 CSV reader for the German export dialects: rows as text, bad rows as rejects.
///
/// Reads the source in chunks (256 KiB), so memory does not grow with file size, and yields each row
/// as `.record(line:, .row(fields))` with the values as text, untrimmed (`01067` stays `01067`).
///
/// Rules:
/// - Quoted fields may hold delimiters, doubled quotes and line breaks; records end at LF, CRLF or a
///   lone CR. Blank lines are skipped. `line` is the physical line where a record starts.
/// - A UTF-8 byte-order mark is skipped and, whatever `options.encoding` says, means the file is
///   UTF-8: the three BOM bytes are `ï»¿` in Windows-1252, never the start of a real header, so a BOM
///   is a stronger signal than the configured code page (Excel writes "CSV UTF-8" with a BOM).
///   `encoding` tells which one was used.
/// - Header names are trimmed of surrounding whitespace; data values are not.
/// - Rejected, and reading goes on: a row whose field count differs from the header's, a row the
///   encoding cannot decode, a row longer than 16 MiB. An unterminated quoted field at the end of
///   input rejects the rest of the file as one row.
/// - Lenient where exports are sloppy: a quote inside an unquoted field is an ordinary character
///   (`5" disk`), and text after a closing quote is kept (`"ab"c` reads `abc`).
///
/// Like `ByteSource`, a reader has reference semantics for its input: copies share one position.
public struct CSVReader: RecordReader {
    /// Column names: the trimmed header row, or "1", "2", ... when the file has no header.
    public private(set) var header: [String]
    /// The delimiter in use: the configured one, or the one detected from the first line.
    public let delimiter: UInt8
    /// The encoding in use: the configured one, or UTF-8 when the file starts with a byte-order mark.
    public let encoding: TextEncoding

    private let scanner: CSVScanner
    /// Without a header the first row is read in `init` to count the columns; it is handed out first.
    private var pendingFirstRow: ReadOutcome?

    /// Opens a CSV stream over `source` and reads its header (or, without one, its first row).
    ///
    /// Throws when the header row itself is unusable (undecodable, unterminated, over-long) or the
    /// options are contradictory. An empty file has an empty header and no records.
    public init(source: ByteSource, options: CSVOptions) throws(ExtractError) {
        try self.init(source: source, options: options, chunkSize: 256 * 1024, maxRecordBytes: 16 * 1024 * 1024)
    }

    /// As `init(source:options:)`, with the chunk size and row-size limit open for tests.
    package init(source: ByteSource, options: CSVOptions, chunkSize: Int, maxRecordBytes: Int) throws(ExtractError) {
        let file = source.path
        let lineBreaks: [UInt8] = [0x0A, 0x0D]
        if lineBreaks.contains(options.quote) || options.delimiter.map(lineBreaks.contains) == true {
            throw .header(file: file, reason: "the CSV dialect uses a line break as delimiter or quote; fix the source dialect")
        }
        let scanner = CSVScanner(source: source, quote: options.quote, encoding: options.encoding,
                                 chunkSize: chunkSize, maxRecordBytes: maxRecordBytes)
        if try scanner.skipByteOrderMark() {
            scanner.encoding = .utf8
        }
        let separatorLine = try scanner.skipSeparatorLine()
        if let delimiter = options.delimiter {
            scanner.delimiter = delimiter
        } else if let separatorLine {
            scanner.delimiter = separatorLine
        } else {
            scanner.delimiter = try Self.detectDelimiter(scanner: scanner, quote: options.quote)
        }
        if scanner.delimiter == options.quote {
            throw .header(file: file, reason: "the CSV dialect uses the same character as delimiter and quote; fix the source dialect")
        }
        self.scanner = scanner
        delimiter = scanner.delimiter
        encoding = scanner.encoding
        header = []

        if options.hasHeader {
            header = try readHeader(file: file)
        } else if let first = try scanner.nextRecord() {
            let columns: Int
            switch first {
            case .row: columns = scanner.fields.count
            case let .undecodable(_, fieldCount), let .wrongFieldCount(_, fieldCount): columns = fieldCount
            case .unterminated, .tooLong: columns = 0
            }
            header = (0..<columns).map { String($0 + 1) }
            pendingFirstRow = outcome(of: first)
        }
        scanner.expectedFieldCount = header.count
    }

    /// The exact text of the row `next()` returned last (decoded in the file's encoding, line breaks
    /// inside quoted fields included, the row's own line break not), for `etl_reject.raw_text`.
    /// Valid until the next call to `next()`.
    public func lastRecordText() -> String { scanner.lastRecordText() }

    /// The next row or reject; nil at the end of input.
    public mutating func next() throws(ExtractError) -> ReadOutcome? {
        if let pending = pendingFirstRow {
            pendingFirstRow = nil
            return pending
        }
        guard let scanned = try scanner.nextRecord() else { return nil }
        if case let .row(line) = scanned { return .record(line: line, .row(scanner.fields)) }  // the common case first
        return outcome(of: scanned)
    }

    private func outcome(of scanned: ScannedRecord) -> ReadOutcome {
        switch scanned {
        case let .row(line):
            return .record(line: line, .row(scanner.fields))
        case let .wrongFieldCount(line, found):
            return .reject(line: line, reason: "expected \(header.count) fields, found \(found)",
                           rawText: scanner.lastRecordText())
        case let .undecodable(line, _):
            return .reject(line: line, reason: encoding.invalidReason, rawText: scanner.lastRecordText())
        case let .unterminated(line, rawText):
            return .reject(line: line, reason: "unterminated quoted field", rawText: rawText)
        case let .tooLong(line, rawPrefix):
            return .reject(line: line, reason: "row longer than \(Self.describeSize(scanner.maxRecordBytes))",
                           rawText: rawPrefix)
        }
    }

    private func readHeader(file: String) throws(ExtractError) -> [String] {
        guard let first = try scanner.nextRecord() else { return [] }
        switch first {
        case .row:
            return scanner.fields.map(Self.trimmed)
        case .wrongFieldCount:
            preconditionFailure("no field count is expected before the header is read")
        case let .undecodable(line, _):
            throw .header(file: file, reason: "the header row (line \(line)) is not valid \(encoding.rawValue); check the encoding in the source dialect")
        case let .unterminated(line, _):
            throw .malformed(file: file, line: line, column: 1, reason: "the header row has an unterminated quoted field")
        case let .tooLong(line, _):
            throw .header(file: file, reason: "the header row (line \(line)) is longer than \(Self.describeSize(scanner.maxRecordBytes))")
        }
    }

    private static func detectDelimiter(scanner: CSVScanner, quote: UInt8) throws(ExtractError) -> UInt8 {
        while true {
            // Past the row-size limit the line is cut off and judged on what was read.
            let isComplete = scanner.isAtEndOfInput || scanner.unconsumedCount >= scanner.maxRecordBytes
            let detection = scanner.withUnconsumedBytes {
                detectDelimiter(in: $0, quote: quote, isComplete: isComplete)
            }
            if case let .found(delimiter) = detection { return delimiter }
            try scanner.fill()
        }
    }

    /// Header names lose surrounding spaces, tabs and line breaks (Unicode whitespace included).
    private static func trimmed(_ name: String) -> String {
        let scalars = name.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }

    private static func describeSize(_ bytes: Int) -> String {
        bytes % (1024 * 1024) == 0 ? "\(bytes / (1024 * 1024)) MiB" : "\(bytes) bytes"
    }
}
