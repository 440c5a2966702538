import CLibXML2

/// Owns one libxml2 push-parser context set up for untrusted input; the bytes come from the caller.
///
/// Why a SAX push parser and not `xmlTextReader`: the reader's node line numbers stop at 65535
/// (`xmlNode.line` is an `unsigned short`) and its parser position runs ahead of the node by a
/// 512-byte chunk, so records past line 65535 would all claim line 65535. In `startElementNs` the
/// push parser's `input->line` is exact and the start tag is still in its buffer. It also lets us
/// stop at `<!DOCTYPE` before a single entity declaration is read, and builds no DOM.
/// See https://gnome.gitlab.io/libxml2/devhelp/libxml2-parser.html#xmlCreatePushParserCtxt
///
/// Safety comes from what is left off (PLATFORM-NOTES): no `XML_PARSE_NOENT`, `DTDLOAD`, `DTDATTR`,
/// `DTDVALID` or `HUGE`; `XML_PARSE_NONET` on; any DOCTYPE stops the parser; no entity resolver.
final class LibXMLPushParser {
    /// The parser options: forbid network access and nothing else. Every option that loads or
    /// expands DTD content (`NOENT`, `DTDLOAD`, `DTDATTR`, `DTDVALID`) or lifts the built-in size
    /// and depth limits (`HUGE`) stays off on purpose.
    static let options = Int32(XML_PARSE_NONET.rawValue)

    /// Bytes read from the source per libxml2 call; records finished meanwhile wait in the builder.
    static let chunkSize = 64 * 1024

    let file: String
    /// Receives the SAX events; read and written only from the callbacks and `XMLRecordReader`,
    /// on the one thread that parses.
    ///
    /// Reached through addressors on raw memory rather than stored: a stored property of a class
    /// costs a dynamic exclusivity check (swift_beginAccess) on every callback, tens per record.
    /// 60 MB POS file, 10 alternating runs: median 1.65 -> 1.53 CPU-s.
    var builder: XMLTreeBuilder {
        unsafeAddress { UnsafePointer(builderStorage) }
        unsafeMutableAddress { builderStorage }
    }
    private let builderStorage: UnsafeMutablePointer<XMLTreeBuilder>
    private let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
    private var bytesParsed = 0
    /// The input bytes (as pushed, before any decoding) from the open record's start, or from
    /// where libxml2 stands when no record is open, to the end of what was pushed: the source
    /// of each record's exact text (`rawText(of:)`). See `LibXMLPushParser+RawText.swift`.
    var rawWindow: [UInt8] = []
    /// The input offset of `rawWindow[0]`.
    var rawWindowStart = 0
    /// Input bytes libxml2 has been given so far, as its callbacks see it (a chunk's final `\r`
    /// is held back by `xmlParseChunk` until the next chunk, so CR LF is not split).
    var bytesPushed = 0
    /// For encoded input: an input offset already worked out and where it stands in libxml2's
    /// decoded buffer, so the next one counts on from there instead of from the buffer's end.
    var offsetAnchor: (decoded: Int, input: Int)?
    /// `inputCounting` for the encoding handler libxml2 decodes with (looked up once per handler).
    var cachedCounting: (encoder: xmlCharEncodingHandlerPtr, counting: InputCounting)?
    let context: xmlParserCtxtPtr

    /// Creates the parser and the builder that receives its events for records at `recordPath`.
    init(file: String, recordPath: [String], keepsAncestors: Bool = false) throws(ExtractError) {
        _ = libxml2IsInitialized
        self.file = file
        var handler = Self.saxHandler()
        // No bytes yet: libxml2 detects the encoding from the first chunk (BOM, XML declaration).
        guard let context = xmlCreatePushParserCtxt(&handler, nil, nil, 0, file) else {
            chunk.deallocate()
            throw .io(file: file, reason: "libxml2 could not create a parser (out of memory)")
        }
        self.context = context
        builderStorage = .allocate(capacity: 1)
        builderStorage.initialize(to: XMLTreeBuilder(file: file, recordPath: recordPath, names: XMLNameTable(dictionary: context.pointee.dict),
                                                     keepsAncestors: keepsAncestors))
        xmlCtxtUseOptions(context, Self.options)
        // Our object as the callbacks' user data. As a side effect libxml2 no longer falls back to
        // its own entity table (it only does so while userData == ctxt).
        context.pointee.userData = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        // In SAX mode libxml2 may still allocate a stand-in document for entity declarations.
        if let document = context.pointee.myDoc { xmlFreeDoc(document) }
        xmlFreeParserCtxt(context)
        chunk.deallocate()
        builderStorage.deinitialize(count: 1)
        builderStorage.deallocate()
    }

