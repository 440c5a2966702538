import Extract
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// What one read of a file produced: the outcomes before the end or the error, and the error.
private struct XMLRead {
    var outcomes: [ReadOutcome] = []
    var error: ExtractError?

    var trees: [RawNode] {
        outcomes.compactMap { if case let .record(_, .tree(node)) = $0 { node } else { nil } }
    }
    var lines: [Int] {
        outcomes.compactMap { if case let .record(line, _) = $0 { line } else { nil } }
    }
    var malformed: (line: Int, column: Int, reason: String)? {
        if case let .malformed(_, line, column, reason) = error { (line, column, reason) } else { nil }
    }
}

private let transactionPath = ["export", "transactions", "transaction"]

private func read(_ path: String, recordPath: [String] = transactionPath, keepsAncestors: Bool = false) -> XMLRead {
    var result = XMLRead()
    do {
        var reader = try XMLRecordReader(source: try ByteSource(path: path), recordPath: recordPath, keepsAncestors: keepsAncestors)
        while let outcome = try reader.next() { result.outcomes.append(outcome) }
    } catch {
        result.error = error
    }
    return result
}

private func fixture(_ name: String) -> String {
    RepositoryPaths.tests("ExtractTests/Fixtures/xml/\(name)").path
}

/// Wraps record elements in `<export><transactions>`; the first record starts on line 3.
private func export(_ records: String) -> String {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<export><transactions>\n\(records)\n</transactions></export>\n"
}

private func object(_ members: [(String, RawNode)]) -> RawNode {
    .object(members.map { (key: $0.0, value: $0.1) })
}

