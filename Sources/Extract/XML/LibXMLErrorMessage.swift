import CLibXML2

/// Turns a libxml2 error into a reason for `ExtractError.malformed` that quotes no document content.
///
/// libxml2 formats names and bytes from the document into its messages ("Opening and ending tag
/// mismatch: customer line 3 and custmer", "Bytes: 0xE4 0xF6 ..."). Those pieces are the error's
/// `str1`...`str3`; they are replaced by "…", and only the first line of the message is kept.
enum LibXMLErrorMessage {
    /// Longest reason kept, in characters; libxml2's own messages are far shorter.
    static let maximumLength = 160

    static func reason(for error: xmlError) -> String {
        if error.domain == Int32(XML_FROM_I18N.rawValue) {
            // Raised while converting a chunk, before the parser reaches it: the parser position
            // is where the chunk starts, and the message only lists the offending bytes.
            return "bytes that are not valid in the document's declared encoding, at or after this position"
        }
        guard let raw = error.message else { return "not well-formed XML (libxml2 error \(error.code))" }
        // String(cString:) repairs invalid UTF-8 the same way for the message and the pieces.
        var message = Array(String(cString: raw).utf8)
        if let newline = message.firstIndex(of: UInt8(ascii: "\n")) { message.removeSubrange(newline...) }
        for quoted in [error.str1, error.str2, error.str3] {
            guard let quoted, quoted.pointee != 0 else { continue }
            message = redact(Array(String(cString: quoted).utf8), in: message)
        }
        var text = String(decoding: message, as: UTF8.self)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        if text.count > maximumLength { text = String(text.prefix(maximumLength)) + "…" }
        return "not well-formed XML (libxml2: \(text))"
    }

    /// Replaces each occurrence of `token` that stands as a whole word (not inside a longer name).
    static func redact(_ token: [UInt8], in message: [UInt8]) -> [UInt8] {
        guard !token.isEmpty, token.count <= message.count else { return message }
        var result: [UInt8] = []
        result.reserveCapacity(message.count)
        var index = 0
        while index < message.count {
            let end = index + token.count
            if end <= message.count, message[index..<end].elementsEqual(token),
               index == 0 || !isNameByte(message[index - 1]),
               end == message.count || !isNameByte(message[end]) {
                result.append(contentsOf: "…".utf8)
                index = end
            } else {
                result.append(message[index])
                index += 1
            }
        }
        return result
    }

    /// Bytes that can continue an XML name: letters, digits, `_ - . :` and any non-ASCII byte.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"),
             UInt8(ascii: "."), UInt8(ascii: ":"), 0x80...:
            return true
        default:
            return false
        }
    }
}
