#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One record as the scanner found it.
enum ScannedRecord {
    /// A well-formed record; its fields are in `CSVScanner.fields`.
    case row(line: Int)
    /// A record with another field count than `CSVScanner.expectedFieldCount`; not decoded.
    case wrongFieldCount(line: Int, found: Int)
    /// A record with bytes the encoding cannot decode; `fieldCount` fields were found.
    case undecodable(line: Int, fieldCount: Int)
    /// A quoted field still open at the end of input; the record is the rest of the file.
    case unterminated(line: Int, rawText: String)
    /// A record longer than `maxRecordBytes`; it was skipped without being held in memory.
    case tooLong(line: Int, rawPrefix: String)
}

/// The byte-level CSV engine behind `CSVReader`: a refillable buffer and an RFC 4180 record scanner.
///
/// Memory is one buffer of `chunkSize` bytes that grows (doubling) only while a single record does
/// not fit, up to `maxRecordBytes + chunkSize`. A record cut by the end of the buffer is scanned
/// again from its start after the next read; with 256 KiB chunks that is one short rescan per chunk.
///
/// Each record takes two passes. The first finds where the record and its fields end (eight bytes
/// at a time) and writes the field spans to a reused buffer, without allocating; only a complete
/// record with the right field count gets the second, which validates the encoding once for the
/// whole record and builds one `String` per field (or takes it from `CSVFieldPool`). The unsafe
/// pointer work of the CSV reader lives in this file and in `CSVFieldPool`.
///
/// A class, not a struct: it owns the buffers' memory and frees it in `deinit`.
final class CSVScanner {
    let source: ByteSource
    var delimiter: UInt8 = 0x2C
    let quote: UInt8
    var encoding: TextEncoding
    let chunkSize: Int
    let maxRecordBytes: Int
    /// Records with another field count are reported as `.wrongFieldCount` without being decoded.
    var expectedFieldCount: Int?

    /// The fields of the last `.row`.
    private(set) var fields: [String] = []

    /// `capacity` bytes of input plus `slack` zeroed bytes that word-at-a-time reads may touch.
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private static let slack = 16
    /// Unconsumed input is `buffer[start..<end]`.
    private var start = 0
    private var end = 0
    private(set) var isAtEndOfInput = false
    /// The physical line (1-based) on which the next record starts.
    private var line = 1
    /// Set when a skipped record ended in CR at the end of a chunk: an LF right after belongs to it.
    private var skipsLeadingLF = false
    /// Bytes of the last record scanned (without its terminator), for rejects.
    private var lastRecord = 0..<0

    /// Field spans of the record being scanned, three `Int`s per field: start, end, and 1 when the
    /// span is raw quoted text still to be unescaped (doubled quotes, text after the closing quote).
    private var spans: UnsafeMutablePointer<Int>
    private var spanCapacity = 64
    /// Strings of repeating short values, per column.
    private let pool = CSVFieldPool()
    /// Unescaped bytes of the field being decoded.
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity = 256

    private static let lineFeed: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D

    init(source: ByteSource, quote: UInt8, encoding: TextEncoding, chunkSize: Int, maxRecordBytes: Int) {
        self.source = source
        self.quote = quote
        self.encoding = encoding
        self.chunkSize = max(chunkSize, 1)
        self.maxRecordBytes = max(maxRecordBytes, 1)
        capacity = self.chunkSize
        buffer = Self.allocateBuffer(capacity: capacity)
        spans = .allocate(capacity: spanCapacity * 3)
        scratch = .allocate(capacity: scratchCapacity)
    }

    deinit {
        buffer.deallocate()
        spans.deallocate()
        scratch.deallocate()
    }

    // MARK: Input