@Suite("XMLRecordReader: records and their trees")
struct XMLRecordTreeTests {
    @Test func readsOnlyRecordsAtTheNestedPath() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("nested.xml", text: """
            <?xml version="1.0" encoding="UTF-8"?>
            <export generated="2026-11-21">
              <header><transaction id="H0"/></header>
              <transactions store="S1">
                <transaction id="T1"><total>10.00</total></transaction>
                <summary count="2"/>
                <transaction id="T2"><total>20.00</total></transaction>
              </transactions>
              <archive><transactions><transaction id="A1"/></transactions></archive>
            </export>
            """)
        let result = read(path)
        #expect(result.error == nil)
        #expect(result.trees.map { $0["@id"] } == [.text("T1"), .text("T2")])
        #expect(result.lines == [5, 7])
    }

    @Test("with keepsAncestors, a record carries the attributes of the elements above it: ^ the parent, ^name by name")
    func ancestorsAttributes() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("branches.xml", text: """
            <?xml version="1.0" encoding="UTF-8"?>
            <pos:export xmlns:pos="urn:x" generated="2026-11-21">
              <pos:branch code="B1"><pos:transactions day="1">
                <pos:transaction id="T1"/>
              </pos:transactions></pos:branch>
              <pos:branch code="B2"><pos:transactions>
                <pos:transaction id="T2"><total>5</total></pos:transaction>
              </pos:transactions></pos:branch>
            </pos:export>
            """)
        let result = read(path, recordPath: ["export", "branch", "transactions", "transaction"], keepsAncestors: true)
        #expect(result.error == nil)
        #expect(result.trees.map { $0["^branch"]?["@code"] } == [.text("B1"), .text("B2")])
        #expect(result.trees.map { $0["^"]?["@day"] } == [.text("1"), nil])
        #expect(result.trees.map { $0["^"]?["^"]?["@code"] } == [.text("B1"), .text("B2")])
        #expect(result.trees.map { $0["^export"]?["@generated"] } == [.text("2026-11-21"), .text("2026-11-21")])
        #expect(result.trees[1]["total"] == .text("5") && result.trees[1]["@id"] == .text("T2"))
        // Without it, records are as before.
        #expect(read(path, recordPath: ["export", "branch", "transactions", "transaction"]).trees.first == object([("@id", .text("T1"))]))
    }

    @Test func mapsAttributesChildTextRepeatedChildrenAndEmptyElements() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("record.xml", text: export("""
            <transaction id="T1" type="sale">
              <customer no="C42">
                <name>Anna Müller</name>
                <email>anna@example.com</email>
              </customer>
              <item sku="A1" qty="2" price="1.50"/>
              <item sku="B2" qty="1" price="3.00">gift wrap</item>
              <total currency="EUR">6.00</total>
              <note></note>
              <empty/>
              <spaces>  padded  </spaces>
            </transaction>
            """))
        let result = read(path)
        #expect(result.error == nil)
        #expect(result.trees == [object([
            ("@id", .text("T1")), ("@type", .text("sale")),
            ("customer", object([("@no", .text("C42")), ("name", .text("Anna Müller")), ("email", .text("anna@example.com"))])),
            ("item", .array([
                object([("@sku", .text("A1")), ("@qty", .text("2")), ("@price", .text("1.50"))]),
                object([("@sku", .text("B2")), ("@qty", .text("1")), ("@price", .text("3.00")), ("#text", .text("gift wrap"))]),
            ])),
            ("total", object([("@currency", .text("EUR")), ("#text", .text("6.00"))])),
            ("note", .text("")),
            ("empty", .text("")),
            ("spaces", .text("  padded  ")),
        ])])
    }

    @Test func singleChildStaysAValueAndRepeatsGroupAtTheirFirstPosition() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("repeats.xml", text: export("""
            <transaction><item>1</item></transaction>
            <transaction><item>1</item><code>X</code><item>2</item><item>3</item></transaction>
            """))
        let result = read(path)
        #expect(result.error == nil)
        #expect(result.trees == [
            object([("item", .text("1"))]),
            object([("item", .array([.text("1"), .text("2"), .text("3")])), ("code", .text("X"))]),
        ])
    }

    @Test func mixedContentKeepsNonWhitespaceTextAsHashText() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("mixed.xml", text: export("""
            <transaction><note>Call <b>back</b> later</note><blank>
               </blank></transaction>
            """))
        let result = read(path)
        #expect(result.error == nil)
        #expect(result.trees == [object([
            ("note", object([("b", .text("back")), ("#text", .text("Call  later"))])),
            ("blank", .text("\n   ")),
        ])])
    }

    @Test func recordElementWithoutAttributesOrChildrenIsText() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("leaf.xml", text: export("<transaction>only text</transaction><transaction/>"))
        #expect(read(path).trees == [.text("only text"), .text("")])
    }

    @Test func matchesLocalNamesWithPrefixesAndDefaultNamespace() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("namespaces.xml", text: """
            <?xml version="1.0" encoding="UTF-8"?>
            <pos:export xmlns:pos="urn:vendor:pos:1" xmlns="urn:vendor:default" xmlns:x="urn:other">
              <pos:transactions>
                <transaction pos:id="T1" x:channel="web">
                  <pos:customer><x:name>Anna</x:name></pos:customer>
                </transaction>
                <pos:transaction pos:id="T2"/>
              </pos:transactions>
            </pos:export>
            """)
        let expected: [RawNode] = [
            object([("@id", .text("T1")), ("@channel", .text("web")), ("customer", object([("name", .text("Anna"))]))]),
            object([("@id", .text("T2"))]),
        ]
        #expect(read(path).trees == expected)
        #expect(read(path, recordPath: ["pos:export", "pos:transactions", "transaction"]).trees == expected)
    }

    @Test func toleratesAnUndeclaredPrefix() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("undeclared-prefix.xml", text: export("<pos:transaction><pos:total>1</pos:total></pos:transaction>"))
        let result = read(path)
        #expect(result.error == nil)
        #expect(result.trees == [object([("total", .text("1"))])])
    }

    @Test func includesCDATAAsText() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("cdata.xml", text: export("""
            <transaction><note><![CDATA[5 < 6 & "quoted" <b>not a tag</b>]]></note><mix>a<![CDATA[<b>]]>c</mix></transaction>
            """))
        #expect(read(path).trees == [object([
            ("note", .text("5 < 6 & \"quoted\" <b>not a tag</b>")),
            ("mix", .text("a<b>c")),
        ])])
    }

    @Test func decodesPredefinedEntitiesAndCharacterReferences() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("references.xml", text: export("""
            <transaction a="x &amp; y &lt; &#38; &#x41; &amp;#38;">&lt;tag&gt; &amp; &#228; &#x20AC; &quot;&apos;</transaction>
            """))
        #expect(read(path).trees == [object([
            ("@a", .text("x & y < & A &#38;")),
            ("#text", .text("<tag> & ä € \"'")),
        ])])
    }
}

