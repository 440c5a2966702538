import Foundation
import Testing
import TestSupport

/// Several e-mails and phones per person (`from_all`: CSV columns, JSON arrays) and a survey's
/// birth year alone, through the built `oneface` and the sqlite3 shell: what is staged, what
/// matching links, what the golden record shows, what erasure finds.
@Suite("mapping language: several values per field, birth year", .serialized)
struct MultiValueRunTests {
    static let pipeline = MappingLanguageTests.header + """
      - name: crm
        system: email
        entity: contact
        format: csv
        path: crm.csv
        dialect: {delimiter: ";", date_formats: ["dd.MM.yyyy"]}
        fields:
          record_id: Nr
          first_name: Vorname
          last_name: Nachname
          email: {from_all: [E-Mail, E-Mail2]}
          phone: {from_all: [Mobil, Festnetz]}
          postcode: PLZ
          birth_date: Geboren
      - name: tickets
        system: support
        entity: ticket
        format: ndjson
        path: tickets.ndjson
        limits: {nulled_rate: none}   # two rows, one with a nulled value: that is the point here
        fields:
          record_id: id
          full_name: name
          email: {from_all: emails}
          phone: {from_all: phones.number}
          opened_at: created
      - name: survey
        system: survey
        entity: survey_response
        format: csv
        path: survey.csv
        dialect: {delimiter: ","}
        fields:
          record_id: id
          first_name: vorname
          last_name: nachname
          postcode: plz
          birth_year: jahrgang
          answered_at: am
          nps: nps
    """

    static let crm = """
    Nr;Vorname;Nachname;E-Mail;E-Mail2;Mobil;Festnetz;PLZ;Geboren
    C1;Mechthild;Oberhollenzer;m.o@web.de;mechthild@firma.de;0151 2345678;030 1234567;10115;02.03.1960
    C2;Bert;Maier;bert@x.de;;;;80331;
    C3;Gudrun;Schmitt-Schmidt;;;;;20095;14.07.1961

    """

    static let tickets = """
    {"id":"T1","name":"Mechthild Oberhollenzer","emails":["mo1960@gmx.de","mechthild@firma.de"],"phones":[],"created":"2026-03-01T09:00:00Z"}
    {"id":"T2","name":"Bert Maier","emails":["kein-at-zeichen",{"oops":1},"bert@x.de"],"phones":[{"number":"089 5551234"}],"created":"2026-03-02T09:00:00Z"}

    """

    static let survey = """
    id,vorname,nachname,plz,jahrgang,am,nps
    S1,Gudrun,Schmitt-Schmidt,20095,1961,2026-03-03T10:00:00Z,9
    S2,Gudrun,Schmitt-Schmidt,20095,1984,2026-03-04T10:00:00Z,3

    """

    static func mini() throws -> MiniPipeline {
        let mini = try MiniPipeline(yaml: pipeline)
        try mini.dir.write("in/crm.csv", text: crm)
        try mini.dir.write("in/tickets.ndjson", text: tickets)
        try mini.dir.write("in/survey.csv", text: survey)
        return mini
    }

