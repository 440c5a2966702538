import CLibXML2

/// Each record's exact text, for `etl_reject.raw_text`: input offsets of the record element's
/// `<` and of the end of its last `>`, taken in the SAX callbacks, and the pushed input bytes
/// between them, kept from the open record's start only.
///
/// Offsets are in bytes of the input as pushed (after gzip, before any decoding). For UTF-8 input
/// libxml2's buffer holds those bytes, and `input->consumed + (cur - base)` is exact. For input it
/// decodes (a declared ISO-8859-1 or windows-1252, UTF-16) the buffer holds UTF-8, and neither
/// `consumed` nor `xmlByteConsumed` can be trusted in push mode: measured with libxml2 2.9.14 and
/// 64 KiB chunks, a declared ISO-8859-1 file got `xmlByteConsumed` off by kilobytes, because
/// `xmlParseChunk` converts the rest of a chunk without counting it in `rawconsumed`. So an offset
/// there is counted back from the end of what was pushed: bytes pushed, minus the bytes libxml2
/// has not decoded yet (`buf->raw`), minus the input length of the decoded text from the position
/// to the buffer's end (one byte per character for a single-byte encoding, two or four for
/// UTF-16). Any other encoding is not tracked and the caller falls back to the record as JSON.
/// See https://gnome.gitlab.io/libxml2/devhelp/libxml2-parser.html#xmlByteConsumed
extension LibXMLPushParser {
    /// How many input bytes a stretch of libxml2's decoded (UTF-8) buffer came from.
    enum InputCounting {
        /// No decoding (UTF-8): one input byte per buffer byte.
        case bytes
        /// ISO-8859-x, windows-125x, ASCII: one input byte per character.
        case singleByte
        /// Two bytes per character, four for one outside the Basic Multilingual Plane.
        case utf16
        /// An encoding whose byte lengths we do not work out (Shift_JIS, EUC, ...).
        case untracked
    }

    /// How offsets are counted for the encoding libxml2 decodes the input with now.
    var inputCounting: InputCounting {
        guard let encoder = context.pointee.input?.pointee.buf?.pointee.encoder,
              let cName = encoder.pointee.name else { return .bytes }
        if let cached = cachedCounting, cached.encoder == encoder { return cached.counting }
        let name = String(cString: cName).uppercased()
        let counting: InputCounting
        if name == "UTF-8" || name == "UTF8" {
            counting = .bytes
        } else if name.hasPrefix("UTF-16") {
            counting = .utf16
        } else {
            let singleByte = ["ISO-8859-", "ISO8859-", "ISO-LATIN-", "LATIN", "WINDOWS-125", "CP125", "ASCII", "US-ASCII"]
            counting = singleByte.contains(where: name.hasPrefix) ? .singleByte : .untracked
        }
        cachedCounting = (encoder, counting)
        return counting
    }

    /// The input offset of the `<` of the start tag libxml2 is reporting (see `startTagLine`).
    func startTagOffset() -> Int {
        guard let input = context.pointee.input, var cursor = input.pointee.cur, let base = input.pointee.base else { return -1 }
        while cursor > base && cursor.pointee != UInt8(ascii: "<") { cursor -= 1 }
        guard cursor.pointee == UInt8(ascii: "<") else { return -1 }
        return inputOffset(at: cursor)
    }

    /// The input offset of libxml2's cursor: just after the `>` in `endElementNs`.
    func cursorOffset() -> Int {
        guard let cursor = context.pointee.input?.pointee.cur else { return -1 }
        return inputOffset(at: cursor)
    }

    /// The input offset of `position`, a pointer into libxml2's current input buffer; -1 if unknown.
    private func inputOffset(at position: UnsafePointer<xmlChar>) -> Int {
        guard let input = context.pointee.input, let base = input.pointee.base, let end = input.pointee.end else { return -1 }
        let consumed = Int(input.pointee.consumed)
        let decoded = consumed + (position - base)
        let counting = inputCounting
        switch counting {
        case .bytes: return decoded
        case .untracked: return -1
        case .singleByte, .utf16: break
        }
        let offset: Int
        if let anchor = offsetAnchor, anchor.decoded >= consumed, anchor.decoded <= decoded {
            // Count on from the last offset while its position is still in the buffer (usually).
            offset = anchor.input + Self.inputLength(from: base + (anchor.decoded - consumed), to: position, counting)
        } else {
            let undecoded = input.pointee.buf?.pointee.raw.map { Int(xmlBufUse($0)) } ?? 0
            offset = bytesPushed - undecoded - Self.inputLength(from: position, to: end, counting)
        }
        offsetAnchor = (decoded, offset)
        return offset
    }

