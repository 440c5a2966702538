import Identity
import Logging
import PipelineCore
import SQLiteDB

/// Tonight's reviewed decisions (`identity.review_decisions`): the decisions in force, their
/// records among tonight's, and, after clustering, what became of each (`id_review_decision`).
struct TransformReview {
    /// What became of a decision tonight, as `id_review_decision.status` says it.
    enum Status: String {
        case applied, contradicted
        /// One of its records is not among tonight's (removed from its export, or erased).
        case recordMissing = "record_missing"
    }

    var decisions: [ReviewDecisionFile.Decision] = []
    /// Record numbers of each decision's records (nil: not among tonight's records).
    var numbers: [(a: Int32?, b: Int32?)] = []

    /// The decisions whose two records are both here, in file order: what clustering applies.
    var pairs: [ReviewedPair] {
        zip(decisions, numbers).compactMap { decision, numbers in
            guard let a = numbers.a, let b = numbers.b else { return nil }
            return ReviewedPair(a: a, b: b, verdict: decision.verdict)
        }
    }

    static func read(config: PipelineConfig, records: [IdentityRecord], logger: Logger) throws -> TransformReview {
        guard let path = config.identity.reviewDecisionsPath else { return TransformReview() }
        let file = try ReviewDecisionFile(path: path)
        var review = TransformReview()
        review.decisions = file.decisions
        review.numbers = try review.decisions.map { decision in
            // A line without a source names the one record of its system with that id; when two
            // sources of the system have the id, the line must say which (a pipeline problem, exit 78).
            func number(_ system: SourceSystem, _ source: String, _ id: String, column: String) throws -> Int32? {
                switch TransformStage.record(records, system, id, source: source) {
                case let .found(number): return number
                case .missing: return nil
                case .ambiguous:
                    throw PipelineError.config(ConfigError(file: path, line: decision.line, key: column,
                        problem: "two sources of system \(system.rawValue) have this record id; name the record's source in \(column) (the source's name in the pipeline)"))
                }
            }
            return (try number(decision.systemA, decision.sourceA, decision.recordA, column: "source_a"),
                    try number(decision.systemB, decision.sourceB, decision.recordB, column: "source_b"))
        }
        let missing = review.numbers.filter { $0.a == nil || $0.b == nil }.count
        logger.info("transform: \(review.decisions.count) reviewed decisions in force (\(file.lines.count) lines in \(path))\(missing > 0 ? ", \(missing) about records not staged tonight" : "")")
        return review
    }

    /// Writes `id_review_decision`: every decision in force, what became of it, and the customers
    /// its records belong to tonight.
    func write(db: Database, records: [IdentityRecord], outcome: IdentityResolver.Outcome, customerOf: CustomerOf) throws {
        let insert = try db.prepare("""
            INSERT INTO id_review_decision(decision_id, source_system_a, source_record_id_a, source_system_b, source_record_id_b,
              decision, decided_by, decided_at, note, file_line, status, customer_id_a, customer_id_b, source_a, source_b)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        var applied = outcome.reviewed.makeIterator()
        for (index, (decision, numbers)) in zip(decisions, self.numbers).enumerated() {
            let status: Status
            if numbers.a != nil && numbers.b != nil {
                status = applied.next() == .applied ? .applied : .contradicted
            } else {
                status = .recordMissing
            }
            func text(_ value: String) -> SQLValue { value.isEmpty ? .null : .text(value) }
            try insert.insert([
                .integer(Int64(index + 1)), .text(decision.systemA.rawValue), .text(decision.recordA),
                .text(decision.systemB.rawValue), .text(decision.recordB), .text(decision.verdict.rawValue),
                text(decision.decidedBy), text(decision.decidedAt), text(decision.note), .integer(Int64(decision.line)),
                .text(status.rawValue), SQLValue(numbers.a.map { customerOf[Int($0)] }), SQLValue(numbers.b.map { customerOf[Int($0)] }),
                // The record's source: found tonight, else as the line names it (NULL: it names none).
                SQLValue(numbers.a.map { records[Int($0)].source } ?? (decision.sourceA.isEmpty ? nil : decision.sourceA)),
                SQLValue(numbers.b.map { records[Int($0)].source } ?? (decision.sourceB.isEmpty ? nil : decision.sourceB)),
            ])
        }
    }
}
