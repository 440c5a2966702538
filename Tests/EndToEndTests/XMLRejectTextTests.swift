import Foundation
import Testing
import TestSupport

/// `etl_reject.raw_text` of a rejected XML record is the record element as it stood in the file,
/// as for CSV and NDJSON rows, not a rebuild of the parsed tree.
@Suite("XML rejects keep their exact text", .serialized)
struct XMLRejectTextTests {
    static let yaml = """
    version: 1
    warehouse: out/warehouse.sqlite
    staging: out/staging.sqlite
    input_root: in
    sources:
      - name: pos
        system: branch
        entity: purchase
        format: xml
        path: pos_*.xml*
        dialect: {record_element: export/transactions/transaction}
        fields:
          record_id: "@id"
          occurred_at: "@at"
          full_name: customer.name
          amount: total
          items:
            from: items.item
            fields:
              sku: "@sku"
              name: "#text"
    """

    /// Three records; the second is rejected (amount `abc`) and starts 40 bytes before the 64 KiB
    /// boundary, so libxml2 receives it in two pushes. Returns the file and that record's text.
    static func export(rejectedAmount: String = "abc") -> (text: String, rejected: String) {
        let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<export><transactions>\n  "
        let first = "<transaction id=\"S1\" at=\"2026-03-01T10:00:00Z\"><customer><name>Anna Huber</name></customer>"
            + "<total>9.99</total><note>" + String(repeating: "x", count: 40_000) + "</note></transaction>"
        let before = head + first + "\n  <!-- "
        let padding = String(repeating: ".", count: 65_536 - 40 - before.utf8.count - " -->\n  ".utf8.count)
        let rejected = """
            <transaction id="S2" at="2026-03-02T11:30:00Z" note="Tom &amp; Jerry">
                <customer><name>Jürgen Müller</name></customer>
                <total>\(rejectedAmount)</total>
                <items><item sku="A-1"><![CDATA[Tee <grün> & Honig]]></item><item sku="B-2"/></items>
              </transaction>
            """
        let last = "<transaction id=\"S3\" at=\"2026-03-03T09:00:00Z\"><total>1.00</total></transaction>"
        let text = before + padding + " -->\n  " + rejected + "\n  " + last + "\n</transactions></export>\n"
        return (text, rejected)
    }

    @Test("a rejected record crossing a 64 KiB push has raw_text equal to its bytes in the file")
    func rawTextIsTheRecordAsInTheFile() throws {
        let mini = try MiniPipeline(yaml: Self.yaml)
        let (text, rejected) = Self.export()
        let start = try #require(text.utf8.firstRange(of: rejected.utf8)).lowerBound
        let offset = text.utf8.distance(from: text.utf8.startIndex, to: start)
        #expect(offset < 65_536 && offset + rejected.utf8.count > 65_536)
        try mini.dir.write("in/pos_1.xml", text: text)

        let run = try mini.oneface(["run"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try ProcessRunner.sqlite3(mini.staging, "SELECT record_id FROM stg_pos ORDER BY record_id") == "S1\nS3")
        // hex: the text has line breaks, and the comparison must be byte for byte.
        let hex = rejected.utf8.map { String(format: "%02X", $0) }.joined()
        let row = try ProcessRunner.sqlite3(mini.staging, "SELECT line, hex(raw_text) FROM etl_reject")
        #expect(row == "5|\(hex)", "\(row)")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT hex(raw_text) FROM etl_reject") == hex)
        // The record's content stays out of the logs.
        #expect(!run.stderr.contains("Müller") && !run.stdout.contains("Müller"))
    }

    @Test("a gzip-compressed export keeps the decompressed record's text")
    func rawTextFromGzip() throws {
        let mini = try MiniPipeline(yaml: Self.yaml)
        let (text, rejected) = Self.export()
        let path = try mini.dir.write("in/pos_1.xml", text: text)
        try #require(try ProcessRunner.run("/bin/gzip", [path]).status == 0)

        let run = try mini.oneface(["run"])
        #expect(run.status == 0, "\(run.stderr)")
        let hex = rejected.utf8.map { String(format: "%02X", $0) }.joined()
        #expect(try ProcessRunner.sqlite3(mini.staging, "SELECT hex(raw_text) FROM etl_reject") == hex)
    }
}
