import Foundation
import Testing
import TestSupport

/// The mapping language on exports of other layouts, through the built `oneface`: the first
/// non-empty of several fields, constants, canonical values passing through a value map, dates
/// written with month names or as ISO date-times, and one-line addresses.
@Suite("mapping language: several fields, constants, value maps, month names")
struct MappingLanguageTests {
    static let pipeline = """
    version: 1
    warehouse: out/warehouse.sqlite
    staging: out/staging.sqlite
    input_root: in
    identity: {default_country: DE}
    sources:
      - name: crm
        system: email
        entity: contact
        format: csv
        path: crm.csv
        dialect: {delimiter: ","}
        fields:
          record_id: Id
          first_name: Vorname
          last_name: Nachname
          phone: [Mobil, Festnetz]
          country: {const: AT}
          birth_date: Geboren
      - name: events
        system: email
        entity: email_event
        format: ndjson
        path: events.ndjson
        fields:
          record_id: id
          contact_id: contact
          event_type: {from: what, values: {geoeffnet: opened, geklickt: clicked}, ignore: [zugestellt]}
          occurred_at: at
          campaign_id: {const: SPRING-26}
      - name: tickets
        system: support
        entity: ticket
        format: json
        path: tickets.json
        fields:
          record_id: id
          full_name: who.name
          phone: {from: [who.mobile, who.landline]}
          address: who.address
          city: who.town
          country: {const: AT}
          opened_at: created
    """

    static let crm = """
    Id,Vorname,Nachname,Mobil,Festnetz,Geboren
    C1,Anna,Huber,0664 1234567,,5. März 1980
    C2,Berta,Gruber,,01 5876543,"March 5, 1981"
    C3,Carl,Moser,,,1982-07-01T00:00:00Z

    """

    static let events = """
    {"id":"E1","contact":"C1","what":"geoeffnet","at":"2026-03-01T10:00:00Z"}
    {"id":"E2","contact":"C1","what":"clicked","at":"2026-03-01T10:05:00Z"}
    {"id":"E3","contact":"C2","what":"gelesen","at":"2026-03-02T10:00:00Z"}
    {"id":"E4","contact":"C2","what":"zugestellt","at":"not even a time"}

    """

