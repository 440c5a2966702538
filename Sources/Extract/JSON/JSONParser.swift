/// The byte-level JSON scanner and tree builder behind `JSONReader`.
///
/// It reads the file through a window of bytes that is refilled in chunks, so tokens and records may
/// straddle chunk boundaries and memory grows with the largest record, never with the file.
/// It is a struct, not a class, so that its state is reached through `inout self`: Swift then checks
/// exclusive access at compile time instead of on every field access at run time.
/// Nothing recurses: nesting lives in explicit stacks, capped at `maximumDepth`.
struct JSONParser {
    /// How many arrays and objects may be open at once.
    static let maximumDepth = 512

    let source: ByteSource
    /// Bytes asked of the source per read (at least).
    let chunkSize: Int
    /// NDJSON: a line break ends the value and is never skipped as whitespace.
    let stopsAtLineEnd: Bool

    private var window: JSONWindow
    /// `window.bytes`, cached: the hot loops read through it.
    private(set) var bytes: UnsafeMutablePointer<UInt8>
    /// Index in `bytes` of the next byte to look at. While a token is being scanned it may lag behind
    /// the scan: `fill()` keeps everything from `position` (and from `mark`) on.
    var position = 0
    /// Index in `bytes` one past the last byte read.
    private(set) var end = 0
    /// File offset of `bytes[0]`.
    private(set) var base = 0
    private(set) var isAtEndOfInput = false
    /// 1-based line of `position`; lines are counted where whitespace is skipped (the only place a
    /// line break can stand in valid JSON).
    private(set) var line = 1
    /// File offset of the first byte of `line`.
    private(set) var lineStart = 0
    /// Index of the first byte of the record being read, kept for its raw text; `Int.max` when unset.
    private(set) var mark = Int.max

    // Tree building (see JSONParser+Values.swift).
    var frames: [JSONFrame] = []
    var openObjects: [[(key: String, value: RawNode)]] = []
    var openArrays: [[RawNode]] = []
    var pendingKeys: [String] = []
    var keyHashes: [UInt64] = []
    /// Member / element count of the last object / array closed at each nesting level: records of an
    /// export share a shape, so this usually reserves the exact size in one allocation.
    var objectSizeHints: [Int] = []
    var arraySizeHints: [Int] = []
    /// Decoded bytes of a string that contains escapes.
    var scratch: [UInt8] = []
    var keyCache = JSONKeyCache()

    init(source: ByteSource, chunkSize: Int, stopsAtLineEnd: Bool) throws(ExtractError) {
        self.source = source
        self.chunkSize = max(1, chunkSize)
        self.stopsAtLineEnd = stopsAtLineEnd
        window = JSONWindow(capacity: self.chunkSize)
        bytes = window.bytes
        try skipByteOrderMark()
    }

    /// Makes more input available after `end`; returns how far indices moved towards 0.
    ///
    /// Bytes before `min(position, mark)` are dropped to make room; callers holding other indices
    /// subtract the returned shift. At the end of input nothing changes and `end` stays put.
    mutating func fill() throws(ExtractError) -> Int {
        guard !isAtEndOfInput else { return 0 }
        let keep = min(position, mark, end)
        if keep > 0 {
            let kept = end - keep
            if kept > 0 {
                UnsafeMutableRawPointer(bytes).copyMemory(from: bytes + keep, byteCount: kept)
            }
            end = kept
            base += keep
            position -= keep
            if mark != Int.max { mark -= keep }
        }
        if window.capacity - end < chunkSize {
            window.grow(toAtLeast: max(window.capacity * 2, end + chunkSize), keeping: end)
            bytes = window.bytes
        }
        let count = try source.read(into: UnsafeMutableRawBufferPointer(start: bytes + end, count: window.capacity - end))
        if count == 0 { isAtEndOfInput = true } else { end += count }
        return keep
    }

    /// Fills until `count` bytes from `index` are in the window or the input ends; `index` follows shifts.
    mutating func ensureAvailable(_ count: Int, from index: inout Int) throws(ExtractError) {
        while end - index < count && !isAtEndOfInput {
            let saved = position
            position = min(position, index)
            let shift = try fill()
            position = saved - shift
            index -= shift
        }
    }

