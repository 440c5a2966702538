import Extract
import Foundation
import Testing
import TestSupport

/// Reading a JSON file to the end: the outcomes before any error, and the error.
struct JSONReadResult {
    var outcomes: [ReadOutcome] = []
    var error: ExtractError?

    /// Reads `path` with `JSONReader` (`chunkSize` bytes per read) until the end or the first error.
    init(_ path: String, layout: JSONLayout, chunkSize: Int = 256 * 1024) {
        do throws(ExtractError) {
            var reader = try JSONReader(source: try ByteSource(path: path), layout: layout, chunkSize: chunkSize)
            while let outcome = try reader.next() { outcomes.append(outcome) }
        } catch {
            self.error = error
        }
    }

    var records: [RawNode] {
        outcomes.compactMap { outcome in
            if case let .record(_, .tree(node)) = outcome { return node }
            return nil
        }
    }

    var lines: [Int] {
        outcomes.map { outcome in
            switch outcome {
            case let .record(line, _), let .reject(line, _, _): return line
            }
        }
    }
}

/// An object node from key/value pairs, in order.
private func jsonObject(_ members: (String, RawNode)...) -> RawNode {
    .object(members.map { (key: $0.0, value: $0.1) })
}

/// 1-based byte column of the first `needle` in a one-line `text`.
private func byteColumn(of needle: String, in text: String) -> Int {
    let bytes = Array(text.utf8), pattern = Array(needle.utf8)
    for start in 0...(bytes.count - pattern.count) where Array(bytes[start..<start + pattern.count]) == pattern {
        return start + 1
    }
    return -1
}

@Suite("JSONReader")
struct JSONReaderTests {
    // MARK: Array layout