    static let tickets = #"""
    [{"id":"T1","who":{"name":"Anna Huber","mobile":"","landline":"+43 1 2222222","address":"Mariahilfer Straße 12, A-1060 Wien"},"created":"2026-03-03T09:00:00Z"},
     {"id":"T2","who":{"name":"Berta Gruber","mobile":"+43 664 7654321","address":"Hauptplatz 3 8010 Graz","town":"Graz-Innere Stadt"},"created":"2026-03-04T09:00:00Z"}]
    """#

    /// What every pipeline of these tests starts with; the sources follow.
    static let header = "version: 1\nwarehouse: out/warehouse.sqlite\nstaging: out/staging.sqlite\ninput_root: in\nsources:\n"

    static func mini(_ yaml: String) throws -> MiniPipeline {
        let mini = try MiniPipeline(yaml: yaml)
        try mini.dir.write("in/crm.csv", text: crm)
        try mini.dir.write("in/events.ndjson", text: events)
        try mini.dir.write("in/tickets.json", text: tickets)
        return mini
    }

    @Test("an unknown field, `from` together with `const`, and a constant that is no allowed value are pipeline errors naming the line")
    func configErrors() throws {
        let unknown = try Self.mini(Self.pipeline + "\n      mood: {const: happy}\n").oneface(["validate"])
        #expect(unknown.status == 78)
        #expect(unknown.stderr.contains("sources.tickets.fields.mood"), "\(unknown.stderr)")
        let both = try Self.mini(Self.pipeline.replacingOccurrences(of: "country: {const: AT}", with: "country: {from: Land, const: AT}"))
            .oneface(["validate"])
        #expect(both.status == 78)
        #expect(both.stderr.contains("pipeline.yml:") && both.stderr.contains("not both"), "\(both.stderr)")
        let notAllowed = try Self.mini(Self.pipeline.replacingOccurrences(of: "event_type: {from: what, values: {geoeffnet: opened, geklickt: clicked}, ignore: [zugestellt]}",
                                                                          with: "event_type: {const: gelesen}")).oneface(["validate"])
        #expect(notAllowed.status == 78)
        #expect(notAllowed.stderr.contains("event_type.const") && notAllowed.stderr.contains("`gelesen` is not a event_type"), "\(notAllowed.stderr)")
    }

    @Test("several fields give the first non-empty, constants fill every record, canonical values pass a value map, month names and ISO date-times are dates")
    func mapped() throws {
        let mini = try Self.mini(Self.pipeline)
        let run = try mini.oneface(["run"])
        #expect(run.status == 0, "\(run.stderr)")
        let contacts = try ProcessRunner.sqlite3(mini.staging, "SELECT record_id, phone, country, birth_date FROM stg_crm ORDER BY record_id")
        #expect(contacts == "C1|0664 1234567|AT|1980-03-05\nC2|01 5876543|AT|1981-03-05\nC3||AT|1982-07-01", "\(contacts)")
        // The constant country makes the phones Austrian.
        let phones = try ProcessRunner.sqlite3(mini.staging, "SELECT source_record_id, phone FROM id_record WHERE source_system = 'email' ORDER BY 1")
        #expect(phones == "C1|+436641234567\nC2|+4315876543\nC3|", "\(phones)")
        let tickets = try ProcessRunner.sqlite3(mini.staging, "SELECT record_id, phone, street, postcode, city FROM stg_tickets ORDER BY record_id")
        // A one-line address fills street, postcode and city; a city mapped of its own wins.
        #expect(tickets == "T1|+43 1 2222222|Mariahilfer Straße 12|1060|Wien\nT2|+43 664 7654321|Hauptplatz 3|8010|Graz-Innere Stadt", "\(tickets)")
        let address = try ProcessRunner.sqlite3(mini.staging, "SELECT street, house_number, postcode FROM id_record WHERE source_record_id = 'T1'")
        #expect(address.hasSuffix("|12|1060"), "the transform splits the house number off: \(address)")
        // geoeffnet is translated, clicked is canonical and passes, gelesen is neither: rejected.
        let events = try ProcessRunner.sqlite3(mini.staging, "SELECT record_id, event_type, campaign_id FROM stg_events ORDER BY record_id")
        #expect(events == "E1|opened|SPRING-26\nE2|clicked|SPRING-26", "\(events)")
        let reject = try ProcessRunner.sqlite3(mini.staging, "SELECT line, reason FROM etl_reject")
        #expect(reject.hasPrefix("3|event_type: value not listed under `values`") && !reject.contains("\n"), "\(reject)")
        // An ignored value skips its record before anything else is judged: counted, not rejected.
        let counts = try ProcessRunner.sqlite3(mini.warehouse, "SELECT rows_read, rows_staged, rows_rejected, rows_ignored FROM etl_file WHERE source = 'events'")
        #expect(counts == "4|2|1|1", "\(counts)")
    }

    @Test("a survey export with dates alone in a date-time field: `validate` passes it and the extract stages local midnight in UTC")
    func dateAloneInDateTimeField() throws {
        let mini = try MiniPipeline(yaml: Self.header + """
          - name: answers
            system: survey
            entity: survey_response
            format: csv
            path: answers.csv
            dialect: {delimiter: ";", date_formats: ["dd.MM.yyyy"]}
            fields: {record_id: Nr, email: Mail, answered_at: Beantwortet, nps: NPS}
        """)
        try mini.dir.write("in/answers.csv", text: "Nr;Mail;Beantwortet;NPS\nS1;a@example.de;01.11.2026;9\nS2;b@example.de;01.11.2026 10:15;7\n")
        let validate = try mini.oneface(["validate"])
        #expect(validate.status == 0 && validate.stdout.contains("2 rows, 0 would be quarantined"), "\(validate.stdout)\(validate.stderr)")
        let extract = try mini.oneface(["extract"])
        #expect(extract.status == 0, "\(extract.stderr)")
        let answers = try ProcessRunner.sqlite3(mini.staging, "SELECT record_id, answered_at FROM stg_answers ORDER BY record_id")
        #expect(answers == "S1|2026-10-31T23:00:00Z\nS2|2026-11-01T09:15:00Z", "\(answers)")
    }

    @Test("an XML record reads its ancestors' attributes: the branch code around the transactions")
    func parentAttributes() throws {
        let mini = try MiniPipeline(yaml: Self.header + """
              - name: pos
                system: branch
                entity: purchase
                format: xml
                path: pos.xml
                dialect: {record_element: export/branch/sales/sale}
                fields:
                  record_id: "@no"
                  branch_id: ^branch.@code
                  currency: {from: [currency, ^export.@currency]}
                  occurred_at: "@at"
                  amount: total
                  full_name: buyer
            """)
        try mini.dir.write("in/pos.xml", text: """
            <?xml version="1.0" encoding="UTF-8"?>
            <export currency="EUR">
              <branch code="B-7"><sales><sale no="S1" at="2026-03-01T10:00:00Z"><total>9.99</total><buyer>Anna Huber</buyer></sale></sales></branch>
              <branch code="B-9"><sales><sale no="S2" at="2026-03-02T10:00:00Z"><total>5.00</total><currency>CHF</currency></sale></sales></branch>
            </export>
            """)
        let run = try mini.oneface(["run"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try ProcessRunner.sqlite3(mini.staging, "SELECT record_id, branch_id, currency FROM stg_pos ORDER BY record_id") == "S1|B-7|EUR\nS2|B-9|CHF")
        let validated = try mini.oneface(["validate"])
        #expect(validated.status == 0, "\(validated.stdout) \(validated.stderr)")
    }

    @Test("e-mail events that name their contact by address and carry no id: a stable derived id, the customer by e-mail")
    func eventsByEmail() throws {
        let yaml = Self.header + """
              - name: contacts
                system: email
                entity: contact
                format: csv
                path: contacts.csv
                dialect: {delimiter: ","}
                fields: {record_id: id, first_name: first, last_name: last, email: mail}
              - name: newsletter
                system: email
                entity: email_event
                format: csv
                path: events.csv
                dialect: {delimiter: ","}
                fields:
                  record_id: {derive: [contact_email, event_type, occurred_at], prefix: "nl-"}
                  contact_email: recipient
                  event_type: {from: action, ignore: [delivered]}
                  occurred_at: when
            """
        let mini = try MiniPipeline(yaml: yaml)
        try mini.dir.write("in/contacts.csv", text: "id,first,last,mail\nC1,Anna,Huber,anna@example.at\nC2,Bert,Gruber,bert@example.at\n")
        try mini.dir.write("in/events.csv", text: """
            recipient,action,when
            Anna@Example.at ,opened,2026-03-01T10:00:00Z
            anna@example.at,clicked,2026-03-01T10:01:00Z
            bert@example.at,delivered,2026-03-01T10:00:00Z
            nobody@example.at,opened,2026-03-01T11:00:00Z
            ,opened,2026-03-01T12:00:00Z

