import Foundation
import TestSupport

/// Five people, two branches, two surveys, two campaigns, five tickets: small enough that every
/// KPI can be computed by hand (the arithmetic is in `KPIFixtureTests`).
///
/// Time zone UTC, churn window w = 30 days, RFM window 60 days. The latest date in the data is
/// 2026-03-31 (an e-mail open), so `as_of_date` = 2026-03-31. Day numbers below count from
/// 2026-01-01 = day 1: Jan 31 = 31, Feb 28 = 59, Mar 1 = 60, Mar 31 = 90.
///
/// | person | e-mail contact | purchases | surveys | tickets |
/// | --- | --- | --- | --- | --- |
/// | A Anna Alt | EM1, consent 1 | P1 Jan 10 B1 10.00; P2 Feb 15 B1 20.00; P3 Mar 20 B2 20.00 | R1 SRV-1 Jan 12 nps 10; R2 SRV-1 Mar 25 nps 6 | T4 web, Mar 1, 6 h |
/// | B Bernd Bau | EM2, consent 0 | P4 Jan 20 B1 50.00; P5 Jan 25 B1 10.00 | R3 SRV-1 Jan 28 nps 9 | T1 phone, Feb 1, 24 h |
/// | C Clara Chen | EM3, consent 1 (bounced) | P6 Mar 5 B2 40.00 | R4 SRV-2 Mar 6 nps 3 | T2 chat, Mar 10, re-delivered closed, 48 h; T5 phone, open |
/// | D Dieter Dorn | – | P9 2025-01-04 B2 25.00; P8 Jan 5 B2 15.00 | R6 SRV-2 Feb 10 nps 7 | – |
/// | E Eva Engel | EM4, consent 1, unsubscribed | – | R5 SRV-2 Mar 7 nps 8 | T3 email, open |
///
/// P7 (Mar 10, B2, 5.00) is anonymous.
struct KPIFixture {
    let dir: TemporaryDirectory
    var warehouse: String { dir.file("out/warehouse.sqlite") }

    static let pipeline = """
    version: 1
    warehouse: out/warehouse.sqlite
    staging: out/staging.sqlite
    input_root: in
    time_zone: UTC
    kpi:
      churn_window_days: 30
      rfm_window_days: 60
    sources:
      - name: contacts
        system: email
        entity: contact
        format: csv
        path: contacts.csv
        dialect: {delimiter: ","}
        fields: {record_id: id, first_name: first, last_name: last, email: email, consent: consent}
      - name: email_events
        system: email
        entity: email_event
        format: csv
        path: events.csv
        dialect: {delimiter: ","}
        fields: {record_id: id, contact_id: contact, campaign_id: campaign, campaign_name: campaign_name, event_type: type, occurred_at: at}
      - name: tickets
        system: support
        entity: ticket
        format: ndjson
        path: tickets_*.ndjson
        fields: {record_id: id, email: email, full_name: name, channel: channel, category: category, status: status, opened_at: opened, first_response_at: responded, closed_at: closed, csat: csat, reopen_count: reopens}
      - name: branches
        system: branch
        entity: branch
        format: csv
        path: branches.csv
        dialect: {delimiter: ","}
        fields: {record_id: id, name: name, city: city}
      - name: purchases
        system: branch
        entity: purchase
        format: ndjson
        path: purchases.ndjson
        fields:
          record_id: id
          email: email
          full_name: name
          branch_id: branch
          occurred_at: at
          amount: total
          items: {from: items, fields: {sku: sku, name: name, quantity: qty, unit_price: price}}
      - name: surveys
        system: survey
        entity: survey_response
        format: csv
        path: surveys.csv
        dialect: {delimiter: ","}
        fields: {record_id: id, survey_id: survey, answered_at: at, email: email, first_name: first, last_name: last, nps: nps, ces: ces, csat: csat}
    """

    static let contacts = """
    id,first,last,email,consent
    EM1,Anna,Alt,anna@example.de,1
    EM2,Bernd,Bau,bernd@example.de,0
    EM3,Clara,Chen,clara@example.de,1
    EM4,Eva,Engel,eva@example.de,1

    """

    static let events = """
    id,contact,campaign,campaign_name,type,at
    E01,EM1,K1,Januar,sent,2026-01-05T09:00:00Z
    E02,EM2,K1,Januar,sent,2026-01-05T09:00:00Z
    E03,EM3,K1,Januar,sent,2026-01-05T09:00:00Z
    E04,EM4,K1,Januar,sent,2026-01-05T09:00:00Z
    E05,EM1,K1,Januar,opened,2026-01-06T09:00:00Z
    E06,EM1,K1,Januar,clicked,2026-01-06T09:05:00Z
    E07,EM3,K1,Januar,bounced,2026-01-05T09:01:00Z
    E08,EM2,K1,Januar,clicked,2026-01-07T12:00:00Z
    E09,EM1,K2,März,sent,2026-03-02T09:00:00Z
    E10,EM4,K2,März,sent,2026-03-02T09:00:00Z
    E11,EM4,K2,März,opened,2026-03-03T10:00:00Z
    E12,EM4,K2,März,unsubscribed,2026-03-03T10:01:00Z
    E13,EM4,K2,März,opened,2026-03-31T12:00:00Z

    """