@Suite("XMLRecordReader: encodings, lines, compression")
struct XMLRecordInputTests {
    @Test func decodesISO88591DeclaredFile() throws {
        let folder = try TemporaryDirectory()
        let bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<export><transactions><transaction><name>M".utf8)
            + [0xFC] + Array("ller</name><street>Stra".utf8) + [0xDF] + Array("e</street></transaction></transactions></export>\n".utf8)
        let path = try folder.write("umlaut-latin1.xml", bytes: bytes)
        #expect(read(path).trees == [object([("name", .text("Müller")), ("street", .text("Straße"))])])
    }

    @Test func decodesWindows1252DeclaredFile() throws {
        let folder = try TemporaryDirectory()
        let bytes = Array("<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n<export><transactions><transaction><amount>".utf8)
            + [0x80] + Array(" 5</amount><quote>".utf8) + [0x84] + Array("Hallo".utf8) + [0x93]
            + Array("</quote></transaction></transactions></export>\n".utf8)
        let path = try folder.write("euro-cp1252.xml", bytes: bytes)
        let result = read(path)
        #expect(result.error == nil)
        #expect(result.trees == [object([("amount", .text("€ 5")), ("quote", .text("„Hallo“"))])])
    }

    @Test func reportsTheLineOfEachStartTag() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("lines.xml", text: """
            <?xml version="1.0" encoding="UTF-8"?>
            <export>
            <!-- comment
                 over two lines -->
            <transactions>
              <transaction id="T1"/><transaction id="T2">
                <total>1</total>
              </transaction>
              <transaction
                  id="T3"
                  type="refund">
              </transaction>
            </transactions>
            </export>
            """)
        let result = read(path)
        #expect(result.error == nil)
        #expect(result.lines == [6, 6, 9])
    }

    @Test func countsCRLFLineEndings() throws {
        let folder = try TemporaryDirectory()
        let text = "<export>\r\n<transactions>\r\n<transaction id=\"T1\"/>\r\n\r\n<transaction id=\"T2\"/>\r\n</transactions>\r\n</export>\r\n"
        let path = try folder.write("crlf.xml", text: text)
        #expect(read(path).lines == [3, 5])
    }

    /// libxml2 tree nodes store lines in 16 bits; the reader must keep counting past 65535.
    @Test func lineNumbersStayExactPastLine65535AndAcrossChunks() throws {
        let folder = try TemporaryDirectory()
        let count = 40_000
        var text = "<?xml version=\"1.0\"?>\n<export><transactions>\n"
        for index in 0..<count {
            text += "  <transaction id=\"T\(index)\">\n    <total>\(index)</total></transaction>\n"
        }
        text += "</transactions></export>\n"
        let path = try folder.write("many-lines.xml", text: text)
        let result = read(path)
        #expect(result.error == nil)
        #expect(result.lines == (0..<count).map { 3 + 2 * $0 })
        #expect(result.trees.last == object([("@id", .text("T\(count - 1)")), ("total", .text("\(count - 1)"))]))
    }

    @Test func readsGzipCompressedFileLikeThePlainOne() throws {
        let folder = try TemporaryDirectory()
        var records = ""
        for index in 0..<2_000 {
            records += "<transaction id=\"T\(index)\"><customer no=\"C\(index % 7)\">Kunde \(index)</customer></transaction>\n"
        }
        let path = try folder.write("export.xml", text: export(records))
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["--keep", path]
        try gzip.run()
        gzip.waitUntilExit()
        try #require(gzip.terminationStatus == 0)

        let plain = read(path)
        let compressed = read(path + ".gz")
        #expect(plain.error == nil)
        #expect(compressed.error == nil)
        #expect(plain.outcomes.count == 2_000)
        #expect(compressed.outcomes == plain.outcomes)
    }
}

