import Extract
import Foundation
import Identity
import PipelineCore

/// The reviewed-decisions file (`identity.review_decisions`): people's `link` / `keep_apart`
/// decisions about pairs of source records, written by `oneface review` and applied before
/// clustering every night. CSV, one decision per line, meant to live under version control:
///
///     system_a,record_id_a,system_b,record_id_b,decision,decided_by,decided_at,note
///     email,C-1001,support,T-77,link,anna,2026-12-07,same person after marriage
///
/// A later line about the same two records replaces an earlier one (a person changed their mind).
public struct ReviewDecisionFile: Sendable {
    public struct Decision: Sendable, Equatable {
        public var systemA: SourceSystem
        public var recordA: String
        public var systemB: SourceSystem
        public var recordB: String
        public var verdict: ReviewedPair.Verdict
        public var decidedBy: String
        /// ISO date (or date-time) of the decision.
        public var decidedAt: String
        public var note: String
        /// Line in the file (1: the header), for messages.
        public var line: Int

        public init(systemA: SourceSystem, recordA: String, systemB: SourceSystem, recordB: String,
                    verdict: ReviewedPair.Verdict, decidedBy: String, decidedAt: String, note: String, line: Int = 0) {
            self.systemA = systemA
            self.recordA = recordA
            self.systemB = systemB
            self.recordB = recordB
            self.verdict = verdict
            self.decidedBy = decidedBy
            self.decidedAt = decidedAt
            self.note = note
            self.line = line
        }

        /// The two records in a fixed order, so `A,B` and `B,A` are one pair.
        var pairKey: String { Self.pairKey(systemA.rawValue, recordA, systemB.rawValue, recordB) }
    }

    public static let header = ["system_a", "record_id_a", "system_b", "record_id_b", "decision", "decided_by", "decided_at", "note"]

    public let path: String
    /// Every line's decision, in file order.
    public let lines: [Decision]

    /// The decisions in force: the last line about each pair, in the order those lines appear.
    public var decisions: [Decision] {
        var last: [String: Int] = [:]
        for (index, decision) in lines.enumerated() { last[decision.pairKey] = index }
        return lines.indices.filter { last[lines[$0].pairKey] == $0 }.map { lines[$0] }
    }

    /// Reads the file; a missing file holds no decisions yet. A malformed line is a pipeline
    /// problem (exit 78) naming the file and line.
    public init(path: String) throws {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else {
            lines = []
            return
        }
        func fail(_ line: Int?, _ key: String, _ problem: String) -> PipelineError {
            .config(ConfigError(file: path, line: line, key: key, problem: problem))
        }
        var reader: CSVReader
        do {
            reader = try CSVReader(source: try ByteSource(path: path), options: CSVOptions(delimiter: UInt8(ascii: ",")))
        } catch {
            throw fail(nil, "header", "cannot read the reviewed-decisions file: \(error)")
        }
        let header = reader.header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard Array(header.prefix(5)) == Array(Self.header.prefix(5)) else {
            throw fail(1, "header", "expected the header \(Self.header.joined(separator: ",")) (`oneface review` writes it)")
        }
        func column(_ name: String, _ fields: [String]) -> String {
            guard let index = header.firstIndex(of: name), index < fields.count else { return "" }
            return fields[index].trimmingCharacters(in: .whitespaces)
        }
        var lines: [Decision] = []
        while true {
            let outcome: ReadOutcome?
            do { outcome = try reader.next() } catch { throw fail(nil, "line", "cannot read the reviewed-decisions file: \(error)") }
            guard let outcome else { break }
            guard case let .record(line, .row(fields)) = outcome else {
                if case let .reject(line, reason, _) = outcome { throw fail(line, "line", reason) }
                continue
            }
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            let systems = SourceSystem.allCases.map(\.rawValue).joined(separator: ", ")
            guard let systemA = SourceSystem(rawValue: column("system_a", fields)) else {
                throw fail(line, "system_a", "expected one of \(systems)")
            }
            guard let systemB = SourceSystem(rawValue: column("system_b", fields)) else {
                throw fail(line, "system_b", "expected one of \(systems)")
            }
            let recordA = column("record_id_a", fields), recordB = column("record_id_b", fields)
            guard !recordA.isEmpty, !recordB.isEmpty else {
                throw fail(line, recordA.isEmpty ? "record_id_a" : "record_id_b", "a decision needs both records' ids")
            }
            guard systemA != systemB || recordA != recordB else {
                throw fail(line, "record_id_b", "a decision is about two different records")
            }
            guard let verdict = ReviewedPair.Verdict(rawValue: column("decision", fields)) else {
                throw fail(line, "decision", "expected link or keep_apart")
            }
            lines.append(Decision(systemA: systemA, recordA: recordA, systemB: systemB, recordB: recordB, verdict: verdict,
                                  decidedBy: column("decided_by", fields), decidedAt: column("decided_at", fields),
                                  note: column("note", fields), line: line))
        }
        self.lines = lines
    }

    /// Appends a decision, creating the file (with its header) if needed; the file is replaced by
    /// a rename, so a reader never sees half a line.
    public static func append(_ decision: Decision, to path: String) throws {
        var text = ""
        if FileManager.default.fileExists(atPath: path) {
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw PipelineError.input("cannot read the reviewed-decisions file \(path): \(error.localizedDescription)")
            }
            if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        } else {
            text = header.joined(separator: ",") + "\n"
        }
        text += [decision.systemA.rawValue, decision.recordA, decision.systemB.rawValue, decision.recordB,
                 decision.verdict.rawValue, decision.decidedBy, decision.decidedAt, decision.note]
            .map(csvField).joined(separator: ",") + "\n"
        let temporary = path + ".tmp-\(getpid())"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw PipelineError.input("cannot write the reviewed-decisions file next to \(path): \(error.localizedDescription); check the folder exists and is writable")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw PipelineError.input("cannot replace the reviewed-decisions file \(path): \(reason)")
        }
    }

    /// RFC 4180: quoted when it holds a comma, quote or line break.
    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
