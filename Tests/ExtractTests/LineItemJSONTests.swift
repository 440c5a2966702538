import Extract
import Foundation
import PipelineCore
import Testing

/// The staged JSON of line items and the one string quoting behind it: escapes written as they
/// were before the byte-buffer rewrite (`"`, `\`, `\n`, `\r`, `\t`, `\u00xx` below U+0020), the rest as is.
@Suite("line items as JSON")
struct LineItemJSONTests {
    @Test(arguments: [
        ("plain", "\"plain\""),
        ("", "\"\""),
        ("Milch \"&\" Zucker", "\"Milch \\\"&\\\" Zucker\""),
        ("C:\\Kasse", "\"C:\\\\Kasse\""),
        ("a\nb\rc\td", "\"a\\nb\\rc\\td\""),
        ("\u{1}\u{1F}\u{7F}", "\"\\u0001\\u001f\u{7F}\""),
        ("Müsli Früchte 750g 🎄", "\"Müsli Früchte 750g 🎄\""),
    ])
    func quoting(text: String, quoted: String) {
        #expect(JSONText.quote(text) == quoted)
        var bytes: [UInt8] = [0x5B]
        JSONText.appendQuoted(text, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "[" + quoted)
    }

    @Test func itemsOfAnXMLTransaction() throws {
        let yaml = """
            version: 1
            warehouse: w.sqlite
            staging: s.sqlite
            sources:
              - name: till
                system: branch
                entity: purchase
                format: xml
                path: pos.xml
                dialect: {record_element: export/transactions/transaction, decimal_comma: true}
                fields:
                  record_id: "@id"
                  occurred_at: "@at"
                  amount: total
                  items:
                    from: items.item
                    fields: {sku: "@sku", name: "#text", quantity: "@qty", unit_price: "@price"}
            """
        let config = try PipelineConfig.parse(yaml: yaml, file: "/tmp/pipeline.yml")
        let mapper = try RecordMapper(source: config.sources[0], configFile: config.file, timeZone: TimeZone(identifier: "UTC")!)
        let xml = """
            <export><transactions><transaction id="T1" at="2026-11-21T10:00:00+01:00"><items>\
            <item sku="S-1" qty="2" price="1,50">Milch &amp; "Zucker"</item>\
            <item sku="S\\2" qty="1,5" price="0,99">Tab\tund&#10;Zeile</item>\
            </items><total>3,99</total></transaction>\
            <transaction id="T2" at="2026-11-21T10:00:00+01:00"><items><item/></items><total>0</total></transaction>\
            <transaction id="T3" at="2026-11-21T10:00:00+01:00"><items/><total>0</total></transaction></transactions></export>
            """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("line-items-\(UUID().uuidString).xml").path
        try xml.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var reader = try XMLRecordReader(source: try ByteSource(path: path), recordPath: ["export", "transactions", "transaction"])
        let items = try #require(mapper.fields.firstIndex { $0.name == "items" })
        var staged: [CanonicalValue] = []
        while let outcome = try reader.next() {
            guard case let .record(_, record) = outcome, case let .success(values) = mapper.map(record) else { continue }
            staged.append(values[items])
        }
        #expect(staged == [
            .text(#"[{"sku":"S-1","name":"Milch & \"Zucker\"","quantity":"2","unit_price":150},"#
                + #"{"sku":"S\\2","name":"Tab\tund\nZeile","quantity":"1.5","unit_price":99}]"#),
            .text(#"[{"sku":null,"name":null,"quantity":null,"unit_price":null}]"#),
            .null,
        ])
    }
}
