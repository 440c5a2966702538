import Foundation
import Testing
import TestSupport
@testable import Extract

/// What a whole CSV file read to the end gave.
struct CSVReadResult {
    var header: [String]
    var delimiter: UInt8
    var encoding: TextEncoding
    var outcomes: [ReadOutcome]

    /// The rows of the good records, in order.
    var rows: [[String]] {
        outcomes.compactMap { outcome in
            if case let .record(_, .row(fields)) = outcome { return fields }
            return nil
        }
    }
}

/// Writes `bytes` to a file in a fresh temp folder and reads it to the end.
func readCSV(_ bytes: [UInt8], options: CSVOptions = CSVOptions(), chunkSize: Int = 256 * 1024,
             maxRecordBytes: Int = 16 * 1024 * 1024) throws -> CSVReadResult {
    let folder = try TemporaryDirectory("csv-reader")
    let path = try folder.write("input.csv", bytes: bytes)
    var reader = try CSVReader(source: ByteSource(path: path), options: options, chunkSize: chunkSize,
                               maxRecordBytes: maxRecordBytes)
    var outcomes: [ReadOutcome] = []
    while let outcome = try reader.next() { outcomes.append(outcome) }
    return CSVReadResult(header: reader.header, delimiter: reader.delimiter, encoding: reader.encoding, outcomes: outcomes)
}

func readCSV(_ text: String, options: CSVOptions = CSVOptions(), chunkSize: Int = 256 * 1024) throws -> CSVReadResult {
    try readCSV(Array(text.utf8), options: options, chunkSize: chunkSize)
}

/// Chunk sizes that put buffer boundaries everywhere (1 byte) and nowhere (the default).
let chunkSizes = [1, 2, 3, 5, 16, 256 * 1024]

