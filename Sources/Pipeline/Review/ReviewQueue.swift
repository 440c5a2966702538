import Foundation
import Identity
import PipelineCore
import SQLiteDB
import Staging

/// A person's decision about two records: `link` or `keep_apart`.
public typealias ReviewVerdict = ReviewedPair.Verdict

/// The match pairs near the threshold that wait for a person's decision (`oneface review`), read
/// from staging after `oneface transform`: both records side by side and what each comparison
/// added to the match weight. Decisions go to the pipeline's reviewed-decisions file.
public struct ReviewQueue {
    /// One record of a pair, with the values the matcher compared (as parsed from the export).
    public struct Side: Sendable {
        public var system: String
        public var source: String
        public var recordID: String
        public var customerID: String
        /// Values by row label (`first name`, `street`, ...); absent where the record has none.
        public var values: [String: String]
    }

    public struct Comparison: Sendable {
        public var field: String
        public var level: String
        public var weight: Double
    }

    public struct Pair: Sendable {
        public var pairID: Int
        public var weight: Double
        public var probability: Double
        public var decision: String
        public var rule: String
        public var a: Side
        public var b: Side
        public var comparisons: [Comparison]
    }

    public let config: PipelineConfig
    let db: Database
    /// The threshold as a match weight in bits.
    public let thresholdWeight: Double
    /// The decisions file's decisions in force (empty when none is configured or written yet).
    public let decisions: [ReviewDecisionFile.Decision]
    /// The `id_record` columns of `rows`, in order; NULL for one a staging file written before it
    /// existed lacks (review opens staging read only, so it is not migrated).
    let recordColumns: [String]

    public init(config: PipelineConfig) throws {
        guard FileManager.default.fileExists(atPath: config.stagingPath) else {
            throw PipelineError.input("no staging database at \(config.stagingPath) yet; run `oneface run` first")
        }
        db = try Database(path: config.stagingPath, mode: .readOnly)
        guard try db.hasTable("match_pair"), try db.hasTable("id_record") else {
            throw PipelineError.input("staging holds no identities yet; run `oneface transform` first")
        }
        let present = Set(try db.columns(of: "id_record"))
        recordColumns = Self.rows.flatMap(\.columns).map { present.contains($0) ? $0 : "NULL" }
        self.config = config
        thresholdWeight = MatchScorer.weight(probability: config.identity.matchThreshold)
        decisions = try config.identity.reviewDecisionsPath.map { try ReviewDecisionFile(path: $0).decisions } ?? []
    }

    /// The pairs waiting, closest to the threshold first (at most `limit`), and how many wait in all.
    /// A pair decided in the file since the last transform waits no more.
    public func waiting(limit: Int) throws -> (pairs: [Pair], total: Int) {
        let decided = Set(decisions.map(\.pairKey))
        // The keys alone for all of them (to leave out pairs decided since the transform); the
        // records and weights only for the pairs shown.
        let rows = try db.rows("""
            SELECT pair_id, source_system_a, source_a, source_record_id_a, source_system_b, source_b, source_record_id_b FROM match_pair
            WHERE \(IdentityTables.reviewWaiting(threshold: "?1", margin: "?2"))
            ORDER BY abs(match_weight - ?1), pair_id
            """, [.real(thresholdWeight), .real(config.identity.reviewMargin)])
        let waiting = rows.filter { row in
            let text = row.map { $0.string ?? "" }
            // A decision names its records by source and id, or (a line from before sources owned
            // record ids) by system and id alone.
            return !decided.contains(ReviewDecisionFile.Decision.pairKey(text[1] + "\u{1F}" + text[2], text[3], text[4] + "\u{1F}" + text[5], text[6]))
                && !decided.contains(ReviewDecisionFile.Decision.pairKey(text[1] + "\u{1F}", text[3], text[4] + "\u{1F}", text[6]))
        }
        let pairs = try waiting.prefix(limit).compactMap { $0[0].int }.map { try pair(Int($0)) }
        return (pairs, waiting.count)
    }


    static let fields = IdentityTables.comparedFields

    /// One pair of `match_pair`, by its number.
    public func pair(_ id: Int) throws -> Pair {
        guard let row = try db.rows("""
            SELECT source_system_a, source_record_id_a, source_system_b, source_record_id_b, customer_id_a, customer_id_b,
                   blocking_rule, match_weight, match_probability, decision,
                   \(Self.fields.map { "\($0)_level, \($0)_weight" }.joined(separator: ", ")), source_a, source_b
            FROM match_pair WHERE pair_id = ?
            """, [.integer(Int64(id))]).first else {
            let count = try db.scalar("SELECT count(*) FROM match_pair")?.int ?? 0
            throw PipelineError.input("no match pair \(id); tonight's pairs are numbered 1 to \(count) (`oneface review` lists those waiting)")
        }
        let text = row.map(\.string)
        var comparisons: [Comparison] = []
        for (index, field) in Self.fields.enumerated() {
            guard let level = text[10 + 2 * index], let weight = row[11 + 2 * index].double else { continue }
            comparisons.append(Comparison(field: field, level: level, weight: weight))
        }
        return Pair(pairID: id, weight: row[7].double ?? 0, probability: row[8].double ?? 0, decision: text[9] ?? "",
                    rule: text[6] ?? "", a: try side(text[0] ?? "", text[10 + 2 * Self.fields.count] ?? "", text[1] ?? "", customer: text[4] ?? ""),
                    b: try side(text[2] ?? "", text[11 + 2 * Self.fields.count] ?? "", text[3] ?? "", customer: text[5] ?? ""),
                    comparisons: comparisons)
    }