    @Test("records are the elements of a top-level array")
    func topLevelArray() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("tickets.json", text: "[\n  {\"id\": \"T1\", \"open\": true},\n  {\"id\": \"T2\", \"open\": false}\n]\n")
        let result = JSONReadResult(path, layout: .array(path: []))
        #expect(result.error == nil)
        #expect(result.lines == [2, 3])
        #expect(result.records == [
            jsonObject(("id", .text("T1")), ("open", .text("true"))),
            jsonObject(("id", .text("T2")), ("open", .text("false"))),
        ])
    }

    @Test("records are the elements of the array at a nested path; other members are skipped")
    func nestedPath() throws {
        let folder = try TemporaryDirectory()
        let text = """
            {"meta": {"x": [1, 2, {"tickets": []}]}, "tickets": "not this one",
             "data": {"count": 2, "tickets": [
               {"id": "T1"},
               {"id": "T2", "requester": {"name": "Anna"}}
             ], "after": [true, null]},
             "trailer": {}}
            """
        let path = try folder.write("export.json", text: text)
        let result = JSONReadResult(path, layout: .array(path: ["data", "tickets"]))
        #expect(result.error == nil)
        #expect(result.lines == [3, 4])
        #expect(result.records == [
            jsonObject(("id", .text("T1"))),
            jsonObject(("id", .text("T2")), ("requester", jsonObject(("name", .text("Anna"))))),
        ])
    }

    @Test("an error after the record array still throws, with its position")
    func valuesAfterThePathAreValidated() throws {
        let folder = try TemporaryDirectory()
        let text = #"{"data": {"tickets": [{"id": 1}]}, "meta": {"x": tru}}"#
        let path = try folder.write("export.json", text: text)
        let result = JSONReadResult(path, layout: .array(path: ["data", "tickets"]))
        #expect(result.records == [jsonObject(("id", .text("1")))])
        let error = try #require(result.error)
        #expect(error == .malformed(file: path, line: 1, column: byteColumn(of: "tru}", in: text),
                                    reason: "invalid literal (true, false or null expected)"))
    }

    @Test("an error before the record array throws before any record")
    func valuesBeforeThePathAreValidated() throws {
        let folder = try TemporaryDirectory()
        let text = #"{"meta": [1,,2], "data": {"tickets": [{"id": 1}]}}"#
        let path = try folder.write("export.json", text: text)
        let result = JSONReadResult(path, layout: .array(path: ["data", "tickets"]))
        #expect(result.outcomes.isEmpty)
        #expect(result.error == .malformed(file: path, line: 1, column: byteColumn(of: ",2]", in: text), reason: "value expected"))
    }

    @Test("a path that is missing or not an array throws", arguments: [
        (#"{"data": {"other": []}}"#, #"no array at path "data.tickets""#),
        (#"{"data": {}}"#, #"no array at path "data.tickets""#),
        (#"{"data": {"tickets": {"id": 1}}}"#, #"expected an array at path "data.tickets""#),
        (#"{"data": [1]}"#, #"expected an object at path "data""#),
        (#"[{"data": {"tickets": []}}]"#, "expected an object at the top level"),
    ])
    func missingPath(text: String, reason: String) throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("export.json", text: text)
        let result = JSONReadResult(path, layout: .array(path: ["data", "tickets"]))
        guard case let .malformed(_, _, _, actual) = try #require(result.error) else {
            Issue.record("expected .malformed, got \(String(describing: result.error))")
            return
        }
        #expect(actual == reason)
    }

    @Test("the top-level value must be an array for path []")
    func topLevelNotAnArray() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("export.json", text: #"{"id": 1}"#)
        let result = JSONReadResult(path, layout: .array(path: []))
        #expect(result.error == .malformed(file: path, line: 1, column: 1, reason: "expected an array at the top level"))
    }

    @Test("an element that is not an object is rejected and the next one is read")
    func nonObjectElement() throws {
        let folder = try TemporaryDirectory()
        let text = "[{\"id\": 1},\n 42,\n \"Jürgen\",\n [1, {\"a\": null}],\n null,\n {\"id\": 2}]"
        let path = try folder.write("tickets.json", text: text)
        let result = JSONReadResult(path, layout: .array(path: []))
        #expect(result.error == nil)
        let reason = "record is not a JSON object"
        #expect(result.outcomes == [
            .record(line: 1, .tree(jsonObject(("id", .text("1"))))),
            .reject(line: 2, reason: reason, rawText: "42"),
            .reject(line: 3, reason: reason, rawText: "\"Jürgen\""),
            .reject(line: 4, reason: reason, rawText: "[1, {\"a\": null}]"),
            .reject(line: 5, reason: reason, rawText: "null"),
            .record(line: 6, .tree(jsonObject(("id", .text("2"))))),
        ])
    }

    @Test("an empty record array yields nothing", arguments: ["[]", " [ \n ] \n", #"{"data": {"tickets": []}, "x": 1}"#])
    func emptyArray(text: String) throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("empty.json", text: text)
        let layout = JSONLayout.array(path: text.hasPrefix("{") ? ["data", "tickets"] : [])
        let result = JSONReadResult(path, layout: layout)
        #expect(result.error == nil)
        #expect(result.outcomes.isEmpty)
    }

    @Test("a truncated file throws with the position where it ends")
    func truncated() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("cut.json", text: "[{\"a\":\"b\"},\n{\"c\":")
        let result = JSONReadResult(path, layout: .array(path: []))
        #expect(result.records == [jsonObject(("a", .text("b")))])
        #expect(result.error == .malformed(file: path, line: 2, column: 6, reason: "unexpected end of input"))
        #expect(result.error?.description.contains("cut.json line 2, column 6") == true)
    }

    @Test("a file cut inside a string throws 'unterminated string'")
    func truncatedInString() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("cut.json", text: #"[{"a":"bc"#)
        let result = JSONReadResult(path, layout: .array(path: []))
        #expect(result.error == .malformed(file: path, line: 1, column: 10, reason: "unterminated string"))
    }

    @Test("with ancestors, members written after the record array reach every record; arrays and the records' own name do not")
    func ancestorsAfterTheArray() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("export.json", text: #"""
            {"data": {"tickets": [{"id": 1}, {"id": 2}], "store": "S1", "tags": ["x"], "tickets": "checked only"}, "version": 3}
            """#)
        var reader = try JSONReader(source: try ByteSource(path: path), layout: .array(path: ["data", "tickets"]), keepsAncestors: true)
        var stores: [String?] = [], versions: [String?] = [], tags: [Bool] = []
        while let outcome = try reader.next() {
            guard case let .record(_, .tree(.object(members))) = outcome else { Issue.record("not a record: \(outcome)"); continue }
            guard case let .object(data)? = members.first(where: { $0.key == "^" })?.value else { Issue.record("no ^"); continue }
            stores.append(data.first { $0.key == "store" }.flatMap { if case let .text(t) = $0.value { t } else { nil } })
            tags.append(data.contains { $0.key == "tags" || $0.key == "tickets" })
            guard case let .object(top)? = data.first(where: { $0.key == "^" })?.value else { Issue.record("no ^.^"); continue }
            versions.append(top.first { $0.key == "version" }.flatMap { if case let .text(t) = $0.value { t } else { nil } })
        }
        #expect(stores == ["S1", "S1"])
        #expect(versions == ["3", "3"])
        #expect(tags == [false, false])
        // A syntax error after the array fails the file when it is opened: no records are handed over.
        let broken = try folder.write("broken.json", text: #"{"data": {"tickets": [{"id": 1}], "store": tru}}"#)
        #expect(throws: ExtractError.self) {
            _ = try JSONReader(source: try ByteSource(path: broken), layout: .array(path: ["data", "tickets"]), keepsAncestors: true)
        }
    }

    @Test("after an error every call throws it again")
    func errorIsSticky() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("bad.json", text: "[{\"a\":1} {\"b\":2}]")
        var reader = try JSONReader(source: try ByteSource(path: path), layout: .array(path: []))
        #expect(try reader.next() == .record(line: 1, .tree(jsonObject(("a", .text("1"))))))
        let expected = ExtractError.malformed(file: path, line: 1, column: 10, reason: "expected ',' or ']' after array element")
        #expect(throws: expected) { try reader.next() }
        #expect(throws: expected) { try reader.next() }
    }

    @Test("error messages name file and position but quote no data")
    func errorsQuoteNoData() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("people.json", text: #"[{"name": "Geheim Müller" "iban": "DE00"}]"#)
        let error = try #require(JSONReadResult(path, layout: .array(path: [])).error)
        #expect(error.description.contains("people.json line 1, column 28"))
        #expect(!error.description.contains("Geheim"))
        #expect(!error.description.contains("DE00"))
    }

    // MARK: Values

    @Test("numbers are kept as written")
    func numbersKeptLiterally() throws {
        let folder = try TemporaryDirectory()
        let literals = ["12.50", "1e5", "-0", "0", "-0.0", "1E+2", "2.5e-3", "123456789012345678901234567890.000000000000000001"]
        let text = "[{" + literals.enumerated().map { "\"n\($0.offset)\": \($0.element)" }.joined(separator: ", ") + "}]"
        let path = try folder.write("numbers.json", text: text)
        let result = JSONReadResult(path, layout: .array(path: []))
        #expect(result.error == nil)
        #expect(result.records == [.object(literals.enumerated().map { (key: "n\($0.offset)", value: .text($0.element)) })])
    }

    @Test("invalid numbers are refused", arguments: ["01", "1.", ".5", "-", "+1", "1e", "1.5e+", "0x10", "1_000", "--1"])
    func invalidNumbers(literal: String) throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("number.json", text: "[{\"n\": \(literal)}]")
        #expect(JSONReadResult(path, layout: .array(path: [])).error != nil)
    }

    @Test("escapes, surrogate pairs and lone surrogates are decoded")
    func escapes() throws {
        let folder = try TemporaryDirectory()
        let text = #"""
            [{"quote": "a\"b\\c\/d", "controls": "\b\f\n\r\t", "bmp": "\u00fc\u20AC\u0041", "pair": "\ud83d\ude00!",
              "lone high": "x\ud800y", "lone low": "\udc00", "high then high": "\ud800\ud800", "nul": "\u0000",
              "\u006b\u00e9y": "escaped key"}]
            """#
        let path = try folder.write("escapes.json", text: text)
        let result = JSONReadResult(path, layout: .array(path: []))
        #expect(result.error == nil)
        #expect(result.records == [jsonObject(
            ("quote", .text("a\"b\\c/d")),
            ("controls", .text("\u{8}\u{C}\n\r\t")),
            ("bmp", .text("ü€A")),
            ("pair", .text("😀!")),
            ("lone high", .text("x\u{FFFD}y")),
            ("lone low", .text("\u{FFFD}")),
            ("high then high", .text("\u{FFFD}\u{FFFD}")),
            ("nul", .text("\u{0}")),
            ("kéy", .text("escaped key"))
        )])
    }

    @Test("invalid escapes and raw control characters are refused", arguments: [
        #"["\x"]"#, #"["\u12"]"#, #"["\u12G4"]"#, "[\"tab\there\"]", #"["\"#,
    ])
    func invalidEscapes(text: String) throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("escape.json", text: text)
        let error = JSONReadResult(path, layout: .document).error
        guard case .malformed = error else {
            Issue.record("expected .malformed, got \(String(describing: error))")
            return
        }
    }

    @Test("umlauts and other UTF-8 text come through unchanged")
    func umlauts() throws {
        let folder = try TemporaryDirectory()
        let text = #"[{"Straße": "Königsallee 1", "name": "Jürgen Müller-Lüdenscheidt", "Ort": "Köln", "emoji": "😀", "ÄÖÜäöüß": "€"}]"#
        let path = try folder.write("umlauts.json", text: text)
        let result = JSONReadResult(path, layout: .array(path: []))
        #expect(result.records == [jsonObject(
            ("Straße", .text("Königsallee 1")), ("name", .text("Jürgen Müller-Lüdenscheidt")), ("Ort", .text("Köln")),
            ("emoji", .text("😀")), ("ÄÖÜäöüß", .text("€"))
        )])
    }

    @Test("invalid UTF-8 in a string throws with its position", arguments: [
        [0xFF], [0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
    ] as [[UInt8]])
    func invalidUTF8(sequence: [UInt8]) throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("latin1.json", bytes: Array(#"[{"name": "M"#.utf8) + sequence + Array(#"ller"}]"#.utf8))
        let result = JSONReadResult(path, layout: .array(path: []))
        #expect(result.error == .malformed(file: path, line: 1, column: 13, reason: "invalid UTF-8"))
    }

    @Test("duplicate keys: the last value wins, at the first key's position")
    func duplicateKeys() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("dup.json", text: #"[{"a": 1, "b": {"x": 1, "x": 2}, "a": 3, "c": 4}]"#)
        let result = JSONReadResult(path, layout: .array(path: []))
        #expect(result.records == [jsonObject(("a", .text("3")), ("b", jsonObject(("x", .text("2")))), ("c", .text("4")))])
    }

    // MARK: Document layout

    @Test("document layout: any top-level value is one record; a UTF-8 BOM is skipped")
    func document() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("doc.json", bytes: [0xEF, 0xBB, 0xBF] + Array("\n\n  {\"a\": [\"ü\", {}]}\n".utf8))
        let result = JSONReadResult(path, layout: .document)
        #expect(result.error == nil)
        #expect(result.outcomes == [.record(line: 3, .tree(jsonObject(("a", .array([.text("ü"), .object([])])))))])
    }

    @Test("document layout: data after the value, or no value, throws", arguments: [
        ("{} {}", 1, 4, "unexpected data after the top-level value"),
        ("[1]\n]", 2, 1, "unexpected data after the top-level value"),
        ("", 1, 1, "unexpected end of input"),
        ("  \n ", 2, 2, "unexpected end of input"),
    ])
    func documentTrailingData(text: String, line: Int, column: Int, reason: String) throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("doc.json", text: text)
        let result = JSONReadResult(path, layout: .document)
        #expect(result.outcomes.isEmpty)
        #expect(result.error == .malformed(file: path, line: line, column: column, reason: reason))
    }

    @Test("nesting: 512 levels are read, 513 throw, 100000 throw without crashing")
    func nestingDepth() throws {
        let folder = try TemporaryDirectory()
        let deepest = try folder.write("512.json", text: String(repeating: "[", count: 512) + String(repeating: "]", count: 512))
        #expect(JSONReadResult(deepest, layout: .document).outcomes.count == 1)
        for depth in [513, 100_000] {
            let path = try folder.write("\(depth).json", text: String(repeating: "[", count: depth))
            let reason = "nested deeper than 512 levels"
            #expect(JSONReadResult(path, layout: .document).error == .malformed(file: path, line: 1, column: 513, reason: reason))
            let objects = try folder.write("\(depth)-objects.json", text: String(repeating: #"{"a":"#, count: depth))
            #expect(JSONReadResult(objects, layout: .document).error == .malformed(file: objects, line: 1, column: 2561, reason: reason))
        }
        // The record array counts as a level: 512 objects inside it are one too many.
        let inArray = try folder.write("in-array.json", text: "[" + String(repeating: "{\"a\":", count: 512) + "1" + String(repeating: "}", count: 512) + "]")
        #expect(JSONReadResult(inArray, layout: .array(path: [])).error?.description.contains("nested deeper") == true)
    }

    // MARK: NDJSON

    @Test("NDJSON: bad lines are rejected with line, reason and raw text; the next lines are read")
    func linesWithBadRows() throws {
        let folder = try TemporaryDirectory()
        var bytes = Array("{\"id\":1}\n{\"id\":\n{\"id\":3}\n[1,2]\n{\"id\":5} x\n{\"id\":\"".utf8)
        bytes += [0xFF] + Array("\"}\n{\"id\":\"unterminated\n{\"id\":8}\n".utf8)
        let path = try folder.write("tickets.ndjson", bytes: bytes)
        let result = JSONReadResult(path, layout: .lines)
        #expect(result.error == nil)
        #expect(result.outcomes == [
            .record(line: 1, .tree(jsonObject(("id", .text("1"))))),
            .reject(line: 2, reason: "unexpected end of line at column 7", rawText: "{\"id\":"),
            .record(line: 3, .tree(jsonObject(("id", .text("3"))))),
            .reject(line: 4, reason: "record is not a JSON object at column 1", rawText: "[1,2]"),
            .reject(line: 5, reason: "unexpected data after the value at column 10", rawText: "{\"id\":5} x"),
            .reject(line: 6, reason: "invalid UTF-8 at column 8", rawText: "{\"id\":\"\u{FFFD}\"}"),
            .reject(line: 7, reason: "unterminated string at column 20", rawText: "{\"id\":\"unterminated"),
            .record(line: 8, .tree(jsonObject(("id", .text("8"))))),
        ])
    }

    @Test("NDJSON: blank lines are skipped, CRLF is accepted")
    func linesBlankAndCRLF() throws {
        let folder = try TemporaryDirectory()
        let text = "\r\n{\"a\":\"x\"}\r\n\r\n  \t \r\n{\"b\":2}\r\n{\"c\":\r\n\n{\"d\":4}"
        let path = try folder.write("crlf.ndjson", text: text)
        let result = JSONReadResult(path, layout: .lines)
        #expect(result.error == nil)
        #expect(result.outcomes == [
            .record(line: 2, .tree(jsonObject(("a", .text("x"))))),
            .record(line: 5, .tree(jsonObject(("b", .text("2"))))),
            .reject(line: 6, reason: "unexpected end of line at column 7", rawText: "{\"c\":"),
            .record(line: 8, .tree(jsonObject(("d", .text("4"))))),
        ])
    }

    @Test("NDJSON: a line nested too deep is rejected, the file goes on")
    func linesTooDeep() throws {
        let folder = try TemporaryDirectory()
        let deep = String(repeating: "[", count: 100_000)
        let path = try folder.write("deep.ndjson", text: "\(deep)\n{\"ok\":true}\n")
        let result = JSONReadResult(path, layout: .lines)
        #expect(result.lines == [1, 2])
        #expect(result.outcomes.last == .record(line: 2, .tree(jsonObject(("ok", .text("true"))))))
        guard case let .reject(_, reason, rawText) = result.outcomes.first else {
            Issue.record("line 1 should be rejected")
            return
        }
        #expect(reason == "nested deeper than 512 levels at column 513")
        #expect(rawText == deep)
    }

    @Test("NDJSON: an empty file yields nothing")
    func linesEmpty() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("empty.ndjson", text: "\n\n")
        let result = JSONReadResult(path, layout: .lines)
        #expect(result.error == nil)
        #expect(result.outcomes.isEmpty)
    }

    // MARK: Streaming

    /// Ticket-like records whose strings, escapes, multi-byte characters and numbers fall across
    /// chunk boundaries, with the nodes they must decode to. Record `n` has a string of `37 * n` bytes.
    static func sampleTickets(count: Int) -> [(text: String, node: RawNode)] {
        (0..<count).map { n in
            let long = String(repeating: "x", count: 37 * n)
            let text = #"{"id":"T-\#(n)", "name":"Jürgen \"Jo\" Müller 😀","esc":"caf\u00e9 \ud83d\ude00 tab\t","amount":-12.50e+3,"#
                + #" "ok":true,"none":null,"tags":["a", "b",[ ]],"requester":{"city":"Köln","zip":"01067"},"long":"\#(long)"}"#
            let node = jsonObject(
                ("id", .text("T-\(n)")), ("name", .text("Jürgen \"Jo\" Müller 😀")), ("esc", .text("café 😀 tab\t")),
                ("amount", .text("-12.50e+3")), ("ok", .text("true")), ("none", .null),
                ("tags", .array([.text("a"), .text("b"), .array([])])),
                ("requester", jsonObject(("city", .text("Köln")), ("zip", .text("01067")))), ("long", .text(long))
            )
            return (text, node)
        }
    }

    @Test("records and tokens spanning chunk boundaries", arguments: [1, 2, 3, 5, 7, 16, 100, 4096])
    func chunkBoundaries(chunkSize: Int) throws {
        let folder = try TemporaryDirectory()
        let tickets = Self.sampleTickets(count: 40)
        let expected = tickets.map(\.node)
        let envelope = #"{"meta": {"note": "Grüße \u00fc", "n": [1.5, true]}, "data": {"tickets": ["# + "\n"
            + tickets.map(\.text).joined(separator: ",\n") + "\n]}, \"end\": \"ß\"}\n"
        let arrayPath = try folder.write("tickets.json", text: envelope)
        let array = JSONReadResult(arrayPath, layout: .array(path: ["data", "tickets"]), chunkSize: chunkSize)
        #expect(array.error == nil)
        #expect(array.records == expected)
        #expect(array.lines == Array(2..<42))

        let linesPath = try folder.write("tickets.ndjson", text: tickets.map(\.text).joined(separator: "\r\n") + "\n[1]\n")
        let lines = JSONReadResult(linesPath, layout: .lines, chunkSize: chunkSize)
        #expect(lines.error == nil)
        #expect(lines.records == expected)
        #expect(lines.lines == Array(1...41))
        #expect(lines.outcomes.last == .reject(line: 41, reason: "record is not a JSON object at column 1", rawText: "[1]"))

        let documentPath = try folder.write("tickets-doc.json", text: "[" + tickets.map(\.text).joined(separator: ",") + "]")
        let document = JSONReadResult(documentPath, layout: .document, chunkSize: chunkSize)
        #expect(document.records == [.array(expected)])
    }

    @Test("errors report the same position whatever the chunk size", arguments: [1, 3, 8, 4096])
    func errorPositionAcrossChunks(chunkSize: Int) throws {
        let folder = try TemporaryDirectory()
        let text = Self.sampleTickets(count: 5).map(\.text).joined(separator: ",\n") + ",\n{\"a\": \"ok\", \"b\": [1, 2,, 3]}"
        let path = try folder.write("bad.json", text: "[" + text + "]")
        let result = JSONReadResult(path, layout: .array(path: []), chunkSize: chunkSize)
        #expect(result.records.count == 5)
        #expect(result.error == .malformed(file: path, line: 6, column: 24, reason: "value expected"))
    }

    @Test("a .gz file is read transparently")
    func gzip() throws {
        let folder = try TemporaryDirectory()
        let tickets = Self.sampleTickets(count: 200)
        let plain = try folder.write("tickets.ndjson", text: tickets.map(\.text).joined(separator: "\n") + "\nnot json\n")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", plain]
        try gzip.run()
        gzip.waitUntilExit()
        #expect(gzip.terminationStatus == 0)
        let compressed = plain + ".gz"
        #expect(FileManager.default.fileExists(atPath: compressed))
        let result = JSONReadResult(compressed, layout: .lines, chunkSize: 1000)
        #expect(result.error == nil)
        #expect(result.records == tickets.map(\.node))
        #expect(result.outcomes.last == .reject(line: 201, reason: "invalid literal (true, false or null expected) at column 1",
                                                      rawText: "not json"))
        #expect(result.outcomes == JSONReadResult(plain, layout: .lines).outcomes)
    }

    @Test("a .gz file cut short, even at a line boundary or just before its trailer, is an error, not a short export",
          arguments: [8, 200])
    func truncatedGzip(cutBytes: Int) throws {
        let folder = try TemporaryDirectory()
        let tickets = Self.sampleTickets(count: 200)
        let plain = try folder.write("tickets.ndjson", text: tickets.map(\.text).joined(separator: "\n") + "\n")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", plain]
        try gzip.run()
        gzip.waitUntilExit()
        let whole = try Data(contentsOf: URL(fileURLWithPath: plain + ".gz"))
        // 8 bytes: only the CRC and length trailer is missing, every line is there.
        let cut = try folder.write("cut.ndjson.gz", bytes: Array(whole.prefix(whole.count - cutBytes)))
        let result = JSONReadResult(cut, layout: .lines, chunkSize: 1000)
        guard case let .io(file, reason)? = result.error else {
            Issue.record("expected an I/O error, got \(String(describing: result.error)) after \(result.records.count) records")
            return
        }
        #expect(file == cut)
        #expect(reason.contains("truncated"))
    }
}
