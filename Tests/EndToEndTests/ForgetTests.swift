import Foundation
import Testing
import TestSupport

@Suite("erasure (GDPR Art. 17)", .serialized)
struct ForgetTests {
    /// Tables of `database` with a row that mentions `value` in any column (one sqlite3 call).
    static func mentions(of value: String, in database: String) throws -> [String] {
        let columns = try ProcessRunner.sqlite3(database, """
            SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid
            """).split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
        let escaped = value.lowercased().replacingOccurrences(of: "'", with: "''")
        let byTable = Dictionary(grouping: columns, by: { $0[0] })
        let query = byTable.keys.sorted().map { table in
            let condition = byTable[table]!.map { "instr(lower(CAST(\"\($0[1])\" AS TEXT)), '\(escaped)') > 0" }.joined(separator: " OR ")
            return "SELECT '\(table)' FROM \"\(table)\" WHERE \(condition)"
        }.joined(separator: " UNION ")
        let found = try ProcessRunner.sqlite3(database, query)
        return found.isEmpty ? [] : found.split(separator: "\n").map(String.init)
    }

    @Test("forget --email removes every trace from both databases and blocks re-import")
    func forgetByEmail() throws {
        let dir = try TemporaryDirectory()
        #expect(try SampleRunTests.oneface(["run"], in: dir).status == 0)
        let warehouse = dir.file("warehouse.sqlite"), staging = dir.file("staging.sqlite")
        // The customer found in the most systems.
        let person = try ProcessRunner.sqlite3(warehouse, """
            SELECT customer_id, email, coalesce(phone, '') FROM v_customer_360 WHERE email IS NOT NULL
            ORDER BY source_systems DESC, source_records DESC, customer_id LIMIT 1
            """).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let (customerID, email, phone) = (person[0], person[1], person[2])
        let recordIDs = try ProcessRunner.sqlite3(warehouse, "SELECT source_record_id FROM bridge_customer_source WHERE customer_id = '\(customerID)'")
            .split(separator: "\n").map(String.init)
        #expect(recordIDs.count >= 3)
        let customersBefore = Int(try ProcessRunner.sqlite3(warehouse, "SELECT count(*) FROM dim_customer WHERE is_current = 1"))!

        // The search finds the person before the erasure (so finding nothing afterwards means something).
        #expect(try Self.mentions(of: email, in: warehouse) == ["dim_customer"])
        #expect(try Self.mentions(of: recordIDs[0], in: staging).count >= 2)

        let result = try SampleRunTests.oneface(["forget", "--email", email.uppercased()], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains(email))

        let values = [customerID, email] + recordIDs + (phone.isEmpty ? [] : [phone])
        for database in [warehouse, staging] {
            for value in values {
                #expect(try Self.mentions(of: value, in: database).isEmpty, "a value of the erased person is still in \(database)")
            }
        }
        #expect(Int(try ProcessRunner.sqlite3(warehouse, "SELECT count(*) FROM dim_customer WHERE is_current = 1"))! < customersBefore)
        #expect(try ProcessRunner.sqlite3(warehouse, "PRAGMA foreign_key_check") == "")

        // The next night re-delivers the same exports: the person is quarantined as an erased subject.
        #expect(try SampleRunTests.oneface(["run", "--force"], in: dir).status == 0)
        for value in values {
            #expect(try Self.mentions(of: value, in: warehouse).isEmpty, "re-imported after erasure")
        }
        let erased = try ProcessRunner.sqlite3(warehouse, "SELECT count(*), count(raw_text) FROM etl_reject WHERE reason = 'erased subject'")
        #expect(erased.hasSuffix("|0"), "quarantined without their text: \(erased)")
        #expect(!erased.hasPrefix("0|"))
        #expect(try ProcessRunner.sqlite3(warehouse, "SELECT count(*) FROM etl_file WHERE status = 'staged' AND rows_read <> rows_staged + rows_rejected") == "0")
    }

    @Test("forget with an unknown address erases nothing and says so")
    func unknown() throws {
        let dir = try TemporaryDirectory()
        #expect(try SampleRunTests.oneface(["run"], in: dir).status == 0)
        let result = try SampleRunTests.oneface(["forget", "--email", "nobody@example.invalid"], in: dir)
        #expect(result.status == 65)
        #expect(result.stderr.contains("nothing was erased"))
        #expect(!result.stderr.contains("nobody@"))
    }
}
