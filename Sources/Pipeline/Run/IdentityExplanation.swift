import Foundation
import PipelineCore
import SQLiteDB

/// `oneface explain CUSTOMER_ID`: a customer's source records and why each was linked, read from
/// staging (`id_record`, `match_pair`, `id_golden`, `customer_id_history`).
public struct IdentityExplanation: Sendable {
    public struct Record: Sendable {
        public var number: Int
        public var system: String
        public var source: String
        public var recordID: String
        public var matchRule: String
        /// Name, e-mail, phone, address, birth date, ids: as parsed, for reading.
        public var summary: String
        public var exactValue: String?
    }

    public struct Pair: Sendable {
        public var a: String
        public var b: String
        public var otherCustomer: String?
        public var rule: String
        public var weight: Double
        public var probability: Double
        public var decision: String
        /// (comparison, level, weight) in comparison order; comparisons not configured are left out.
        public var comparisons: [(field: String, level: String, weight: Double)]
    }

    public var requestedID: String
    public var customerID: String
    /// What became of the requested id when it is not active: merged into another, retired.
    public var status: String?
    public var golden: String?
    public var records: [Record]
    public var linking: [Pair]
    public var keptApart: [Pair]
    /// People's decisions (`oneface review`) about this customer's records, as lines.
    public var reviewed: [String] = []
    public var history: [String]

    static let exactRules = ["customer_number", "loyalty_card", "email", "phone"]