@Suite("CSVReader")
struct CSVReaderTests {
    @Test(arguments: chunkSizes)
    func readsHeaderAndRowsWithLineNumbers(chunkSize: Int) throws {
        let result = try readCSV("id,name,zip\n1,Anna,01067\n2,Jürgen,10115\n", chunkSize: chunkSize)
        #expect(result.header == ["id", "name", "zip"])
        #expect(result.delimiter == UInt8(ascii: ","))
        #expect(result.outcomes == [
            .record(line: 2, .row(["1", "Anna", "01067"])),
            .record(line: 3, .row(["2", "Jürgen", "10115"])),
        ])
    }

    @Test("Excel's `sep=;` line before the header is skipped, and names the delimiter when none is configured", arguments: chunkSizes)
    func excelSeparatorLine(chunkSize: Int) throws {
        let text = "sep=;\r\nNr;Name\r\n1;Anna\r\n"
        for options in [CSVOptions(), CSVOptions(delimiter: UInt8(ascii: ";"))] {
            let result = try readCSV(Array(text.utf8), options: options, chunkSize: chunkSize)
            #expect(result.header == ["Nr", "Name"])
            #expect(result.delimiter == UInt8(ascii: ";"))
            #expect(result.outcomes == [.record(line: 3, .row(["1", "Anna"]))])
        }
        // A header that merely starts with the letters is a header.
        #expect(try readCSV("separator;x\n1;2\n", chunkSize: chunkSize).header == ["separator", "x"])
    }

    @Test(arguments: chunkSizes)
    func quotedFieldsHoldDelimitersQuotesAndNewlines(chunkSize: Int) throws {
        let text = "a;b;c\n\"x;y\";\"say \"\"hi\"\"\";\"two\nlines\"\n\"crlf\r\ninside\";\"\";\"\"\"\"\nlast;row;here\n"
        let result = try readCSV(text, chunkSize: chunkSize)
        #expect(result.delimiter == UInt8(ascii: ";"))
        #expect(result.outcomes == [
            .record(line: 2, .row(["x;y", "say \"hi\"", "two\nlines"])),
            .record(line: 4, .row(["crlf\r\ninside", "", "\""])),
            .record(line: 6, .row(["last", "row", "here"])),
        ])
    }

    @Test(arguments: ["\n", "\r\n", "\r"], chunkSizes)
    func lineEndsLFCRLFAndLoneCR(lineEnd: String, chunkSize: Int) throws {
        let text = ["h1,h2", "a,b", "\"q\(lineEnd)r\",c", "d,e"].joined(separator: lineEnd) + lineEnd
        let result = try readCSV(text, chunkSize: chunkSize)
        #expect(result.header == ["h1", "h2"])
        #expect(result.outcomes == [
            .record(line: 2, .row(["a", "b"])),
            .record(line: 3, .row(["q\(lineEnd)r", "c"])),
            .record(line: 5, .row(["d", "e"])),
        ])
    }

    @Test(arguments: chunkSizes)
    func lastRowWithoutLineEnd(chunkSize: Int) throws {
        let result = try readCSV("a,b\n1,2\n3,\"4\"", chunkSize: chunkSize)
        #expect(result.rows == [["1", "2"], ["3", "4"]])
    }

    @Test func trailingDelimiterIsAnEmptyLastField() throws {
        let result = try readCSV("a,b,c\n1,2,\n,,\n")
        #expect(result.rows == [["1", "2", ""], ["", "", ""]])
    }

    @Test(arguments: chunkSizes)
    func blankLinesAreSkippedButCounted(chunkSize: Int) throws {
        let result = try readCSV("\n\r\na,b\n\n1,2\r\n\r\n\r3,4\n\n", chunkSize: chunkSize)
        #expect(result.header == ["a", "b"])
        #expect(result.outcomes == [.record(line: 5, .row(["1", "2"])), .record(line: 8, .row(["3", "4"]))])
    }

    @Test(arguments: chunkSizes)
    func byteOrderMarkIsSkipped(chunkSize: Int) throws {
        let result = try readCSV([0xEF, 0xBB, 0xBF] + Array("name;ort\nÖzlem;Köln\n".utf8), chunkSize: chunkSize)
        #expect(result.header == ["name", "ort"])
        #expect(result.rows == [["Özlem", "Köln"]])
    }

    @Test func byteOrderMarkMeansUTF8EvenWhenWindows1252IsConfigured() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("name\nMüller\n".utf8)
        let result = try readCSV(bytes, options: CSVOptions(encoding: .windows1252))
        #expect(result.encoding == .utf8)
        #expect(result.header == ["name"])
        #expect(result.rows == [["Müller"]])
    }

    @Test func headerNamesAreTrimmedButValuesAreNot() throws {
        let result = try readCSV(" id ;\tPLZ\u{00A0};\" Ort \"\n 007 ;01067; Dresden \n")
        #expect(result.header == ["id", "PLZ", "Ort"])
        #expect(result.rows == [[" 007 ", "01067", " Dresden "]])
    }

    @Test(arguments: [
        (UInt8(ascii: ";"), "a;b;c\n1;2,5;3\n"),
        (UInt8(ascii: "\t"), "a\tb\tc\n1\t2,5\t3\n"),
        (UInt8(ascii: "|"), "a|b|c\n1|2,5|3\n"),
        (UInt8(ascii: ","), "a,b,c\n1,\"2,5\",3\n"),
    ])
    func explicitDelimiters(delimiter: UInt8, text: String) throws {
        let result = try readCSV(text, options: CSVOptions(delimiter: delimiter))
        #expect(result.delimiter == delimiter)
        #expect(result.rows == [["1", "2,5", "3"]])
    }

    @Test(arguments: [
        ("a,b,c\n", UInt8(ascii: ",")),
        ("a;b;c\n", UInt8(ascii: ";")),
        ("a\tb\tc\n", UInt8(ascii: "\t")),
        ("a|b|c\n", UInt8(ascii: "|")),
        ("\"Name, Vorname\";PLZ;Ort\n", UInt8(ascii: ";")),  // the comma is quoted
        ("\"x\ny;z;w\",a,b,c\n", UInt8(ascii: ",")),          // newline and ; inside quotes
        ("Betrag;1,5\n", UInt8(ascii: ";")),                  // a tie prefers ;
        ("onlyonecolumn\n", UInt8(ascii: ",")),
        ("\n\na;b\n", UInt8(ascii: ";")),                     // blank lines before the header
        ("a;b", UInt8(ascii: ";")),                           // no line end at all
    ])
    func detectsTheDelimiterFromTheFirstLine(text: String, expected: UInt8) throws {
        for chunkSize in [1, 4, 256 * 1024] {
            let result = try readCSV(text, chunkSize: chunkSize)
            #expect(result.delimiter == expected, "chunk size \(chunkSize)")
        }
    }

    @Test func windows1252Bytes() throws {
        // "Straße;Preis;Kommentar\nMüllerstraße 1;80 €;„gut“ – danke\n" in Windows-1252.
        var bytes = Array("Stra".utf8) + [0xDF] + Array("e;Preis;Kommentar\nM".utf8) + [0xFC]
        bytes += Array("llerstra".utf8) + [0xDF] + Array("e 1;80 ".utf8) + [0x80] + Array(";".utf8)
        bytes += [0x84] + Array("gut".utf8) + [0x93, 0x20, 0x96] + Array(" danke\n".utf8)
        let result = try readCSV(bytes, options: CSVOptions(encoding: .windows1252))
        #expect(result.header == ["Straße", "Preis", "Kommentar"])
        #expect(result.rows == [["Müllerstraße 1", "80 €", "„gut“ – danke"]])
    }

    @Test func windows1252UndefinedByteRejectsTheRowOnly() throws {
        let bytes = Array("a;b\n1;x".utf8) + [0x81] + Array("y\n2;".utf8) + [0xFC] + Array("\n".utf8)
        let result = try readCSV(bytes, options: CSVOptions(encoding: .windows1252))
        #expect(result.outcomes == [
            .reject(line: 2, reason: "invalid windows-1252 byte", rawText: "1;x\u{FFFD}y"),
            .record(line: 3, .row(["2", "ü"])),
        ])
    }

    @Test func iso88591Bytes() throws {
        let bytes = Array("name;wert\nK".utf8) + [0xF6] + Array("ln;".utf8) + [0xDF, 0x80, 0xA4] + Array("\n".utf8)
        let result = try readCSV(bytes, options: CSVOptions(encoding: .iso88591))
        #expect(result.rows == [["Köln", "ß\u{80}¤"]])
    }

    @Test(arguments: chunkSizes)
    func invalidUTF8RejectsTheRowAndReadingGoesOn(chunkSize: Int) throws {
        // 0xFC is ü in Windows-1252 but not UTF-8: a mislabelled export.
        let bytes = Array("name;ort\nM".utf8) + [0xFC] + Array("ller;Berlin\nSchmidt;Köln\n".utf8)
        let result = try readCSV(bytes, chunkSize: chunkSize)
        #expect(result.outcomes == [
            .reject(line: 2, reason: "invalid UTF-8", rawText: "M\u{FFFD}ller;Berlin"),
            .record(line: 3, .row(["Schmidt", "Köln"])),
        ])
    }

    @Test(arguments: chunkSizes)
    func wrongFieldCountIsRejectedWithTheRightLineAfterAMultiLineField(chunkSize: Int) throws {
        let text = "a,b,c\n1,\"multi\nline\r\nvalue\",3\n4,5\n6,7,8,9\r\n10,11,12\n"
        let result = try readCSV(text, chunkSize: chunkSize)
        #expect(result.outcomes == [
            .record(line: 2, .row(["1", "multi\nline\r\nvalue", "3"])),
            .reject(line: 5, reason: "expected 3 fields, found 2", rawText: "4,5"),
            .reject(line: 6, reason: "expected 3 fields, found 4", rawText: "6,7,8,9"),
            .record(line: 7, .row(["10", "11", "12"])),
        ])
    }

    @Test(arguments: chunkSizes)
    func unterminatedQuoteRejectsTheRestOfTheFile(chunkSize: Int) throws {
        let text = "a,b\n1,2\n3,\"open\n4,5\n"
        let result = try readCSV(text, chunkSize: chunkSize)
        #expect(result.outcomes == [
            .record(line: 2, .row(["1", "2"])),
            .reject(line: 3, reason: "unterminated quoted field", rawText: "3,\"open\n4,5\n"),
        ])
    }

    @Test func strayQuotesAreKeptLeniently() throws {
        let result = try readCSV("a,b\n5\" disk,x\"y\n\"ab\"c,\"d\"\"e\"f\n")
        #expect(result.rows == [["5\" disk", "x\"y"], ["abc", "d\"ef"]])
    }

    @Test func leadingZerosAndNumbersStayText() throws {
        let result = try readCSV("plz;kundennr;betrag\n01067;000123;1.234,50\n")
        #expect(result.rows == [["01067", "000123", "1.234,50"]])
    }

    @Test(arguments: chunkSizes)
    func withoutHeaderColumnsAreNumberedAndTheFirstRowIsData(chunkSize: Int) throws {
        let result = try readCSV("x;1;01067\ny;2;80331\nz;3\n", options: CSVOptions(hasHeader: false), chunkSize: chunkSize)
        #expect(result.header == ["1", "2", "3"])
        #expect(result.outcomes == [
            .record(line: 1, .row(["x", "1", "01067"])),
            .record(line: 2, .row(["y", "2", "80331"])),
            .reject(line: 3, reason: "expected 3 fields, found 2", rawText: "z;3"),
        ])
    }

    @Test(arguments: ["", "\n\n", "\r\n", "\u{FEFF}"])
    func emptyFileHasNoHeaderAndNoRecords(text: String) throws {
        let result = try readCSV(text)
        #expect(result.header == [])
        #expect(result.outcomes == [])
        let withoutHeader = try readCSV(text, options: CSVOptions(hasHeader: false))
        #expect(withoutHeader.header == [])
        #expect(withoutHeader.outcomes == [])
    }

    @Test(arguments: ["a,b,c", "a,b,c\n", "a,b,c\r\n\r\n"])
    func headerOnlyHasNoRecords(text: String) throws {
        let result = try readCSV(text)
        #expect(result.header == ["a", "b", "c"])
        #expect(result.outcomes == [])
    }

    @Test func overlongRowIsRejectedAndReadingGoesOn() throws {
        let long = "1," + String(repeating: "x", count: 300)
        let quotedLong = "2,\"" + String(repeating: "y\n", count: 100) + "\""
        let text = "a,b\n\(long)\n\(quotedLong)\r\n3,ok\n"
        for chunkSize in [1, 16, 64] {
            let result = try readCSV(Array(text.utf8), chunkSize: chunkSize, maxRecordBytes: 128)
            try #require(result.outcomes.count == 3, "chunk size \(chunkSize)")
            for (index, row) in [(0, long), (1, quotedLong)] {
                guard case let .reject(line, reason, rawText) = result.outcomes[index] else {
                    Issue.record("expected a reject at \(index), chunk size \(chunkSize)")
                    continue
                }
                #expect(line == index + 2)
                #expect(reason == "row longer than 128 bytes")
                // Only a prefix is kept, and at least what the row-size limit allowed to buffer.
                #expect(row.hasPrefix(rawText) && rawText.utf8.count >= 128, "chunk size \(chunkSize)")
            }
            #expect(result.outcomes[2] == .record(line: 104, .row(["3", "ok"])), "chunk size \(chunkSize)")
        }
    }

    @Test func overlongUnterminatedQuoteEndsAtEndOfFile() throws {
        let text = "a,b\n1,\"" + String(repeating: "z", count: 500) + "\n"
        let result = try readCSV(Array(text.utf8), chunkSize: 16, maxRecordBytes: 100)
        #expect(result.outcomes.count == 1)
        guard case let .reject(line, reason, rawText) = result.outcomes.first else {
            Issue.record("expected a reject")
            return
        }
        #expect(line == 2)
        #expect(reason == "unterminated quoted field")
        #expect(rawText.hasPrefix("1,\"zzz"))
        #expect(rawText.utf8.count >= 100 && rawText.utf8.count < text.utf8.count)
    }

    @Test func undecodableHeaderThrows() throws {
        let bytes = Array("na".utf8) + [0xFF] + Array("me\n1\n".utf8)
        #expect(throws: ExtractError.self) { try readCSV(bytes) }
        do {
            _ = try readCSV(bytes)
        } catch let error as ExtractError {
            guard case let .header(_, reason) = error else {
                Issue.record("expected .header, got \(error)")
                return
            }
            #expect(reason.contains("utf-8"))
        }
    }

    @Test func unterminatedQuoteInHeaderThrowsMalformed() throws {
        do {
            _ = try readCSV("a,\"b\n1,2\n")
            Issue.record("expected an error")
        } catch let error as ExtractError {
            guard case let .malformed(_, line, _, _) = error else {
                Issue.record("expected .malformed, got \(error)")
                return
            }
            #expect(line == 1)
        }
    }

    @Test func delimiterEqualToQuoteOrALineBreakIsRefused() {
        #expect(throws: ExtractError.self) {
            try readCSV("a\"b\n", options: CSVOptions(delimiter: 0x22))
        }
        #expect(throws: ExtractError.self) {
            try readCSV("a\nb\n", options: CSVOptions(delimiter: 0x0A))
        }
        #expect(throws: ExtractError.self) {
            try readCSV("a\nb\n", options: CSVOptions(quote: 0x0D))
        }
    }

    @Test func anotherQuoteCharacter() throws {
        let result = try readCSV("name;note\n'Müller; Hans';'it''s'\n\"x\";y\n", options: CSVOptions(quote: UInt8(ascii: "'")))
        #expect(result.delimiter == UInt8(ascii: ";"))
        #expect(result.rows == [["Müller; Hans", "it's"], ["\"x\"", "y"]])
    }

    /// A generated file with every feature, read with tiny and odd chunk sizes, must give exactly
    /// what reading it in one chunk gives, and what the rows were built from.
    @Test(arguments: [1, 7, 64, 1000, 4096])
    func recordsSpanningChunkBoundaries(chunkSize: Int) throws {
        var generator = SeededGenerator(seed: UInt64(chunkSize))
        let pieces = ["Müller", "a;b", "say \"x\"", "two\nlines", "cr\r\nlf", "", " 01067 ", "€", "x\"y", "end"]
        var expected: [[String]] = []
        var text = "c1;c2;c3;c4\r\n"
        for _ in 0..<400 {
            var row: [String] = []
            var cells: [String] = []
            for _ in 0..<4 {
                let value = pieces[Int(generator.next() % UInt64(pieces.count))]
                row.append(value)
                let needsQuotes = value.contains(";") || value.contains("\n") || value.contains("\r")
                    || value.hasPrefix("\"") || generator.next() % 3 == 0
                cells.append(needsQuotes ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value)
            }
            expected.append(row)
            text += cells.joined(separator: ";") + (generator.next() % 2 == 0 ? "\n" : "\r\n")
        }
        let small = try readCSV(text, chunkSize: chunkSize)
        let whole = try readCSV(text)
        #expect(small.outcomes == whole.outcomes)
        #expect(small.rows == expected)
        #expect(small.outcomes.count == 400)
    }

    /// Repeating short values are shared between rows (CSVFieldPool): they must still come back
    /// byte for byte, including values that differ only past 8, 16 or 24 bytes, in length, or in a
    /// trailing NUL, next to a column of unique values that switches pooling off.
    @Test(arguments: [TextEncoding.utf8, .windows1252])
    func repeatedValuesComeBackExactly(encoding: TextEncoding) throws {
        let stems = ["a", "ab", "abcdefgh", "abcdefghi", "abcdefghijklmnop", "abcdefghijklmnopq",
                     "abcdefghijklmnopqrstuvwxyz012345", "abcdefghijklmnopqrstuvwxyz0123456", "Köln", "Kö", "K",
                     "Müller-Lüdenscheidt", "x\u{0}", "x", "€ 12,50", "ß"]
        var values = stems
        for stem in stems { values.append(stem + "Z"); values.append("Z" + stem) }
        var generator = SeededGenerator(seed: 99)
        var expected: [[String]] = []
        var text = "id;value;other\n"
        for index in 0..<12_000 {
            let value = values[Int(generator.next() % UInt64(values.count))]
            let other = values[Int(generator.next() % UInt64(values.count))] + String(index % 7)
            expected.append([String(index), value, other])
            text += "\(index);\(value);\(other)\n"
        }
        let bytes: [UInt8] = encoding == .utf8
            ? Array(text.utf8)
            : text.unicodeScalars.map { scalar in
                // Windows-1252: € is 0x80, the rest of these characters are Latin-1.
                scalar == "€" ? 0x80 : UInt8(scalar.value)
            }
        let result = try readCSV(bytes, options: CSVOptions(encoding: encoding), chunkSize: 4096)
        #expect(result.rows == expected)
    }

    @Test func aLongFileStreamsThroughManyChunks() throws {
        // More than 16 chunks of 4 KiB: the buffer is refilled and compacted many times.
        var text = "id;plz;name\n"
        for index in 1...5_000 { text += "\(index);0\(1000 + index % 9000);\"Name \(index)\"\n" }
        let result = try readCSV(text, chunkSize: 4096)
        #expect(result.rows.count == 5_000)
        #expect(result.rows.last == ["5000", "06000", "Name 5000"])
        #expect(result.outcomes.last == .record(line: 5_001, .row(["5000", "06000", "Name 5000"])))
    }
}

/// A small deterministic generator (SplitMix64) so generated files are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