    @Test("every value is staged and matched, invalid ones are nulled one by one, the golden record shows the shared one")
    func run() throws {
        let mini = try Self.mini()
        let run = try mini.oneface(["run"])
        #expect(run.status == 0, "\(run.stderr)")
        // The first value in the column everything reads, the others beside it.
        let crm = try ProcessRunner.sqlite3(mini.staging, "SELECT record_id, email, more_emails, phone, more_phones FROM stg_crm ORDER BY 1")
        #expect(crm.hasPrefix(#"C1|m.o@web.de|["mechthild@firma.de"]|0151 2345678|["030 1234567"]"#), "\(crm)")
        let tickets = try ProcessRunner.sqlite3(mini.staging, "SELECT record_id, email, more_emails, phone FROM stg_tickets ORDER BY 1")
        #expect(tickets == #"T1|mo1960@gmx.de|["mechthild@firma.de"]|"# + "\n" + #"T2|kein-at-zeichen|["bert@x.de"]|089 5551234"#, "\(tickets)")
        // The object in the array is nulled at extract, the value without @ by the transform: each on its own.
        #expect(try ProcessRunner.sqlite3(mini.staging, "SELECT field, line FROM etl_nulled WHERE source = 'tickets'") == "email|2")
        #expect(try ProcessRunner.sqlite3(mini.staging, "SELECT source_record_id, field, raw_value FROM id_nulled") == "T2|email|kein-at-zeichen")
        #expect(try ProcessRunner.sqlite3(mini.staging, "SELECT email, more_emails FROM id_record WHERE source_record_id = 'T2'") == "bert@x.de|")

        // T1 shares only the crm's second address with C1, and T2 only its third with C2.
        let customers = try ProcessRunner.sqlite3(mini.warehouse, """
            SELECT group_concat(source_record_id, ' ') FROM (SELECT customer_id, source_record_id FROM bridge_customer_source ORDER BY 2)
            GROUP BY customer_id ORDER BY 1
            """)
        #expect(customers == "C1 T1\nC2 T2\nC3 S1\nS2", "\(customers)")
        // The golden e-mail of C1 and T1 is the one both carry; the golden birth date is C3's full date,
        // and the survey with a year alone has none.
        let golden = try ProcessRunner.sqlite3(mini.warehouse, """
            SELECT group_concat(b.source_record_id, ' '), c.email, coalesce(c.birth_date, '-') FROM dim_customer c
            JOIN bridge_customer_source b ON b.customer_id = c.customer_id WHERE c.is_current = 1
            GROUP BY c.customer_id ORDER BY 1
            """)
        #expect(golden.contains("C1 T1|mechthild@firma.de|1960-03-02"), "\(golden)")
        #expect(golden.contains("C3 S1||1961-07-14") && golden.contains("S2||-"), "\(golden)")
        #expect(try ProcessRunner.sqlite3(mini.staging, "SELECT birth_year, birth_date IS NULL FROM id_record WHERE source_record_id = 'S1'") == "1961|1")
    }

    @Test("an e-mail event that names its contact by a further address (from_all) goes to that customer")
    func eventByFurtherAddress() throws {
        let mini = try MiniPipeline(yaml: Self.pipeline + """

              - name: mails
                system: email
                entity: email_event
                format: ndjson
                path: mails.ndjson
                fields:
                  record_id: {derive: [contact_email, event_type, occurred_at]}
                  contact_email: to
                  event_type: what
                  occurred_at: at
            """)
        try mini.dir.write("in/crm.csv", text: Self.crm)
        try mini.dir.write("in/tickets.ndjson", text: Self.tickets)
        try mini.dir.write("in/survey.csv", text: Self.survey)
        // C1's second address, in another case; and C2's only one.
        try mini.dir.write("in/mails.ndjson", text: """
            {"to":"Mechthild@Firma.de","what":"opened","at":"2026-03-05T08:00:00Z"}
            {"to":"bert@x.de","what":"clicked","at":"2026-03-05T09:00:00Z"}

            """)
        let run = try mini.oneface(["run"])
        #expect(run.status == 0, "\(run.stderr)")
        let events = try ProcessRunner.sqlite3(mini.warehouse, """
            SELECT e.event_type, group_concat(b.source_record_id, ' ') FROM fact_email_event e
            LEFT JOIN bridge_customer_source b ON b.customer_id = e.customer_id AND b.source_name = 'crm'
            GROUP BY e.email_event_key ORDER BY 1
            """)
        #expect(events == "clicked|C2\nopened|C1", "\(events)")
    }

    @Test("forget --email finds a person by a further address, and blocks the re-import of every record carrying one")
    func forget() throws {
        let mini = try Self.mini()
        #expect(try mini.oneface(["run"]).status == 0)
        // mo1960@gmx.de is T1's first address as exported, but only a further one after the golden
        // record put the shared one first.
        #expect(try ProcessRunner.sqlite3(mini.staging, "SELECT email, more_emails FROM id_record WHERE source_record_id = 'T1'")
                == #"mechthild@firma.de|["mo1960@gmx.de"]"#)
        let forget = try mini.oneface(["forget", "--email", "mo1960@gmx.de"])
        #expect(forget.status == 0, "\(forget.stderr)")
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT count(*) FROM bridge_customer_source WHERE source_record_id IN ('C1', 'T1')") == "0")
        let again = try mini.oneface(["run", "--force"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try ProcessRunner.sqlite3(mini.staging, "SELECT count(*) FROM etl_reject WHERE reason = 'erased subject'") == "2")
    }

    @Test("validate names file, line and key of from_all on a field that takes one value")
    func validate() throws {
        let mini = try MiniPipeline(yaml: Self.pipeline.replacingOccurrences(of: "postcode: PLZ", with: "postcode: {from_all: [PLZ, PLZ2]}"))
        let result = try mini.oneface(["validate"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("pipeline.yml:") && result.stderr.contains("sources.crm.fields.postcode.from_all")
                && result.stderr.contains("only email and phone take several values"), "\(result.stderr)")
    }
}