            """)
        let run = try mini.oneface(["run"])
        #expect(run.status == 0, "\(run.stderr)")
        let facts = try ProcessRunner.sqlite3(mini.warehouse, """
            SELECT e.event_type, coalesce(c.first_name, '-'), e.contact_record_id IS NULL, substr(e.source_record_id, 1, 4), length(e.source_record_id)
            FROM fact_email_event e LEFT JOIN dim_customer c ON c.customer_key = e.customer_key ORDER BY e.occurred_at, e.event_type
            """)
        #expect(facts == "opened|Anna|1|nl-h|24\nclicked|Anna|1|nl-h|24\nopened|-|1|nl-h|24", "\(facts)")
        let reject = try ProcessRunner.sqlite3(mini.staging, "SELECT line, reason FROM etl_reject")
        #expect(reject == "6|contact_id: missing (needs one of contact_id, contact_email)", "\(reject)")
        // The same export again: the same ids, nothing new.
        let ids = try ProcessRunner.sqlite3(mini.warehouse, "SELECT source_record_id FROM fact_email_event ORDER BY 1")
        #expect(try mini.oneface(["extract", "--force"]).status == 0)
        #expect(try mini.oneface(["run"]).status == 0)
        #expect(try ProcessRunner.sqlite3(mini.warehouse, "SELECT source_record_id FROM fact_email_event ORDER BY 1") == ids)
        // A source that maps neither contact_id nor contact_email is refused.
        let neither = try MiniPipeline(yaml: yaml.replacingOccurrences(of: "      contact_email: recipient\n", with: ""))
        let refused = try neither.oneface(["validate"])
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("needs one of contact_id or contact_email") || refused.stderr.contains("contact_email"), "\(refused.stderr)")
    }

    @Test("a JSON record reads the members of its enclosing objects, written before or after the record array")
    func enclosingObjects() throws {
        let mini = try MiniPipeline(yaml: Self.header + """
              - name: shop
                system: branch
                entity: purchase
                format: json
                path: shop.json
                dialect: {record_path: store.sales}
                fields:
                  record_id: no
                  branch_id: ^store.code
                  currency: ^.^.currency
                  occurred_at: at
                  amount: total
            """)
        try mini.dir.write("in/shop.json", text: #"""
            {"currency": "EUR", "exported": ["a", "b"], "store": {"code": "B-7", "name": "Mitte",
              "sales": [{"no": "S1", "at": "2026-03-01T10:00:00Z", "total": "9.99"}, {"no": "S2", "at": "2026-03-02T10:00:00Z", "total": 5}],
              "footer": "after the records"}}
            """#)
        let run = try mini.oneface(["run"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try ProcessRunner.sqlite3(mini.staging, "SELECT record_id, branch_id, currency, amount FROM stg_shop ORDER BY record_id") == "S1|B-7|EUR|999\nS2|B-7|EUR|500")
        // An export that writes its store code and currency after the records: the same rows.
        try mini.dir.write("in/shop.json", text: #"""
            {"exported": ["a", "b"], "store": {"name": "Mitte",
              "sales": [{"no": "S1", "at": "2026-03-01T10:00:00Z", "total": "9.99"}, {"no": "S2", "at": "2026-03-02T10:00:00Z", "total": 5}],
              "code": "B-7", "sales": "a later member with the records' name is only checked"}, "currency": "EUR"}
            """#)
        let after = try mini.oneface(["run"])
        #expect(after.status == 0, "\(after.stderr)")
        #expect(try ProcessRunner.sqlite3(mini.staging, """
            SELECT s.record_id, s.branch_id, s.currency, s.amount FROM stg_shop s JOIN etl_file f ON f.file_id = s.file_id
            WHERE f.status = 'staged' ORDER BY s.record_id
            """) == "S1|B-7|EUR|999\nS2|B-7|EUR|500")
    }

    @Test("XML elements that look like records but miss the record path are reported, and fail the file when they outnumber the records")
    func strayRecords() throws {
        let yaml = Self.header + """
              - name: pos
                system: branch
                entity: purchase
                format: xml
                path: pos_*.xml
                dialect: {record_element: export/sales/sale}
                fields: {record_id: "@no", occurred_at: "@at", amount: total}
            """
        let mini = try MiniPipeline(yaml: yaml)
        func sale(_ tag: String, _ number: Int) -> String { "<\(tag) no=\"S\(number)\" at=\"2026-03-01T10:00:00Z\"><total>1.00</total></\(tag)>" }
        try mini.dir.write("in/pos_1.xml", text: "<export><sales>\(sale("sale", 1))\(sale("sale", 2))</sales><archive>\(sale("sale", 3))</archive></export>")
        try mini.dir.write("in/pos_2.xml", text: "<export><sales>\n\(sale("Sale", 4))\n\(sale("Sale", 5))</sales></export>")
        let run = try mini.oneface(["run"])
        #expect(run.status == 65, "\(run.stderr)")
        let files = try ProcessRunner.sqlite3(mini.warehouse, "SELECT path, status, rows_staged, message FROM etl_file ORDER BY path")
        #expect(files.contains("pos_1.xml|staged|2|1 <sale> element(s) outside record_element `export/sales/sale` were not read (the first at line 1)"), "\(files)")
        #expect(files.contains("pos_2.xml|failed|0|2 <Sale> element(s) outside record_element `export/sales/sale` were not read (the first at line 2); check the element names' case and their nesting; more of them than records read (0)"), "\(files)")
        let validated = try mini.oneface(["validate"])
        #expect(validated.status == 78, "\(validated.stdout)")
        #expect(validated.stdout.contains("2 <Sale> element(s)"), "\(validated.stdout)")
    }

    @Test("gender: mapped with a value map, else from the salutation; the golden record keeps the most frequent")
    func gender() throws {
        let mini = try MiniPipeline(yaml: Self.header + """
              - name: crm
                system: email
                entity: contact
                format: csv
                path: crm.csv
                dialect: {delimiter: ","}
                fields:
                  record_id: id
                  salutation: anrede
                  first_name: vorname
                  last_name: nachname
                  email: mail
                  gender: {from: geschlecht, values: {w: female, m: male, d: diverse}}
            """)
        try mini.dir.write("in/crm.csv", text: """
            id,anrede,vorname,nachname,mail,geschlecht
            C1,,Anna,Huber,anna@example.at,w
            C2,Mr.,John,Smith,john@example.com,
            C3,Frau,Berta,Gruber,berta@example.at,x
            C4,,Kim,Lee,kim@example.at,d