@Suite("XMLRecordReader: malformed input")
struct XMLMalformedTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        let line: Int
        let recordsBefore: Int
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "unclosed-tag", bytes: Array(export("""
            <transaction id="T1"><total>1</total></transaction>
            <transaction id="T2">
            <total>2</total>
            """).utf8), line: 6, recordsBefore: 1),
        Case(name: "mismatched-tags", bytes: Array(export("""
            <transaction id="T1"><total>1</total></transaction>
            <transaction id="T2"><total>2</totl></transaction>
            """).utf8), line: 4, recordsBefore: 1),
        Case(name: "truncated", bytes: Array("<export><transactions>\n<transaction id=\"T1\"><total>1</total></transaction>\n<transaction id=\"T2\"><tot".utf8),
             line: 3, recordsBefore: 1),
        Case(name: "invalid-utf8", bytes: Array("<export><transactions>\n<transaction><name>M".utf8) + [0xFC]
             + Array("ller</name></transaction>\n</transactions></export>\n".utf8), line: 2, recordsBefore: 0),
        Case(name: "garbage-after-root", bytes: Array("<export><transactions>\n<transaction/>\n</transactions></export>\ntrailing words\n".utf8),
             line: 4, recordsBefore: 1),
        Case(name: "unquoted-attribute", bytes: Array(export("<transaction id=T1/>").utf8), line: 3, recordsBefore: 0),
        Case(name: "control-character", bytes: Array("<export><transactions>\n<transaction>".utf8) + [0x01]
             + Array("</transaction></transactions></export>".utf8), line: 2, recordsBefore: 0),
        Case(name: "undeclared-entity", bytes: Array(export("<transaction>&nbsp;</transaction>").utf8), line: 3, recordsBefore: 0),
        Case(name: "not-xml", bytes: Array("id,name\n1,Anna\n".utf8), line: 1, recordsBefore: 0),
    ]

    @Test(arguments: cases)
    func throwsMalformedWithPosition(_ testCase: Case) throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("\(testCase.name).xml", bytes: testCase.bytes)
        let result = read(path)
        let failure = try #require(result.malformed, "expected .malformed, got \(String(describing: result.error))")
        #expect(failure.line == testCase.line)
        #expect(failure.column >= 1)
        #expect(failure.reason.hasPrefix("not well-formed XML"))
        #expect(result.outcomes.count == testCase.recordsBefore)
        #expect(result.error?.file == path)
    }

    @Test func invalidByteForDeclaredEncodingThrowsMalformed() throws {
        let folder = try TemporaryDirectory()
        let bytes = Array("<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n<export><transactions><transaction>".utf8)
            + [0x81] + Array("</transaction></transactions></export>\n".utf8)
        let path = try folder.write("undefined-cp1252-byte.xml", bytes: bytes)
        let failure = try #require(read(path).malformed)
        #expect(failure.reason.contains("not valid in the document's declared encoding"))
        #expect(failure.line >= 1)
    }

    @Test func messagesDoNotQuoteDocumentContent() throws {
        let folder = try TemporaryDirectory()
        let mismatch = try folder.write("mismatch.xml", text: export("<transaction><secretcustomer>x</secretcustomr></transaction>"))
        let badBytes = try folder.write("bytes.xml", bytes: Array("<export><transactions><transaction>M".utf8) + [0xFC, 0xFD]
            + Array("</transaction></transactions></export>".utf8))
        let entity = try folder.write("entity.xml", text: export("<transaction>&secretentity;</transaction>"))
        for path in [mismatch, badBytes, entity] {
            let description = try #require(read(path).error).description
            #expect(!description.contains("secret"))
            #expect(!description.contains("0xFC"))
            #expect(!description.contains("Bytes:"))
        }
        #expect(try #require(read(mismatch).malformed).reason.contains("Opening and ending tag mismatch"))
    }

    @Test func recordsBeforeATruncationAreReturnedThenTheErrorRepeats() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("cut.xml", text: "<export><transactions><transaction id=\"T1\"/><transaction id=\"T2\"/></transac")
        var reader = try XMLRecordReader(source: try ByteSource(path: path), recordPath: transactionPath)
        #expect(try reader.next() != nil)
        #expect(try reader.next() != nil)
        #expect(throws: ExtractError.self) { try reader.next() }
        #expect(throws: ExtractError.self) { try reader.next() }
    }

    @Test func emptyFileIsMalformed() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("empty.xml", bytes: [])
        let failure = try #require(read(path).malformed)
        #expect(failure.line == 1)
        #expect(failure.reason.contains("empty"))
    }

    @Test func unexpectedRootElementIsAMappingError() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("other-root.xml", text: "<orders><transactions><transaction/></transactions></orders>")
        guard case let .header(_, reason) = read(path).error else {
            Issue.record("expected .header, got \(String(describing: read(path).error))")
            return
        }
        #expect(reason.contains("<orders>"))
        #expect(reason.contains("<export>"))
    }
}

