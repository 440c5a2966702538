import CLibXML2

/// The SAX2 callbacks: non-capturing C functions that find their `LibXMLPushParser` through the
/// user-data pointer and hand the events to its `XMLTreeBuilder`.
///
/// Pointers libxml2 passes are valid only during the callback; the builder copies what it keeps.
/// See https://gnome.gitlab.io/libxml2/devhelp/libxml2-parser.html#xmlSAXHandler
extension LibXMLPushParser {
    /// A SAX2 handler that builds no document: element and text events, the DOCTYPE refusal,
    /// and structured errors. Everything left nil (comments, processing instructions, entity
    /// and DTD declarations) is ignored by libxml2.
    static func saxHandler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = { userData, localName, _, _, _, _, attributeCount, _, attributes in
            guard let parser = LibXMLPushParser.from(userData), let localName else { return }
            parser.builder.startElement(
                localName,
                attributes: XMLAttributeList(base: attributes, count: Int(attributeCount)),
                line: parser.startTagLine(),
                offset: parser.startTagOffset(),
                position: parser.position)
        }
        handler.endElementNs = { userData, _, _, _ in
            guard let parser = LibXMLPushParser.from(userData) else { return }
            parser.builder.endElement(offset: parser.cursorOffset())
        }
        handler.characters = textHandler
        handler.cdataBlock = textHandler
        handler.ignorableWhitespace = textHandler
        handler.internalSubset = { userData, _, _, _ in
            // Called at `<!DOCTYPE name ...` before the internal subset is parsed: no entity or
            // DTD declaration is ever read. libxml2 checks for the stop right after this call.
            guard let parser = LibXMLPushParser.from(userData) else { return }
            let (line, column) = parser.position
            parser.builder.fail(line: line, column: column, reason: "document type declarations (DTD) are not accepted")
            parser.stop()
        }
        handler.getEntity = { _, _ in nil }
        handler.reference = { userData, _ in
            // Unreachable while DOCTYPEs are refused (only declared entities get here); kept as a
            // second wall. Not stopping here: libxml2 does not expect a stop inside a reference.
            guard let parser = LibXMLPushParser.from(userData) else { return }
            let (line, column) = parser.position
            parser.builder.fail(line: line, column: column, reason: "entity references are not accepted")
        }
        handler.serror = structuredErrorHandler
        return handler
    }

    /// Receives libxml2's structured errors, from the SAX handler and from the thread-wide hook.
    ///
    /// Warnings are ignored. Namespace errors (an undeclared prefix) are tolerated because record
    /// matching ignores namespaces; libxml2 then reports the bare local name. Anything else is
    /// kept as the failure (only the first counts).
    static var structuredErrorHandler: xmlStructuredErrorFunc {
        { userData, error in
            guard let parser = LibXMLPushParser.from(userData), let error else { return }
            let details = error.pointee
            guard details.level.rawValue >= XML_ERR_ERROR.rawValue,
                  details.domain != Int32(XML_FROM_NAMESPACE.rawValue) else { return }
            var (line, column) = parser.position
            if details.line > 0 {
                line = Int(details.line)
                column = max(Int(details.int2), 1)
            }
            parser.builder.fail(line: line, column: column, reason: LibXMLErrorMessage.reason(for: details))
        }
    }

    /// Swallows libxml2's unstructured messages ("xmlParseChunk: encoder error"), which would
    /// otherwise go to stderr. The error itself also arrives structured.
    ///
    /// `xmlGenericErrorFunc` is variadic, which Swift cannot declare; it imports as an opaque
    /// pointer. A function taking only the two named arguments and ignoring the rest is called
    /// correctly by variadic callers on the C ABIs Swift supports on Linux (x86-64, arm64).
    static var silentGenericErrorHandler: OpaquePointer {
        let ignore: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> Void = { _, _ in }
        return unsafeBitCast(ignore, to: OpaquePointer.self)
    }

    private static var textHandler: charactersSAXFunc {
        { userData, bytes, count in
            guard let parser = LibXMLPushParser.from(userData), let bytes, count > 0 else { return }
            parser.builder.appendText(UnsafeBufferPointer(start: bytes, count: Int(count)))
        }
    }

    private static func from(_ userData: UnsafeMutableRawPointer?) -> LibXMLPushParser? {
        guard let userData else { return nil }
        return Unmanaged<LibXMLPushParser>.fromOpaque(userData).takeUnretainedValue()
    }
}

/// The attributes of one start tag as libxml2's `startElementNs` passes them: five pointers per
/// attribute (local name, prefix, URI, value start, value end). Valid only during the callback.
struct XMLAttributeList {
    let base: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
    let count: Int

    /// The local name (NUL-terminated) of attribute `index`.
    func localName(at index: Int) -> UnsafePointer<UInt8>? {
        base?[index * 5]
    }

    /// The value bytes of attribute `index` (UTF-8; a literal `&` arrives as `&#38;`).
    func value(at index: Int) -> UnsafeBufferPointer<UInt8> {
        guard let start = base?[index * 5 + 3], let end = base?[index * 5 + 4], end >= start else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: start, count: end - start)
    }
}