    private mutating func skipByteOrderMark() throws(ExtractError) {
        var start = 0
        try ensureAvailable(3, from: &start)
        if end >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            position = 3
            lineStart = 3
        }
    }

    // MARK: Record marks

    /// Starts keeping bytes from `position` on, for the raw text of the record that starts there.
    mutating func setMark() { mark = position }

    mutating func clearMark() { mark = Int.max }

    /// The bytes from the mark to `index`, decoded leniently (invalid UTF-8 becomes U+FFFD).
    func markedText(upTo index: Int) -> String {
        guard mark != Int.max, index > mark else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes + mark, count: index - mark), as: UTF8.self)
    }

    /// Index of the first line break at or after the mark, or `end` at the end of input.
    mutating func lineEndAfterMark() throws(ExtractError) -> Int {
        var index = mark == Int.max ? position : mark
        while true {
            while index < end {
                if bytes[index] == JSONByte.newline { return index }
                index += 1
            }
            if isAtEndOfInput { return end }
            index -= try fill()
        }
    }

    /// The bytes from the mark to `index` without a final carriage return, decoded leniently.
    func rawLine(upTo index: Int) -> String {
        var lineEnd = index
        if lineEnd > mark && lineEnd <= end && bytes[lineEnd - 1] == JSONByte.carriageReturn { lineEnd -= 1 }
        return markedText(upTo: lineEnd)
    }

    /// Ends the current NDJSON line at `index` (its line break or the end of input) and clears the mark.
    mutating func finishLine(at index: Int) {
        position = index
        if position < end { consumeLineBreak() }
        clearMark()
    }

    /// Steps over the line break at `position` (NDJSON).
    mutating func consumeLineBreak() {
        position += 1
        line += 1
        lineStart = base + position
    }

    // MARK: Whitespace

    /// Skips whitespace and returns the byte at `position` without consuming it, or nil at the end of input.
    ///
    /// In NDJSON a line break is returned rather than skipped.
    @inline(__always)
    mutating func peekSignificantByte() throws(ExtractError) -> UInt8? {
        if position < end {
            let byte = bytes[position]
            if byte > JSONByte.space { return byte }
        }
        return try skipWhitespace()
    }

    private mutating func skipWhitespace() throws(ExtractError) -> UInt8? {
        while true {
            while position < end {
                let byte = bytes[position]
                switch byte {
                case JSONByte.space, JSONByte.tab, JSONByte.carriageReturn:
                    position += 1
                case JSONByte.newline:
                    if stopsAtLineEnd { return byte }
                    position += 1
                    line += 1
                    lineStart = base + position
                default:
                    return byte
                }
            }
            _ = try fill()
            if position >= end { return nil }
        }
    }

    /// Like `peekSignificantByte()`, but the end of input (or, in NDJSON, of the line) is an error.
    @inline(__always)
    mutating func nextSignificantByte() throws(ExtractError) -> UInt8 {
        guard let byte = try peekSignificantByte() else {
            throw syntaxError("unexpected end of input", at: position)
        }
        if byte == JSONByte.newline { throw syntaxError("unexpected end of line", at: position) }
        return byte
    }

    /// Throws unless only whitespace is left in the input.
    mutating func expectEndOfInput() throws(ExtractError) {
        if try peekSignificantByte() != nil {
            throw syntaxError("unexpected data after the top-level value", at: position)
        }
    }

    // MARK: Errors

    /// 1-based byte column of window index `index` on the current line.
    func column(at index: Int) -> Int { max(1, base + index - lineStart + 1) }

    /// A `.malformed` error at window index `index` (on the current line).
    func syntaxError(_ reason: String, at index: Int) -> ExtractError {
        syntaxError(reason, atOffset: base + index)
    }

    /// A `.malformed` error at file offset `offset` (on the current line).
    func syntaxError(_ reason: String, atOffset offset: Int) -> ExtractError {
        .malformed(file: source.path, line: line, column: max(1, offset - lineStart + 1), reason: reason)
    }
}
