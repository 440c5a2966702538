import Extract
import PipelineCore

/// Opens the right streaming reader for a source's format and binds the mapping to the file.
enum SourceReaders {
    /// A reader positioned at the first record, and the mapper bound to this file's header.
    static func open(_ source: SourceConfig, path: String, mapper: RecordMapper) throws(ExtractError) -> (reader: any RecordReader, mapper: RecordMapper, delimiter: UInt8) {
        let bytes = try ByteSource(path: path)
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
            return (try JSONReader(source: bytes, layout: .array(path: source.dialect.recordPath)), mapper, 0x2C)
        case .ndjson:
            return (try JSONReader(source: bytes, layout: .lines), mapper, 0x2C)
        case .xml:
            return (try XMLRecordReader(source: bytes, recordPath: source.dialect.recordElement), mapper, 0x2C)
        }
    }
}