    /// The rows of the side-by-side view: label and the `id_record` columns shown in it.
    static let rows: [(label: String, field: String?, columns: [String])] = [
        ("first name", "first_name", ["first_name"]), ("last name", "last_name", ["last_name"]),
        ("birth date", "birth_date", ["birth_date"]), ("e-mail", "email", ["email"]), ("phone", "phone", ["phone"]),
        ("street", "street", ["street", "house_number"]), ("line 2", nil, ["address_line2"]),
        ("postcode", "postcode", ["postcode"]), ("city", "city", ["city"]),
        ("country", nil, ["country"]), ("customer no.", nil, ["customer_number"]), ("loyalty card", nil, ["loyalty_card"]),
    ]

    private func side(_ system: String, _ source: String, _ recordID: String, customer: String) throws -> Side {
        let row = try db.rows("""
            SELECT source, \(recordColumns.joined(separator: ", ")) FROM id_record WHERE source = ? AND source_record_id = ?
            """, [.text(source), .text(recordID)]).first
        var values: [String: String] = [:]
        if let row {
            var column = 1
            for line in Self.rows {
                let parts = line.columns.indices.compactMap { row[column + $0].string }.filter { !$0.isEmpty }
                column += line.columns.count
                if !parts.isEmpty { values[line.label] = parts.joined(separator: " ") }
            }
        }
        return Side(system: system, source: source.isEmpty ? "?" : source, recordID: recordID, customerID: customer, values: values)
    }

    /// Records the decision about pair `id` in the reviewed-decisions file; it takes effect at the
    /// next transform. Returns the decision written.
    @discardableResult
    public func decide(_ id: Int, _ verdict: ReviewedPair.Verdict, by person: String, note: String,
                       on date: Date = Date()) throws -> ReviewDecisionFile.Decision {
        guard let path = config.identity.reviewDecisionsPath else {
            throw PipelineError.config(ConfigError(file: config.file, line: nil, key: "identity.review_decisions",
                                                   problem: "not set: name a CSV file beside the pipeline (e.g. `review_decisions: review-decisions.csv`) to keep decisions in, under version control"))
        }
        let pair = try self.pair(id)
        guard let systemA = SourceSystem(rawValue: pair.a.system), let systemB = SourceSystem(rawValue: pair.b.system) else {
            throw PipelineError.failure("match pair \(id) names an unknown source system; rerun `oneface transform`")
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        let decision = ReviewDecisionFile.Decision(systemA: systemA, sourceA: pair.a.source, recordA: pair.a.recordID, systemB: systemB,
                                                   sourceB: pair.b.source, recordB: pair.b.recordID, verdict: verdict, decidedBy: person, decidedAt: formatter.string(from: date), note: note)
        try ReviewDecisionFile.append(decision, to: path)
        return decision
    }

    /// The pair as a person reads it: the two records side by side, each comparison's level and
    /// weight, and how far the total is from the threshold.
    public func card(_ pair: Pair) -> String {
        let distance = pair.weight - thresholdWeight
        var out = [
            "pair \(pair.pairID): match weight \(Self.format(pair.weight)) bits, \(Self.format(abs(distance))) \(distance < 0 ? "below" : "above") the threshold (\(Self.format(thresholdWeight))); \(pair.decision.replacingOccurrences(of: "_", with: " ")); compared by `\(pair.rule)`",
        ]
        // Wide enough for both records' names (source/id) in full.
        let width = max(30, "\(pair.a.source)/\(pair.a.recordID)".count + 2, "\(pair.b.source)/\(pair.b.recordID)".count + 2)
        func cell(_ value: String?) -> String {
            var text = value ?? "—"
            if text.count > width - 2 { text = String(text.prefix(width - 3)) + "…" }
            return text.padding(toLength: width, withPad: " ", startingAt: 0)
        }
        func row(_ label: String, _ a: String?, _ b: String?, _ tail: String = "") -> String {
            label.padding(toLength: 14, withPad: " ", startingAt: 0) + cell(a) + cell(b) + tail
        }
        out.append(row("", "\(pair.a.source)/\(pair.a.recordID)", "\(pair.b.source)/\(pair.b.recordID)", "level        weight"))
        out.append(row("customer", pair.a.customerID, pair.b.customerID))
        let comparisonOf = Dictionary(pair.comparisons.map { ($0.field, $0) }, uniquingKeysWith: { first, _ in first })
        for line in Self.rows {
            let a = pair.a.values[line.label], b = pair.b.values[line.label]
            var tail = ""
            if let field = line.field, let comparison = comparisonOf[field] {
                tail = comparison.level.padding(toLength: 13, withPad: " ", startingAt: 0) + Self.signed(comparison.weight)
            } else if a == nil && b == nil {
                continue
            }
            out.append(row(line.label, a, b, tail))
        }
        let prior = pair.weight - pair.comparisons.reduce(0) { $0 + $1.weight }
        out.append(row("prior", nil, nil, String(repeating: " ", count: 13) + Self.signed(prior)).replacingOccurrences(of: "—", with: " "))
        return out.joined(separator: "\n")
    }

    static func format(_ value: Double) -> String { String(format: "%.2f", value) }
    static func signed(_ value: Double) -> String { (value >= 0 ? "+" : "") + String(format: "%.2f", value) }
}

extension ReviewDecisionFile.Decision {
    /// The two records in a fixed order, so `A,B` and `B,A` are one pair; `scopeA` is the system
    /// and source joined by U+001F (the source empty when a line names none).
    static func pairKey(_ scopeA: String, _ recordA: String, _ scopeB: String, _ recordB: String) -> String {
        let a = scopeA + "\u{1F}" + recordA, b = scopeB + "\u{1F}" + recordB
        return a < b ? a + "\u{1E}" + b : b + "\u{1E}" + a
    }
}