    /// Reads the explanation of `customerID`; a merged id is followed to the id it lives on as.
    public static func read(config: PipelineConfig, customerID: String) throws -> IdentityExplanation {
        guard FileManager.default.fileExists(atPath: config.stagingPath) else {
            throw PipelineError.input("no staging database at \(config.stagingPath) yet; run `oneface run` first")
        }
        let db = try Database(path: config.stagingPath, mode: .readOnly)
        guard try db.hasTable("id_record"), try db.hasTable("match_pair") else {
            throw PipelineError.input("staging holds no identities yet; run `oneface transform` first")
        }
        var current = customerID
        var status: String?
        var hops = 0
        while let row = try db.rows("SELECT status, merged_into FROM id_customer WHERE customer_id = ?", [.text(current)]).first,
              row[0].string == "merged", let into = row[1].string, hops < 100 {
            status = (status.map { $0 + ", then " } ?? "") + "\(current) was merged into \(into)"
            current = into
            hops += 1
        }
        if status == nil, let row = try db.rows("SELECT status FROM id_customer WHERE customer_id = ?", [.text(current)]).first,
           row[0].string == "retired" {
            status = "\(current) is retired: no source record refers to this customer any more"
        }

        var records: [Record] = []
        var numberOf: [String: Int] = [:]
        let recordRows = try db.rows("""
            SELECT source_system, source, source_record_id, match_rule, salutation, title, first_name, last_name, email, phone,
                   street, house_number, postcode, city, birth_date, customer_number, loyalty_card
            FROM id_record WHERE customer_id = ? ORDER BY record_key
            """, [.text(current)])
        if recordRows.isEmpty && status == nil {
            let known = try db.scalar("SELECT count(*) FROM id_customer WHERE customer_id = ?", [.text(current)])?.int ?? 0
            if known == 0 { throw PipelineError.input("no customer \(customerID); customer ids look like C00000042") }
        }
        for row in recordRows {
            let text = row.map(\.string)
            let number = records.count + 1
            let key = (text[1] ?? "") + "/" + (text[2] ?? "")   // a record is its source and id
            numberOf[key] = number
            let rule = text[3] ?? ""
            let exactColumn = ["customer_number": 15, "loyalty_card": 16, "email": 8, "phone": 9][rule]
            records.append(Record(number: number, system: text[0] ?? "", source: text[1] ?? "", recordID: text[2] ?? "",
                                  matchRule: rule, summary: describe(text, from: 4), exactValue: exactColumn.flatMap { text[$0] }))
        }

        let fields = ["first_name", "last_name", "birth_date", "email", "phone", "street", "postcode", "city"]
        let pairRows = try db.rows("""
            SELECT coalesce(source_a, source_system_a), source_record_id_a, coalesce(source_b, source_system_b), source_record_id_b,
                   customer_id_a, customer_id_b, blocking_rule, match_weight, match_probability, decision,
                   \(fields.map { "\($0)_level, \($0)_weight" }.joined(separator: ", "))
            FROM match_pair WHERE customer_id_a = ?1 OR customer_id_b = ?1 ORDER BY pair_id
            """, [.text(current)])
        var linking: [Pair] = [], keptApart: [Pair] = []
        for row in pairRows {
            let text = row.map(\.string)
            func label(_ system: Int, _ id: Int, _ customer: Int) -> String {
                let key = (text[system] ?? "") + "/" + (text[id] ?? "")
                if text[customer] == current, let number = numberOf[key] { return "[\(number)]" }
                return "\(text[customer] ?? "?") \(key)"
            }
            var comparisons: [(String, String, Double)] = []
            for (index, field) in fields.enumerated() {
                guard let level = text[10 + 2 * index], let weight = row[11 + 2 * index].double else { continue }
                comparisons.append((field, level, weight))
            }
            let aIsHere = text[4] == current
            let pair = Pair(a: aIsHere ? label(0, 1, 4) : label(2, 3, 5), b: aIsHere ? label(2, 3, 5) : label(0, 1, 4),
                            otherCustomer: text[4] == text[5] ? nil : (aIsHere ? text[5] : text[4]),
                            rule: text[6] ?? "", weight: row[7].double ?? 0, probability: row[8].double ?? 0,
                            decision: text[9] ?? "", comparisons: comparisons)
            if pair.otherCustomer == nil && ["linked", "already_linked", "reviewed_link"].contains(pair.decision) {
                linking.append(pair)
            } else {
                keptApart.append(pair)
            }
        }
        let golden = try db.rows("""
            SELECT salutation, title, first_name, last_name, email, phone, street, house_number, postcode, city, birth_date,
                   customer_number, loyalty_card FROM id_golden WHERE customer_id = ?
            """, [.text(current)]).first.map { describe($0.map(\.string), from: 0) }
        let history = try db.rows("""
            SELECT run_id, event, old_id, new_id, reason FROM customer_id_history
            WHERE old_id = ?1 OR new_id = ?1 OR old_id = ?2 OR new_id = ?2 ORDER BY history_id
            """, [.text(current), .text(customerID)]).map { row in
            "run \(row[0].string ?? "?"): \(row[1].string ?? "") \(row[2].string ?? "-") → \(row[3].string ?? "-"): \(row[4].string ?? "")"
        }
        var explanation = IdentityExplanation(requestedID: customerID, customerID: current, status: status, golden: golden,
                                              records: records, linking: linking, keptApart: keptApart, history: history)
        if try db.hasTable("id_review_decision") {
            explanation.reviewed = try db.rows("""
                SELECT coalesce(source_a, source_system_a), source_record_id_a, coalesce(source_b, source_system_b), source_record_id_b,
                       customer_id_a, customer_id_b, decision, decided_by, decided_at, note, status, file_line
                FROM id_review_decision WHERE customer_id_a = ?1 OR customer_id_b = ?1 ORDER BY decision_id
                """, [.text(current)]).map { row in
                let text = row.map { $0.string ?? "" }
                func label(_ system: Int, _ id: Int, _ customer: Int) -> String {
                    let key = text[system] + "/" + text[id]
                    if text[customer] == current, let number = numberOf[key] { return "[\(number)]" }
                    return "\(text[customer].isEmpty ? "(not staged)" : text[customer]) \(key)"
                }
                let who = [text[7], text[8]].filter { !$0.isEmpty }.joined(separator: ", ")
                return "\(label(0, 1, 4)) ~ \(label(2, 3, 5)): \(text[6].replacingOccurrences(of: "_", with: " "))"
                    + (who.isEmpty ? "" : " (\(who))") + ", \(text[10].replacingOccurrences(of: "_", with: " "))"
                    + (text[9].isEmpty ? "" : ": \(text[9])") + " — decisions file line \(text[11])"
            }
        }
        return explanation
    }

