import PostgresNIO
import SQLiteDB
import Testing
@testable import Publish

@Suite("COPY text format and server messages")
struct CopyTextEncoderTests {
    func encoded(_ value: SQLValue) -> String {
        var buffer = ByteBuffer()
        CopyTextEncoder.append(value, to: &buffer)
        return buffer.readString(length: buffer.readableBytes) ?? ""
    }

    @Test("NULL, integers, reals and text with the characters COPY treats specially", arguments: [
        (SQLValue.null, "\\N"),
        (.integer(-9_007_199_254_740_993), "-9007199254740993"),
        (.real(0.1), "0.1"),
        (.real(1e-7), "1e-07"),
        (.text("a\tb\nc\rd\\e"), "a\\tb\\nc\\rd\\\\e"),
        (.text("Müller \\N"), "Müller \\\\N"),
        (.text(""), ""),
    ])
    func values(value: SQLValue, text: String) {
        #expect(encoded(value) == text)
    }

    @Test("values the server quotes in a message (possibly customer data) are left out")
    func redaction() {
        #expect(PostgresSession.redacted(#"invalid input syntax for type bigint: "Erika Mustermann""#) == #"invalid input syntax for type bigint: "…""#)
    }
}
