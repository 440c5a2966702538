import Foundation
import Testing
import TestSupport

/// A hand-written export in another layout with people in Austria, the US and the UK: phones,
/// postcodes and street lines are read by each record's country, a bad value costs that value only,
/// and a record that identifies nobody is listed, never silently dropped.
@Suite("international export through a pipeline of its own", .serialized)
struct InternationalExportTests {
    static let folder = RepositoryPaths.tests("EndToEndTests/Fixtures/intl-layout").path

    /// Runs the pipeline in `dir` (kept alive by the caller: it is deleted with the value).
    static func run(in dir: TemporaryDirectory) throws -> (staging: String, warehouse: String) {
        let staging = dir.file("staging.sqlite"), warehouse = dir.file("warehouse.sqlite")
        let run = try ProcessRunner.oneface(["run", "--pipeline", folder + "/intl.yml", "--input-root", folder,
                                             "--staging", staging, "--warehouse", warehouse, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        return (staging, warehouse)
    }

    @Test("phones, postcodes and countries by the record's country; duplicates across formats link")
    func normalisedByCountry() throws {
        let dir = try TemporaryDirectory()
        let (staging, warehouse) = try Self.run(in: dir)
        let rows = try ProcessRunner.sqlite3(staging, "SELECT source_record_id, phone, postcode, country, house_number FROM id_record ORDER BY 1")
        #expect(rows.contains("P1|+436641234567|1010|AT|44"), "\(rows)")
        #expect(rows.contains("P3|+14181774660|02119|US|5691"), "\(rows)")
        #expect(rows.contains("P4|+14181774660|02119|US|5691"), "\(rows)")
        #expect(rows.contains("P5|+447700900123|SW1A 2AA|GB|10"), "\(rows)")
        let customers = try ProcessRunner.sqlite3(warehouse, """
            SELECT group_concat(source_record_id, ' ') FROM (SELECT customer_id, source_record_id FROM bridge_customer_source
            ORDER BY source_record_id) GROUP BY customer_id ORDER BY 1
            """)
        #expect(customers.contains("P1 P2"), "the Austrian duplicate (one with an invalid birth date) links: \(customers)")
        #expect(customers.contains("P3 P4"), "the US duplicate links: \(customers)")
        let country = try ProcessRunner.sqlite3(warehouse, "SELECT DISTINCT country FROM dim_customer WHERE is_current ORDER BY 1")
        #expect(country.split(separator: "\n").map(String.init) == ["AT", "DE", "GB", "US"], "\(country)")
    }

    @Test("a bad value is recorded with its line; a record that identifies nobody is listed")
    func nothingLostSilently() throws {
        let dir = try TemporaryDirectory()
        let (staging, warehouse) = try Self.run(in: dir)
        let invalidDate = try ProcessRunner.sqlite3(staging, "SELECT line, field, raw_value FROM etl_nulled")
        #expect(invalidDate == "3|birth_date|15.17.1974", "\(invalidDate)")
        let nulled = try ProcessRunner.sqlite3(staging, "SELECT source_record_id, line, field FROM id_nulled ORDER BY 1, 3")
        #expect(nulled.contains("P6|7|country") && nulled.contains("P6|7|phone"), "\(nulled)")
        let unidentified = try ProcessRunner.sqlite3(staging, "SELECT source_record_id, line FROM id_unidentified")
        #expect(unidentified == "P7|8", "\(unidentified)")
        let bridged = try ProcessRunner.sqlite3(warehouse, "SELECT count(*) FROM bridge_customer_source")
        #expect(bridged == "6", "P1-P6 are customers' records, P7 identifies nobody: \(bridged)")
    }

    @Test("an erased foreign customer's phone, written in national form, blocks a later export of them")
    func erasureReadsTheCountry() throws {
        let dir = try TemporaryDirectory()
        let input = dir.file("input")
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        for name in ["people.csv", "intl.yml"] {
            try FileManager.default.copyItem(atPath: Self.folder + "/" + name, toPath: input + "/" + name)
        }
        let options = ["--pipeline", input + "/intl.yml", "--input-root", input,
                       "--staging", dir.file("staging.sqlite"), "--warehouse", dir.file("warehouse.sqlite"), "--quiet"]
        #expect(try ProcessRunner.oneface(["run"] + options).status == 0)
        let customer = try ProcessRunner.sqlite3(dir.file("warehouse.sqlite"),
                                                 "SELECT customer_id FROM bridge_customer_source WHERE source_record_id = 'P5'")
        let forget = try ProcessRunner.oneface(["forget", "--customer-id", customer] + options)
        #expect(forget.status == 0, "\(forget.stderr)")
        // A later export names her again under a new id, her UK mobile in national form.
        try "id|given|family|mail|tel|addr|zip|town|land|dob\nP9|Emma|Jones||07700 900123|||London|Vereinigtes Königreich|\n"
            .write(toFile: input + "/people2.csv", atomically: true, encoding: .utf8)
        #expect(try ProcessRunner.oneface(["run"] + options).status == 0)
        let erased = try ProcessRunner.sqlite3(dir.file("staging.sqlite"),
                                               "SELECT count(*) FROM etl_reject WHERE reason = 'erased subject' AND line = 2")
        #expect(erased == "1", "the re-import is quarantined as an erased subject: \(erased)")
    }

    /// A second hand-written export: NDJSON with one full-name field and a nested address, people in
    /// nine countries, each pair written two ways (salutation and `Jr.`, `C/` and `Calle`, `Av.` and
    /// `Avenue`, `bte 3`, `m. 4`, `NSW`-less and `VIC` postcodes, a phone without its `+`).
    @Test("a European and overseas export in another layout: each person's two records link, namesakes stay apart")
    func otherLayoutLinks() throws {
        let folder = RepositoryPaths.tests("EndToEndTests/Fixtures/europe-layout").path
        let dir = try TemporaryDirectory()
        let staging = dir.file("staging.sqlite"), warehouse = dir.file("warehouse.sqlite")
        let run = try ProcessRunner.oneface(["run", "--pipeline", folder + "/europe.yml", "--input-root", folder,
                                             "--staging", staging, "--warehouse", warehouse, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let customers = try ProcessRunner.sqlite3(warehouse, """
            SELECT group_concat(source_record_id, ' ') FROM (SELECT customer_id, source_record_id FROM bridge_customer_source
            ORDER BY CAST(source_record_id AS INTEGER)) GROUP BY customer_id ORDER BY min(CAST(source_record_id AS INTEGER))
            """)
        let expected = ["1 2", "3 4", "5 6", "7 8", "9 10", "11 12", "13", "14 15", "16 17", "18 19"]
        #expect(customers.split(separator: "\n").map(String.init) == expected,
                "Jan Kowalski 13 (other birth date, e-mail and phone) is a namesake of 11/12: \(customers)")
        let rows = try ProcessRunner.sqlite3(staging, """
            SELECT source_record_id, title, first_name, last_name, phone, street_key, house_number, postcode, country
            FROM id_record ORDER BY CAST(source_record_id AS INTEGER)
            """)
        for row in ["2|Jr.|John|Smith|+12125550101|west 45th street|12|10036|US",
                    "4||Maria Jose|De La Cruz|+34612345678|calle alcala|100|28009|ES",
                    "11||Jan|Kowalski|+48601234567|nowy swiat|15|00-029|PL",
                    "14||Olivia|Wilson|+61412111222|smith street|45|3065|AU",
                    "15||Olivia|Wilson|+61412111222|smith street|45|3065|AU",
                    "16||Emma|Brown|+447700900123|baker street|221|NW1 6XE|GB",
                    "19||Anne|Dubois|+3221234567|avenue louise|54|1050|BE"] {
            #expect(rows.contains(row), "\(row) in \(rows)")
        }
        let nulled = try ProcessRunner.sqlite3(staging, "SELECT line, field, raw_value FROM etl_nulled")
        #expect(nulled == "11|birth_date|1955-11-92", "\(nulled)")
    }
}