    /// `Frau Dr. Anna Müller · anna@x.de · +49… · Hauptstraße 5a, 10115 Berlin · born 1985-04-03 · customer no. K-1`
    /// from the columns salutation, title, first, last, email, phone, street, house number, postcode,
    /// city, birth date, customer number, loyalty card starting at `start`.
    static func describe(_ v: [String?], from start: Int) -> String {
        func at(_ offset: Int) -> String? { v[start + offset].flatMap { $0.isEmpty ? nil : $0 } }
        var parts: [String] = []
        let name = [at(0), at(1), at(2), at(3)].compactMap { $0 }.joined(separator: " ")
        if !name.isEmpty { parts.append(name) }
        if let email = at(4) { parts.append(email) }
        if let phone = at(5) { parts.append(phone) }
        let street = [at(6), at(7)].compactMap { $0 }.joined(separator: " ")
        let place = [at(8), at(9)].compactMap { $0 }.joined(separator: " ")
        let address = [street, place].filter { !$0.isEmpty }.joined(separator: ", ")
        if !address.isEmpty { parts.append(address) }
        if let born = at(10) { parts.append("born \(born)") }
        if let number = at(11) { parts.append("customer no. \(number)") }
        if let card = at(12) { parts.append("card \(card)") }
        return parts.isEmpty ? "(no identifying values)" : parts.joined(separator: " · ")
    }

    /// The explanation as a person reads it; at most `limit` records are listed.
    public func text(limit: Int) -> String {
        var out: [String] = []
        out.append("Customer \(customerID)")
        if let status { out.append("  \(status)") }
        if let golden { out.append("  golden record: \(golden)") }
        out.append("")
        out.append("\(records.count) source record\(records.count == 1 ? "" : "s"):")
        for record in records.prefix(limit) {
            out.append("  [\(record.number)] \(record.source)/\(record.recordID) (\(record.system), \(record.matchRule)): \(record.summary)")
        }
        if records.count > limit { out.append("  ... \(records.count - limit) more (use --limit)") }
        out.append("")
        out.append("Why they are one customer:")
        var explained = false
        var groups: [String: [Int]] = [:]
        for record in records where Self.exactRules.contains(record.matchRule) {
            groups["\(record.matchRule) \(record.exactValue ?? "?")", default: []].append(record.number)
        }
        for group in groups.keys.sorted(by: { groups[$0]![0] < groups[$1]![0] }) {
            let numbers = groups[group]!
            let shown = numbers.prefix(12).map { "[\($0)]" }.joined(separator: " ") + (numbers.count > 12 ? " ... (\(numbers.count) records)" : "")
            out.append("  \(shown) share \(group.replacingOccurrences(of: "_", with: " ")) (exact link)")
            explained = true
        }
        for pair in linking {
            out.append("  \(pair.a) ~ \(pair.b): match weight \(Self.signed(pair.weight)), probability \(String(format: "%.5f", pair.probability)), compared by rule `\(pair.rule)`, \(pair.decision.replacingOccurrences(of: "_", with: " "))")
            out.append("      " + Self.breakdown(pair))
            explained = true
        }
        if !explained { out.append(records.count <= 1 ? "  one record: nothing to link" : "  (no pair recorded)") }
        if !keptApart.isEmpty {
            out.append("")
            out.append("Kept apart (below the threshold or refused by a guard):")
            for pair in keptApart {
                out.append("  \(pair.a) ~ \(pair.b): match weight \(Self.signed(pair.weight)), probability \(String(format: "%.5f", pair.probability)), \(pair.decision.replacingOccurrences(of: "_", with: " "))")
                out.append("      " + Self.breakdown(pair))
            }
        }
        if !reviewed.isEmpty {
            out.append("")
            out.append("Reviewed decisions (identity.review_decisions, applied before matching):")
            for line in reviewed { out.append("  \(line)") }
        }
        if !history.isEmpty {
            out.append("")
            out.append("Id history:")
            for line in history { out.append("  \(line)") }
        }
        return out.joined(separator: "\n")
    }

    /// `prior -3.10 · first_name exact +8.33 · ...`: the terms that add up to the match weight;
    /// comparisons with a missing value (weight 0) are left out.
    static func breakdown(_ pair: Pair) -> String {
        let prior = pair.weight - pair.comparisons.reduce(0) { $0 + $1.weight }
        return (["prior \(signed(prior))"] + pair.comparisons.filter { $0.level != "missing" }.map { "\($0.field) \($0.level) \(signed($0.weight))" })
            .joined(separator: " · ")
    }

    static func signed(_ value: Double) -> String { (value >= 0 ? "+" : "") + String(format: "%.2f", value) }
}