@Suite("XMLRecordReader: XML attacks")
struct XMLAttackTests {
    private static let dtdRefused = "document type declarations (DTD) are not accepted"

    @Test func billionLaughsIsRefused() throws {
        let result = read(fixture("billion-laughs.xml"))
        let failure = try #require(result.malformed)
        #expect(failure.reason == Self.dtdRefused)
        #expect(failure.line == 2)
        #expect(result.outcomes.isEmpty)
    }

    @Test func quadraticBlowupIsRefused() throws {
        let folder = try TemporaryDirectory()
        let entity = String(repeating: "a", count: 100_000)
        let references = String(repeating: "&big;", count: 20_000)
        let path = try folder.write("quadratic-blowup.xml", text: """
            <?xml version="1.0"?>
            <!DOCTYPE export [<!ENTITY big "\(entity)">]>
            <export><transactions><transaction>\(references)</transaction></transactions></export>
            """)
        let result = read(path)
        #expect(try #require(result.malformed).reason == Self.dtdRefused)
        #expect(result.outcomes.isEmpty)
    }

    @Test func externalFileEntityIsRefusedAndNeverRead() throws {
        let result = read(fixture("external-entity-file.xml"))
        let failure = try #require(result.malformed)
        #expect(failure.reason == Self.dtdRefused)
        #expect(result.outcomes.isEmpty)
        let passwd = (try? String(contentsOfFile: "/etc/passwd", encoding: .utf8)) ?? "root:x:0:0"
        let firstEntry = String(passwd.prefix { $0 != "\n" })
        #expect(!firstEntry.isEmpty)
        #expect(!(result.error?.description.contains(firstEntry) ?? true))
        #expect(!(result.error?.description.contains("root:") ?? true))
    }

    @Test func externalHTTPDTDIsRefused() throws {
        let result = read(fixture("external-dtd-http.xml"))
        #expect(try #require(result.malformed).reason == Self.dtdRefused)
        #expect(result.outcomes.isEmpty)
    }

    @Test func entityWithoutDTDIsRefusedAfterEarlierRecords() throws {
        let result = read(fixture("entity-without-dtd.xml"))
        #expect(result.trees == [object([("@id", .text("T1")), ("note", .text("fine & dandy"))])])
        let failure = try #require(result.malformed)
        #expect(failure.line == 4)
        #expect(failure.reason.contains("Entity '…' not defined"))
    }

    /// A listener on a local port proves libxml2 never tries to fetch the external DTD or entity.
    @Test func externalDTDAndEntitiesAreNeverFetched() throws {
        let listener = try LocalListener()
        let folder = try TemporaryDirectory()
        let url = "http://127.0.0.1:\(listener.port)/export.dtd"
        let documents = [
            "<!DOCTYPE export SYSTEM \"\(url)\">\n<export><transactions><transaction/></transactions></export>",
            "<!DOCTYPE export [<!ENTITY remote SYSTEM \"\(url)\">]>\n<export><transactions><transaction>&remote;</transaction></transactions></export>",
            "<!DOCTYPE export [<!ENTITY % remote SYSTEM \"\(url)\"> %remote;]>\n<export><transactions><transaction/></transactions></export>",
        ]
        for (index, document) in documents.enumerated() {
            let result = read(try folder.write("remote-\(index).xml", text: document))
            #expect(try #require(result.malformed).reason == Self.dtdRefused)
        }
        #expect(!listener.hasPendingConnection())
    }