    /// The input bytes the decoded text `start..<end` came from.
    /// - Complexity: O(end - start).
    private static func inputLength(from start: UnsafePointer<xmlChar>, to end: UnsafePointer<xmlChar>, _ counting: InputCounting) -> Int {
        guard end > start else { return 0 }
        let text = UnsafeBufferPointer(start: start, count: end - start)
        var length = 0
        switch counting {
        case .singleByte:
            for byte in text where byte & 0xC0 != 0x80 { length += 1 }
        case .utf16:
            for byte in text where byte & 0xC0 != 0x80 { length += byte >= 0xF0 ? 4 : 2 }
        case .bytes, .untracked:
            length = text.count
        }
        return length
    }

    /// Drops the kept bytes nobody can ask for any more, then keeps `bytes`, the chunk about to be pushed.
    ///
    /// Called between `xmlParseChunk` calls, when every record finished so far has been handed out
    /// and the last one's text is no longer needed: what stays is from the open record's `<`, or,
    /// between records, from where libxml2 stands (it waits on the `<` of a tag cut by the chunk's
    /// end). An open record longer than `XMLTreeBuilder.maximumRecordBytes` in the file is dropped
    /// too, so memory stays bounded; its text is then not available.
    func keepRawBytes(of bytes: UnsafeRawBufferPointer) {
        let keptEnd = rawWindowStart + rawWindow.count
        bytesPushed = keptEnd  // a held-back `\r` was pushed at the end of the last call
        var keepFrom = builder.openRecordStart ?? cursorOffset()
        if keepFrom < 0 || inputCounting == .untracked || keptEnd - keepFrom > XMLTreeBuilder.maximumRecordBytes {
            keepFrom = keptEnd
        }
        let dropped = min(max(keepFrom - rawWindowStart, 0), rawWindow.count)
        if dropped == rawWindow.count {
            rawWindow.removeAll(keepingCapacity: true)
        } else if dropped > 0 {
            rawWindow.removeFirst(dropped)
        }
        rawWindowStart += dropped
        rawWindow.append(contentsOf: bytes)
        // `xmlParseChunk` holds back a chunk's final `\r` until after parsing (so CR LF stays whole).
        let holdsBackCR = bytes.last == UInt8(ascii: "\r")
        bytesPushed = rawWindowStart + rawWindow.count - (holdsBackCR ? 1 : 0)
    }

    /// The input bytes `range` decoded to text, or nil when they are no longer (or never were) kept.
    func rawText(of range: Range<Int>) -> String? {
        guard range.lowerBound >= rawWindowStart, range.upperBound <= rawWindowStart + rawWindow.count,
              !range.isEmpty else { return nil }
        return rawWindow.withUnsafeBufferPointer { window -> String? in
            let bytes = UnsafeBufferPointer(rebasing: window[(range.lowerBound - rawWindowStart)..<(range.upperBound - rawWindowStart)])
            guard inputCounting != .bytes else { return String(decoding: bytes, as: UTF8.self) }
            return decodedWithInputEncoding(bytes)
        }
    }

    /// `bytes` decoded the way libxml2 decodes the input, with a handler of its own for the
    /// input's encoding (the parser's handler may keep conversion state).
    /// See https://gnome.gitlab.io/libxml2/devhelp/libxml2-encoding.html#xmlCharEncInFunc
    private func decodedWithInputEncoding(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let name = context.pointee.input?.pointee.buf?.pointee.encoder?.pointee.name,
              let handler = xmlFindCharEncodingHandler(name) else { return nil }
        defer { xmlCharEncCloseFunc(handler) }
        guard let input = xmlBufferCreate() else { return nil }
        defer { xmlBufferFree(input) }
        guard let output = xmlBufferCreate() else { return nil }
        defer { xmlBufferFree(output) }
        guard let start = bytes.baseAddress, let count = Int32(exactly: bytes.count),
              xmlBufferAdd(input, start, count) == 0,
              xmlCharEncInFunc(handler, output, input) >= 0,
              let content = xmlBufferContent(output) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: content, count: Int(xmlBufferLength(output))), as: UTF8.self)
    }
}