            """)
        let run = try mini.oneface(["run"])
        #expect(run.status == 0, "\(run.stderr)")
        let genders = try ProcessRunner.sqlite3(mini.warehouse, "SELECT first_name, coalesce(gender, '-') FROM dim_customer WHERE is_current = 1 ORDER BY first_name")
        #expect(genders == "Anna|female\nBerta|female\nJohn|male\nKim|diverse", "\(genders)")

        // A source with one name field: the salutation it starts with says the gender, and leaves the first name.
        let tickets = try MiniPipeline(yaml: Self.header + """
              - name: desk
                system: support
                entity: ticket
                format: ndjson
                path: desk.ndjson
                fields: {record_id: id, full_name: name, opened_at: at}
            """)
        try tickets.dir.write("in/desk.ndjson", text: """
            {"id":"T1","name":"Mrs. Emma Brown","at":"2026-03-01T09:00:00Z"}
            {"id":"T2","name":"Herr Max Mustermann","at":"2026-03-01T09:00:00Z"}
            {"id":"T3","name":"Kim Lee","at":"2026-03-01T09:00:00Z"}

            """)
        #expect(try tickets.oneface(["run"]).status == 0)
        let fromNames = try ProcessRunner.sqlite3(tickets.warehouse, "SELECT salutation, first_name, coalesce(gender, '-') FROM dim_customer ORDER BY first_name")
        #expect(fromNames == "Frau|Emma|female\n|Kim|-\nHerr|Max|male", "\(fromNames)")
        // `x` is no gender the map knows: the value is nulled and kept with its line, the person staged.
        let nulled = try ProcessRunner.sqlite3(mini.staging, "SELECT line, field, raw_value FROM etl_nulled")
        #expect(nulled == "4|gender|x", "\(nulled)")
    }

    @Test("etl_reject.raw_text is the rejected CSV row exactly as it stood in the file, quotes and inner line breaks included")
    func exactRawText() throws {
        let mini = try MiniPipeline(yaml: Self.header + """
              - name: tickets
                system: support
                entity: ticket
                format: csv
                path: tickets.csv
                dialect: {delimiter: ";", date_formats: ["dd.MM.yyyy"], datetime_formats: ["dd.MM.yyyy HH:mm"]}
                fields: {record_id: Nr, full_name: Name, opened_at: Eroeffnet, category: Thema}
            """)
        let bad = "\"T2\";\"Klein; \"\"Bernd\"\"\";\"31.02.2026 10:00\";\"Rechnung\nzweite Zeile\""
        try mini.dir.write("in/tickets.csv", text: "Nr;Name;Eroeffnet;Thema\nT1;Anna Huber;01.03.2026 09:00;Lieferung\n\(bad)\r\nT3;Bert;02.03.2026 09:00;x\n")
        #expect(try mini.oneface(["run"]).status == 0)
        let rejected = try ProcessRunner.sqlite3(mini.staging, "SELECT line, raw_text FROM etl_reject")
        #expect(rejected == "3|\(bad)", "\(rejected)")
    }

    @Test("consent per channel with its date: the most recent record that says it wins, per channel")
    func consentPerChannel() throws {
        let mini = try MiniPipeline(yaml: Self.header + """
              - name: crm
                system: email
                entity: contact
                format: csv
                path: crm.csv
                dialect: {delimiter: ","}
                fields:
                  record_id: id
                  customer_number: kdnr
                  full_name: name
                  consent: mail_ok
                  consent_sms: sms_ok
                  consent_post: post_ok
                  consent_date: seit
                  signup_date: seit
            """)
        try mini.dir.write("in/crm.csv", text: """
            id,kdnr,name,mail_ok,sms_ok,post_ok,seit
            C1,K-1,Anna Huber,ja,ja,,2025-01-10
            C2,K-1,Anna Huber,,nein,ja,2026-02-01

            """)
        #expect(try mini.oneface(["run"]).status == 0)
        let consent = try ProcessRunner.sqlite3(mini.warehouse, """
            SELECT marketing_consent, sms_consent, coalesce(phone_consent, '-'), post_consent, consent_date FROM dim_customer WHERE is_current = 1
            """)
        #expect(consent == "1|0|-|1|2026-02-01", "\(consent)")
    }
}