    /// Moves unconsumed bytes to the front, grows the buffer if they fill most of it, and reads more.
    /// Returns false when nothing more could be read (end of input).
    @discardableResult
    func fill() throws(ExtractError) -> Bool {
        if isAtEndOfInput { return false }
        let pending = end - start
        if start > 0 {
            if pending > 0 { memmove(buffer, buffer + start, pending) }
            lastRecord = 0..<0
            start = 0
            end = pending
        }
        if capacity - end < max(chunkSize / 2, 1) {
            let grown = max(min(capacity * 2, maxRecordBytes + chunkSize), end + chunkSize)
            let larger = Self.allocateBuffer(capacity: grown)
            larger.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = larger
            capacity = grown
        }
        // Read until the buffer is full: a short read (pipe, gzip block) must not cause a rescan per read.
        let before = end
        while end < capacity {
            let count = try source.read(into: UnsafeMutableRawBufferPointer(start: buffer + end, count: capacity - end))
            if count == 0 {
                isAtEndOfInput = true
                break
            }
            end += count
        }
        return end > before
    }

    /// A zeroed input buffer of `capacity` bytes plus `slack`: every byte is initialised, so reading a
    /// few bytes past the input is defined (and masked off by the reader).
    private static func allocateBuffer(capacity: Int) -> UnsafeMutablePointer<UInt8> {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity + slack)
        buffer.initialize(repeating: 0, count: capacity + slack)
        return buffer
    }

    /// Skips a UTF-8 byte-order mark at the start of input; returns whether there was one.
    func skipByteOrderMark() throws(ExtractError) -> Bool {
        while end - start < 3, try fill() {}
        guard end - start >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB, buffer[start + 2] == 0xBF else {
            return false
        }
        start += 3
        return true
    }

    /// Skips Excel's `sep=;` line (the delimiter written before the header, so that Excel opens the
    /// file right in any locale) and returns its delimiter; nil when the input does not start so.
    func skipSeparatorLine() throws(ExtractError) -> UInt8? {
        while end - start < 7, try fill() {}
        let count = end - start
        guard count >= 5, buffer[start] | 0x20 == UInt8(ascii: "s"), buffer[start + 1] | 0x20 == UInt8(ascii: "e"),
              buffer[start + 2] | 0x20 == UInt8(ascii: "p"), buffer[start + 3] == UInt8(ascii: "=") else { return nil }
        let delimiter = buffer[start + 4]
        guard delimiter != 0x0A, delimiter != 0x0D else { return nil }
        var length = 5
        if length < count, buffer[start + length] == 0x0D { length += 1 }
        if length < count, buffer[start + length] == 0x0A { length += 1 }
        guard length == count || length > 5 else { return nil }
        start += length
        line += 1
        return delimiter
    }

    /// Calls `body` with the unconsumed input; `fill()` extends it.
    func withUnconsumedBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        body(UnsafeBufferPointer(start: buffer + start, count: end - start))
    }

    /// The number of unconsumed bytes in the buffer.
    var unconsumedCount: Int { end - start }

    /// The last scanned record as it stood in the file, decoded leniently. Valid until the next read.
    func lastRecordText() -> String {
        encoding.decodeLeniently(UnsafeBufferPointer(start: buffer + lastRecord.lowerBound, count: lastRecord.count))
    }

    // MARK: Records

    /// Reads the next record, skipping blank lines; nil at the end of input.
    func nextRecord() throws(ExtractError) -> ScannedRecord? {
        while true {
            if skipsLeadingLF {
                if start == end { try fill() }
                if start < end && buffer[start] == Self.lineFeed { start += 1 }
                skipsLeadingLF = false
            }
            switch scanRecord() {
            case .endOfInput:
                return nil
            case let .blank(next):
                line += 1
                start = next
            case .needMore:
                if end - start >= maxRecordBytes { return try skipOverlongRecord() }
                try fill()
            case .unterminated:
                let recordLine = line
                lastRecord = start..<end
                let rawText = lastRecordText()
                start = end
                return .unterminated(line: recordLine, rawText: rawText)
            case let .record(next, contentEnd, newlines, fieldCount, isASCII):
                let recordLine = line
                line += newlines
                lastRecord = start..<contentEnd
                start = next  // the bytes stay in the buffer until the next fill()
                if let expected = expectedFieldCount, expected != fieldCount {
                    return .wrongFieldCount(line: recordLine, found: fieldCount)
                }
                return decodeFields(count: fieldCount, isASCII: isASCII) ? .row(line: recordLine) : .undecodable(line: recordLine, fieldCount: fieldCount)
            }
        }
    }

    private enum Step {
        case endOfInput
        case blank(next: Int)
        case needMore
        case unterminated
        case record(next: Int, contentEnd: Int, newlines: Int, fieldCount: Int, isASCII: Bool)
    }

    /// First pass: finds the end of the record at `start` and its field spans, counting line breaks.
    ///
    /// The hot loop of the nightly run: locals only, no allocation, eight bytes at a time between
    /// delimiters. Reports `.needMore` instead of guessing when the buffer ends before the record does.
    private func scanRecord() -> Step {
        let p = buffer
        let limit = end
        let atEnd = isAtEndOfInput
        let delimiter = self.delimiter
        let quote = self.quote
        let lf = Self.lineFeed
        let cr = Self.carriageReturn

        var i = start
        if i == limit { return atEnd ? .endOfInput : .needMore }
        let first = p[i]
        if first == lf { return .blank(next: i + 1) }
        if first == cr {
            if i + 1 < limit { return .blank(next: p[i + 1] == lf ? i + 2 : i + 1) }
            return atEnd ? .blank(next: i + 1) : .needMore
        }

        var spans = self.spans
        var spanLimit = spanCapacity * 3
        var spanIndex = 0
        var newlines = 0
        // Every byte of the record passes through `find`, which ORs what it reads in here: no high bit
        // means the record is ASCII and needs no UTF-8 validation. (It may also see a few bytes past
        // the record; that can only cost a validation, never skip one.)
        var seen: UInt64 = 0

        while true {
            // At the start of a field.
            if spanIndex == spanLimit {
                growSpans()
                spans = self.spans
                spanLimit = spanCapacity * 3
            }
            if i < limit && p[i] == quote {
                let contentStart = i + 1
                var j = contentStart
                var needsUnescape = false
                while true {
                    j = Self.find(quote, lf, cr, in: p, from: j, limit: limit, seen: &seen)
                    if j >= limit { return atEnd ? .unterminated : .needMore }
                    let byte = p[j]
                    if byte == quote {
                        if j + 1 < limit {
                            if p[j + 1] != quote { break }  // the closing quote
                            needsUnescape = true  // a doubled quote
                            j += 2
                            continue
                        }
                        if atEnd { break }
                        return .needMore  // cannot tell a closing quote from a doubled one yet
                    }
                    // Line breaks inside quotes are physical lines too (CRLF counts once).
                    if byte == cr || (byte == lf && p[j - 1] != cr) { newlines += 1 }
                    j += 1
                }
                let contentEnd = j
                i = j + 1
                if i < limit, p[i] != delimiter, p[i] != lf, p[i] != cr {
                    // Text after the closing quote (`"ab"c`) is invalid RFC 4180. Lenient, like Excel and
                    // Python's csv: it is kept, so the value is `abc`.
                    needsUnescape = true
                    i = Self.find(delimiter, lf, cr, in: p, from: i, limit: limit, seen: &seen)
                }
                spans[spanIndex] = contentStart
                spans[spanIndex + 1] = needsUnescape ? i : contentEnd
                spans[spanIndex + 2] = needsUnescape ? 1 : 0
            } else {
                // Unquoted. A quote inside it is kept as an ordinary character (lenient: `5" disk`).
                let j = Self.find(delimiter, lf, cr, in: p, from: i, limit: limit, seen: &seen)
                spans[spanIndex] = i
                spans[spanIndex + 1] = j
                spans[spanIndex + 2] = 0
                i = j
            }
            spanIndex += 3

            // After a field: a delimiter, a line end, or the end of the buffer.
            if i < limit {
                let byte = p[i]
                if byte == delimiter {
                    i += 1
                    continue
                }
                if byte == lf {
                    return .record(next: i + 1, contentEnd: i, newlines: newlines + 1, fieldCount: spanIndex / 3, isASCII: seen & Self.highBits == 0)
                }
                // CR, alone or as CRLF.
                if i + 1 < limit {
                    let next = p[i + 1] == lf ? i + 2 : i + 1
                    return .record(next: next, contentEnd: i, newlines: newlines + 1, fieldCount: spanIndex / 3, isASCII: seen & Self.highBits == 0)
                }
                if atEnd {
                    return .record(next: i + 1, contentEnd: i, newlines: newlines + 1, fieldCount: spanIndex / 3, isASCII: seen & Self.highBits == 0)
                }
                return .needMore
            }
            if atEnd {
                return .record(next: i, contentEnd: i, newlines: newlines, fieldCount: spanIndex / 3, isASCII: seen & Self.highBits == 0)
            }
            return .needMore
        }
    }

    /// Second pass: builds `fields` from the spans of the record in `lastRecord`. Returns false when
    /// the record is not valid in the encoding.
    ///
    /// Checks the whole record once: for UTF-8 a valid record has valid fields, since fields are split
    /// only at ASCII bytes; for the single-byte encodings a pure ASCII record needs no transcoding.
    private func decodeFields(count: Int, isASCII: Bool) -> Bool {
        let record = UnsafeBufferPointer(start: buffer + lastRecord.lowerBound, count: lastRecord.count)
        let encoding = self.encoding
        // The record's bytes are UTF-8 as they are (ASCII, or validated UTF-8), or need transcoding.
        let isUTF8: Bool
        if isASCII {
            isUTF8 = true
        } else if encoding == .utf8 {
            guard TextDecoding.isValidUTF8(record) else { return false }
            isUTF8 = true
        } else {
            isUTF8 = TextDecoding.isASCII(record)
        }
        let p = buffer
        // Take the array out of the property and overwrite its elements in place: when the caller has
        // let go of the previous row (the streaming case) its storage is reused without a new
        // allocation, and each old value is released by the assignment that replaces it. (Still
        // correct when the caller kept the row: the first write copies the storage.)
        var row: [String] = []
        swap(&row, &fields)
        defer { swap(&row, &fields) }
        if row.count != count {
            row.removeAll(keepingCapacity: true)
            row.append(contentsOf: repeatElement("", count: count))
        }
        let spans = UnsafePointer(self.spans)
        let pool = self.pool
        let make: (UnsafeBufferPointer<UInt8>) -> String? = { bytes in
            isUTF8 ? String(decoding: bytes, as: UTF8.self) : encoding.decode(bytes)
        }
        let isDecodable = row.withUnsafeMutableBufferPointer { out -> Bool in
            var span = spans
            for index in 0..<count {
                var bytes = UnsafeBufferPointer(start: p + span[0], count: span[1] &- span[0])
                let isEscaped = span[2] != 0
                span += 3
                if isEscaped {
                    bytes = unescape(bytes)  // in `scratch`, which has no slack: not pooled
                } else if bytes.count <= CSVFieldPool.maxLength && !bytes.isEmpty && pool.isActive(column: index) {
                    guard let text = pool.string(column: index, bytes: bytes, make: make) else { return false }
                    out[index] = text
                    continue
                }
                if bytes.isEmpty {
                    out[index] = ""
                } else if let text = make(bytes) {
                    out[index] = text
                } else {
                    return false
                }
            }
            return true
        }
        if !isDecodable { row.removeAll() }
        return isDecodable
    }

    /// Unescapes raw quoted content (after the opening quote): `""` is one quote, the closing quote
    /// is dropped, text after it is kept as it is. Returns the bytes in `scratch`.
    private func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        if raw.count > scratchCapacity {
            scratch.deallocate()
            scratchCapacity = max(raw.count, scratchCapacity * 2)
            scratch = .allocate(capacity: scratchCapacity)
        }
        var written = 0
        var index = 0
        var inQuotes = true
        while index < raw.count {
            let byte = raw[index]
            index += 1
            if inQuotes && byte == quote {
                if index < raw.count && raw[index] == quote {
                    index += 1  // doubled: keep one
                } else {
                    inQuotes = false  // closing: drop it
                    continue
                }
            }
            scratch[written] = byte
            written += 1
        }
        return UnsafeBufferPointer(start: scratch, count: written)
    }

    private func growSpans() {
        let larger = UnsafeMutablePointer<Int>.allocate(capacity: spanCapacity * 2 * 3)
        larger.update(from: spans, count: spanCapacity * 3)
        spans.deallocate()
        spans = larger
        spanCapacity *= 2
    }

    // MARK: Word-at-a-time search

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// High bit set in each byte of `word` equal to `byte`. Exact for the lowest match, which is all
    /// the caller uses: a borrow can only mark a byte above a true match.
    @inline(__always)
    private static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highBits
    }

    /// The index of the first `a`, `b` or `c` in `p[index..<limit]`, or `limit`. Eight bytes at a time;
    /// every byte read is ORed into `seen`.
    @inline(__always)
    private static func find(_ a: UInt8, _ b: UInt8, _ c: UInt8, in p: UnsafeMutablePointer<UInt8>,
                             from index: Int, limit: Int, seen: inout UInt64) -> Int {
        let raw = UnsafeRawPointer(p)
        var j = index
        while j + 8 <= limit {
            let word = raw.loadUnaligned(fromByteOffset: j, as: UInt64.self)
            seen |= word
            let found = matches(word, a) | matches(word, b) | matches(word, c)
            if found != 0 { return j + found.trailingZeroBitCount / 8 }
            j += 8
        }
        while j < limit {
            let byte = p[j]
            seen |= UInt64(byte)
            if byte == a || byte == b || byte == c { return j }
            j += 1
        }
        return limit
    }

    // MARK: Over-long records

    /// How much of an over-long record is kept as its raw text.
    static let rawPrefixLimit = 64 * 1024

    /// Skips a record longer than `maxRecordBytes`, chunk by chunk, following quotes so that it ends
    /// where the scanner would have ended it. Keeps only a prefix of it for the reject.
    private func skipOverlongRecord() throws(ExtractError) -> ScannedRecord {
        let recordLine = line
        let rawPrefix = encoding.decodeLeniently(
            UnsafeBufferPointer(start: buffer + start, count: min(end - start, Self.rawPrefixLimit)))
        let lf = Self.lineFeed, cr = Self.carriageReturn
        var inQuotes = false
        var quotePending = false  // inside quotes, the last byte was a quote: closing or doubled
        var atFieldStart = true
        var previous: UInt8 = 0
        var newlines = 0
        while true {
            var i = start
            while i < end {
                let byte = buffer[i]
                defer { previous = byte }
                i += 1
                if inQuotes {
                    if quotePending {
                        quotePending = false
                        if byte == quote { continue }
                        inQuotes = false  // the quote closed the field; `byte` is handled as unquoted below
                    } else {
                        if byte == quote {
                            quotePending = true
                        } else if byte == cr || (byte == lf && previous != cr) {
                            newlines += 1
                        }
                        continue
                    }
                }
                if byte == lf || byte == cr {
                    line += newlines + 1
                    start = i
                    skipsLeadingLF = byte == cr
                    return .tooLong(line: recordLine, rawPrefix: rawPrefix)
                }
                if byte == quote && atFieldStart {
                    inQuotes = true
                }
                atFieldStart = byte == delimiter
            }
            start = end
            if !(try fill()) {
                line += newlines
                if inQuotes && !quotePending {
                    return .unterminated(line: recordLine, rawText: rawPrefix)
                }
                return .tooLong(line: recordLine, rawPrefix: rawPrefix)
            }
        }
    }
}
