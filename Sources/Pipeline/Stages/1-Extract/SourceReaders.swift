import Extract
import PipelineCore

/// Opens the right streaming reader for a source's format and binds the mapping to the file.
enum SourceReaders {
    /// A reader positioned at the first record, and the mapper bound to this file's header.
    static func open(_ source: SourceConfig, path: String, mapper: RecordMapper) throws(ExtractError) -> (reader: any RecordReader, mapper: RecordMapper, delimiter: UInt8) {
        try open(source, bytes: try ByteSource(path: path), mapper: mapper)
    }

    /// Like `open(_:path:mapper:)` on an opened file (whose `position` tells the progress).
    static func open(_ source: SourceConfig, bytes: ByteSource, mapper: RecordMapper) throws(ExtractError) -> (reader: any RecordReader, mapper: RecordMapper, delimiter: UInt8) {
        let path = bytes.path
        try refuseWideUnicode(source, path: path)
        var mapper = mapper
        switch source.format {
        case .csv:
            let options = CSVOptions(delimiter: source.dialect.delimiter, quote: source.dialect.quote,
                                     encoding: TextEncoding(rawValue: source.dialect.encoding) ?? .utf8,
                                     hasHeader: source.dialect.hasHeader)
            let reader = try CSVReader(source: bytes, options: options)
            try mapper.bind(header: reader.header, file: path)
            return (reader, mapper, reader.delimiter)
        case .json:
            return (try JSONReader(source: bytes, layout: .array(path: source.dialect.recordPath), keepsAncestors: readsAncestors(source)),
                    mapper, 0x2C)
        case .ndjson:
            return (try JSONReader(source: bytes, layout: .lines), mapper, 0x2C)
        case .xml:
            return (try XMLRecordReader(source: bytes, recordPath: source.dialect.recordElement, keepsAncestors: readsAncestors(source)),
                    mapper, 0x2C)
        }
    }

    /// A CSV or JSON export in UTF-16 or UTF-32 (Excel's "Unicode text", PowerShell's default)
    /// fails as a whole with what it is, instead of every row rejected as unreadable. XML is left to
    /// libxml2, which reads UTF-16 by its byte-order mark and declaration.
    static func refuseWideUnicode(_ source: SourceConfig, path: String) throws(ExtractError) {
        guard source.format != .xml else { return }
        let probe = try ByteSource(path: path)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4, alignment: 1)
        defer { buffer.deallocate() }
        var count = 0
        while count < 4 {
            let read = try probe.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[count...]))
            if read == 0 { break }
            count += read
        }
        guard let found = TextEncoding.wideUnicode(startingWith: Array(buffer[..<count])) else { return }
        throw .malformed(file: path, line: 1, column: 1, reason: "the file is \(found), which dialect.encoding "
                         + "\(source.dialect.encoding) cannot read; export it as UTF-8 (or windows-1252) and deliver it again")
    }

    /// Ancestors (`^branch.@code`, `^store.code`) only when a mapping reads them: they cost a copy per record.
    static func readsAncestors(_ source: SourceConfig) -> Bool {
        source.fields.contains { ([$0.from] + $0.alternatives).contains { $0.hasPrefix("^") } }
    }

    /// What the bytes said against the dialect, for the file's record and the log: a CSV declared
    /// as a code page that starts with a UTF-8 byte-order mark is read as UTF-8 (the BOM cannot
    /// start a real header), and that is said, not done silently.
    /// Elements that look like records but are not on the record path (after the file is read):
    /// with their count against the records read, for the file's message.
    static func strayNote(_ source: SourceConfig, reader: any RecordReader) -> (count: Int, message: String)? {
        guard let xml = reader as? XMLRecordReader, let stray = xml.strayRecords else { return nil }
        return (stray.count, "\(stray.count) <\(stray.name)> element(s) outside record_element `\(source.dialect.recordElement.joined(separator: "/"))` "
            + "were not read (the first at line \(stray.firstLine)); check the element names' case and their nesting")
    }

    static func encodingNote(_ source: SourceConfig, reader: any RecordReader) -> String? {
        guard let csv = reader as? CSVReader, let declared = TextEncoding(rawValue: source.dialect.encoding),
              csv.encoding != declared else { return nil }
        return "read as \(csv.encoding.rawValue): the file starts with a UTF-8 byte-order mark although dialect.encoding "
            + "is \(declared.rawValue); set `encoding: utf-8` for this source if the export is UTF-8 now"
    }
}