    /// Reads the next chunk from `source` and parses it; returns false once the end of input is parsed.
    ///
    /// At the end libxml2 is told the input is complete, so a truncated document fails there.
    /// Throws the first error libxml2 reported (or our DOCTYPE refusal) as `.malformed`.
    func parseNextChunk(from source: ByteSource) throws(ExtractError) -> Bool {
        let count = try source.read(into: chunk)
        if count == 0 && bytesParsed == 0 {
            throw .malformed(file: file, line: 1, column: 1, reason: "the file is empty; an XML export needs a root element")
        }
        bytesParsed += count
        keepRawBytes(of: UnsafeRawBufferPointer(rebasing: chunk[0..<count]))
        let result = withErrorsRoutedHere {
            xmlParseChunk(context, chunk.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(count), count == 0 ? 1 : 0)
        }
        try check(result)
        return count > 0
    }

    /// Where the parser stands now (1-based line and column).
    var position: (line: Int, column: Int) {
        guard let input = context.pointee.input else { return (1, 1) }
        return (max(Int(input.pointee.line), 1), max(Int(input.pointee.col), 1))
    }

    /// The line of the `<` that opens the start tag libxml2 is reporting.
    ///
    /// In `startElementNs` the cursor still stands on the tag's `>` (or `/>`) and `input->line` is
    /// the line there; a start tag can span lines, so count the newlines back to its `<` (which
    /// cannot occur inside the tag). If the buffer no longer holds the `<`, the `>` line is used.
    func startTagLine() -> Int {
        guard let input = context.pointee.input else { return 1 }
        let line = Int(input.pointee.line)
        guard var cursor = input.pointee.cur, let base = input.pointee.base else { return line }
        var newlines = 0
        while cursor > base {
            cursor -= 1
            if cursor.pointee == UInt8(ascii: "<") { return line - newlines }
            if cursor.pointee == UInt8(ascii: "\n") { newlines += 1 }
        }
        return line
    }

    /// Stops parsing for good. Only called where libxml2 checks for it (the DOCTYPE callback).
    func stop() {
        xmlStopParser(context)
    }

    /// Turns the builder's first failure, or a failing libxml2 return code, into an error.
    private func check(_ result: Int32) throws(ExtractError) {
        if let failure = builder.failure { throw failure }
        guard result == 0 else {
            let (line, column) = position
            throw .malformed(file: file, line: line, column: column, reason: "not well-formed XML (libxml2 error \(result))")
        }
    }

    /// Runs `body` with libxml2's thread-wide error handlers pointed at this parser.
    ///
    /// Errors raised without a parser context (encoding conversion in `xmlCharEncInput`) skip the
    /// SAX `serror` and go to the thread's handlers, which print to stderr by default. The previous
    /// handlers are restored afterwards, so nothing else on the thread is affected.
    private func withErrorsRoutedHere<T>(_ body: () -> T) -> T {
        let savedStructured = __xmlStructuredError()?.pointee
        let savedStructuredContext = __xmlStructuredErrorContext()?.pointee
        let savedGeneric = __xmlGenericError()?.pointee
        let savedGenericContext = __xmlGenericErrorContext()?.pointee
        xmlSetStructuredErrorFunc(context.pointee.userData, Self.structuredErrorHandler)
        xmlSetGenericErrorFunc(nil, Self.silentGenericErrorHandler)
        defer {
            xmlSetStructuredErrorFunc(savedStructuredContext ?? nil, savedStructured ?? nil)
            xmlSetGenericErrorFunc(savedGenericContext ?? nil, savedGeneric ?? nil)
        }
        return body()
    }
}

/// libxml2's one-time global setup, which must not run on two threads at once; Swift runs a
/// global's initializer exactly once, thread-safely.
/// See https://gnome.gitlab.io/libxml2/devhelp/libxml2-parser.html#xmlInitParser
private let libxml2IsInitialized: Bool = {
    xmlInitParser()
    return true
}()