    /// The check above is only worth something if the listener notices a connection.
    @Test func localListenerNoticesAConnection() throws {
        let listener = try LocalListener()
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(client) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = listener.port.bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        #expect(connected)
        #expect(listener.hasPendingConnection())
    }

    /// libxml2's SAX mode has no depth limit; a 100k-deep record would overflow the stack later.
    @Test func deepNestingIsRefused() throws {
        let folder = try TemporaryDirectory()
        let depth = 100_000
        let path = try folder.write("deep.xml", text: export(
            "<transaction>" + String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth) + "</transaction>"))
        let result = read(path)
        let failure = try #require(result.malformed)
        #expect(failure.reason.contains("nested deeper than 256 levels"))
        #expect(failure.line == 3)
        #expect(result.outcomes.isEmpty)
    }

    /// libxml2's SAX mode does not cap text; one endless record must not take all memory.
    @Test func oversizedRecordIsRefused() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("huge-record.xml", text: export("""
            <transaction id="T1"/>
            <transaction id="T2"><note>\(String(repeating: "x", count: 17 << 20))</note></transaction>
            """))
        let result = read(path)
        let failure = try #require(result.malformed)
        #expect(failure.reason.contains("larger than 16 MiB"))
        #expect(failure.line == 4)
        #expect(result.outcomes.count == 1)
    }

    @Test func nestingUpTo256LevelsIsRead() throws {
        let folder = try TemporaryDirectory()
        let inner = 256 - 3  // export, transactions, transaction
        let path = try folder.write("deep-ok.xml", text: export(
            "<transaction>" + String(repeating: "<a>", count: inner) + "x" + String(repeating: "</a>", count: inner) + "</transaction>"))
        let result = read(path)
        #expect(result.error == nil)
        var node = try #require(result.trees.first)
        var levels = 0
        while let child = node["a"] { node = child; levels += 1 }
        #expect(levels == inner)
        #expect(node == .text("x"))
    }
}

/// A TCP socket listening on 127.0.0.1 at a free port; never accepts by itself.
private final class LocalListener {
    let descriptor: Int32
    let port: UInt16

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && listen(descriptor, 8) == 0
                    && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard descriptor >= 0, bound else { throw CocoaError(.fileReadUnknown) }
        port = UInt16(bigEndian: address.sin_port)
    }

    deinit { close(descriptor) }

    /// Whether anyone connected since init (checked without blocking).
    func hasPendingConnection() -> Bool {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        let client = accept(descriptor, nil, nil)
        if client >= 0 { close(client); return true }
        return false
    }
}

/// An export whose records are each the exact text `etl_reject.raw_text` must hold: attributes,
/// an `&amp;`, CDATA, nested line items, a start tag over CRLF lines, an empty element, comments
/// and a processing instruction between records, and records crossing libxml2's 64 KiB chunks.
struct ExactTextExport {
    enum Encoding: String, CaseIterable, CustomTestStringConvertible {
        case utf8 = "UTF-8", utf8BOM = "UTF-8 with BOM", gzip = "UTF-8, gzip", iso88591 = "ISO-8859-1",
             windows1252 = "windows-1252", utf16 = "UTF-16 with BOM"
        var testDescription: String { rawValue }

        var declared: String {
            switch self {
            case .utf8, .utf8BOM, .gzip: "UTF-8"
            case .iso88591: "ISO-8859-1"
            case .windows1252: "windows-1252"
            case .utf16: "UTF-16"
            }
        }

        /// `text` as the file's bytes without a byte-order mark.
        func encodeBody(_ text: String) -> [UInt8] {
            Array(encode(text).dropFirst(self == .utf8BOM ? 3 : self == .utf16 ? 2 : 0))
        }

        /// `text` as the file's bytes (every character used here is in Latin-1).
        func encode(_ text: String) -> [UInt8] {
            switch self {
            case .utf8, .gzip: Array(text.utf8)
            case .utf8BOM: [0xEF, 0xBB, 0xBF] + Array(text.utf8)
            case .iso88591, .windows1252: text.unicodeScalars.map { UInt8($0.value) }
            case .utf16: [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            }
        }
    }

    let bytes: [UInt8]
    /// Each record element's text, in file order.
    let records: [String]