    /// The first export: T2 still open.
    static let tickets1 = """
    {"id":"T1","email":"bernd@example.de","name":"Bernd Bau","channel":"phone","category":"Lieferung","status":"closed","opened":"2026-02-01T08:00:00Z","responded":"2026-02-01T10:00:00Z","closed":"2026-02-02T08:00:00Z","csat":4,"reopens":0}
    {"id":"T2","email":"clara@example.de","name":"Clara Chen","channel":"chat","category":"Beschwerde","status":"open","opened":"2026-03-10T09:00:00Z","responded":"2026-03-10T09:30:00Z","closed":null,"csat":null,"reopens":0}
    {"id":"T4","email":"anna@example.de","name":"Anna Alt","channel":"web","category":"Rechnung","status":"closed","opened":"2026-03-01T00:00:00Z","responded":"2026-03-01T01:00:00Z","closed":"2026-03-01T06:00:00Z","csat":5,"reopens":0}

    """

    /// The next export re-delivers T2, now reopened once and closed, with a rating.
    static let tickets2 = """
    {"id":"T2","email":"clara@example.de","name":"Clara Chen","channel":"chat","category":"Beschwerde","status":"closed","opened":"2026-03-10T09:00:00Z","responded":"2026-03-10T09:30:00Z","closed":"2026-03-12T09:00:00Z","csat":2,"reopens":1}
    {"id":"T3","email":"eva@example.de","name":"Eva Engel","channel":"email","category":"Beschwerde","status":"open","opened":"2026-03-28T12:00:00Z","responded":null,"closed":null,"csat":null,"reopens":0}
    {"id":"T5","email":"clara@example.de","name":"Clara Chen","channel":"phone","category":"Rechnung","status":"open","opened":"2026-03-29T10:00:00Z","responded":null,"closed":null,"csat":null,"reopens":0}

    """

    static let branches = """
    id,name,city
    B1,Filiale Nord,Hamburg
    B2,Filiale Süd,München

    """

    static let purchases = """
    {"id":"P1","email":"anna@example.de","name":"Anna Alt","branch":"B1","at":"2026-01-10T10:00:00Z","total":"10.00","items":[{"sku":"S1","name":"Kaffee","qty":"1","price":"10.00"}]}
    {"id":"P2","email":"anna@example.de","name":"Anna Alt","branch":"B1","at":"2026-02-15T10:00:00Z","total":"20.00","items":[{"sku":"S2","name":"Tee","qty":"2","price":"10.00"}]}
    {"id":"P3","email":"anna@example.de","name":"Anna Alt","branch":"B2","at":"2026-03-20T10:00:00Z","total":"20.00","items":[{"sku":"S1","name":"Kaffee","qty":"1","price":"10.00"},{"sku":"S3","name":"Käse","qty":"0.75","price":"13.33"}]}
    {"id":"P4","email":"bernd@example.de","name":"Bernd Bau","branch":"B1","at":"2026-01-20T10:00:00Z","total":"50.00","items":[{"sku":"S2","name":"Tee","qty":"5","price":"10.00"}]}
    {"id":"P5","email":"bernd@example.de","name":"Bernd Bau","branch":"B1","at":"2026-01-25T10:00:00Z","total":"10.00"}
    {"id":"P6","email":"clara@example.de","name":"Clara Chen","branch":"B2","at":"2026-03-05T10:00:00Z","total":"40.00","items":[{"sku":"S1","name":"Kaffee","qty":"1.50","price":"10.00"}]}
    {"id":"P7","branch":"B2","at":"2026-03-10T10:00:00Z","total":"5.00"}
    {"id":"P8","email":"dieter@example.de","name":"Dieter Dorn","branch":"B2","at":"2026-01-05T10:00:00Z","total":"15.00"}
    {"id":"P9","email":"dieter@example.de","name":"Dieter Dorn","branch":"B2","at":"2025-01-04T10:00:00Z","total":"25.00"}

    """

    static let surveys = """
    id,survey,at,email,first,last,nps,ces,csat
    R1,SRV-1,2026-01-12T10:00:00Z,anna@example.de,Anna,Alt,10,6,5
    R2,SRV-1,2026-03-25T10:00:00Z,anna@example.de,Anna,Alt,6,5,4
    R3,SRV-1,2026-01-28T10:00:00Z,bernd@example.de,Bernd,Bau,9,7,3
    R4,SRV-2,2026-03-06T10:00:00Z,clara@example.de,Clara,Chen,3,2,2
    R5,SRV-2,2026-03-07T10:00:00Z,eva@example.de,Eva,Engel,8,,5
    R6,SRV-2,2026-02-10T10:00:00Z,dieter@example.de,Dieter,Dorn,7,4,

    """

    /// Writes the pipeline and inputs and runs `oneface run`; throws if the run fails.
    init(pipeline: String = KPIFixture.pipeline) throws {
        dir = try TemporaryDirectory("oneface-kpi")
        try dir.write("pipeline.yml", text: pipeline)
        try dir.write("in/contacts.csv", text: Self.contacts)
        try dir.write("in/events.csv", text: Self.events)
        try dir.write("in/tickets_1.ndjson", text: Self.tickets1)
        try dir.write("in/tickets_2.ndjson", text: Self.tickets2)
        try dir.write("in/branches.csv", text: Self.branches)
        try dir.write("in/purchases.ndjson", text: Self.purchases)
        try dir.write("in/surveys.csv", text: Self.surveys)
        let result = try ProcessRunner.oneface(["run", "--pipeline", dir.file("pipeline.yml"), "--quiet"])
        guard result.status == 0 else { throw FixtureError(message: "oneface run exited \(result.status): \(result.stderr)") }
    }

    /// A query through the real sqlite3 shell; rows on lines, columns separated by `|`.
    func sql(_ query: String) throws -> String {
        try ProcessRunner.sqlite3(warehouse, query)
    }

    /// The customer id of a fixture person, by e-mail.
    func customer(_ email: String) throws -> String {
        try sql("SELECT customer_id FROM dim_customer WHERE is_current = 1 AND email = '\(email)'")
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