    /// `element` names the record element under `<export><transactions>`; `amounts` the text of
    /// each record's amount child (`abc` makes a record a reject in a pipeline).
    init(_ encoding: Encoding, element: String = "transaction", amounts: [String] = ["12.50", "3.00", "abc", "7.25", "1.00"]) {
        let at = "2026-03-01T10:00:00Z"
        var records = [
            "<\(element) id=\"T0\" at=\"\(at)\" note=\"Tom &amp; Jerry\">\n    <amount>\(amounts[0])</amount>\n"
                + "    <items><item sku=\"A-1\" qty=\"2\"/><item sku=\"B-2\"><![CDATA[<gift> & wrap]]></item></items>\n  </\(element)>",
            // Larger than a chunk: its bytes span two pushes.
            "<\(element) id=\"T1\" at=\"\(at)\"><amount>\(amounts[1])</amount><name>Müller</name><!-- "
                + String(repeating: "Straße ", count: 10_000) + "--><memo>" + String(repeating: "p", count: 5_000) + "</memo></\(element)>",
        ]
        let head = "<?xml version=\"1.0\" encoding=\"\(encoding.declared)\"?>\n<export><transactions>\n  "
        let separator = "\n  <!-- between -->\n  <?note x?>\n  "
        // Pad a comment so the third record starts 40 characters before a 64 KiB boundary.
        let soFar = encoding.encode(head + records.joined(separator: separator) + separator).count
        let unit = encoding == .utf16 ? 2 : 1
        var boundary = (soFar / 65_536 + 1) * 65_536
        if boundary - soFar < 200 { boundary += 65_536 }
        let padding = String(repeating: ".", count: (boundary - 40 * unit - soFar) / unit - 12)
        let paddedSeparator = separator + "<!-- \(padding) -->\n  "
        records += [
            "<\(element) id=\"T2\" at=\"\(at)\" kind=\"sale\" note=\"a &lt; b &#228;\">\r\n    <amount>\(amounts[2])</amount>\r\n"
                + "    <items>\r\n      <item sku=\"C-3\" qty=\"1\">Straße &amp; Co</item>\r\n      <item sku=\"D-4\"/>\r\n    </items>\r\n  </\(element)>",
            "<\(element)\r\n      id=\"T3\"\r\n      at=\"\(at)\"><amount>\(amounts[3])</amount></\(element) >",
            "<\(element) id=\"T4\" at=\"\(at)\" amount=\"\(amounts[4])\"/>",
        ]
        var text = head + records[0] + separator + records[1] + paddedSeparator
        text += records[2...].joined(separator: separator) + "\n</transactions></export>\n"
        bytes = encoding.encode(text)
        self.records = records
    }
}

@Suite("XMLRecordReader: each record's exact text, for etl_reject")
struct XMLRecordTextTests {
    @Test(arguments: ExactTextExport.Encoding.allCases)
    func lastRecordTextIsTheRecordAsItStoodInTheFile(_ encoding: ExactTextExport.Encoding) throws {
        let export = ExactTextExport(encoding)
        let folder = try TemporaryDirectory()
        var path = try folder.write("exact-text.xml", bytes: export.bytes)
        if encoding == .gzip {
            try #require(try ProcessRunner.run("/bin/gzip", [path]).status == 0)
            path += ".gz"
        }
        // The third record really crosses a 64 KiB boundary of the file (libxml2 gets 64 KiB pushes).
        let marker = encoding.encodeBody("<transaction id=\"T2\"")
        let third = try #require(export.bytes.indices.first { export.bytes[$0...].starts(with: marker) })
        #expect(third / 65_536 != (third + encoding.encodeBody(export.records[2]).count - 1) / 65_536)

        var reader = try XMLRecordReader(source: try ByteSource(path: path), recordPath: transactionPath)
        var texts: [String] = []
        while let outcome = try reader.next() {
            guard case .record = outcome else { Issue.record("unexpected \(outcome)"); continue }
            texts.append(try #require(reader.lastRecordText()))
        }
        #expect(texts.count == export.records.count)
        for (text, expected) in zip(texts, export.records) {
            #expect(text == expected)
        }
    }
}
