import Extract
import Foundation
import Identity
import PipelineCore

/// The reviewed-decisions file (`identity.review_decisions`): people's `link` / `keep_apart`
/// decisions about pairs of source records, written by `oneface review` and applied before
/// clustering every night. CSV, one decision per line, meant to live under version control:
///
///     system_a,source_a,record_id_a,system_b,source_b,record_id_b,decision,decided_by,decided_at,note
///     email,crm,C-1001,support,support_tickets,T-77,link,anna,2026-12-07,same person after marriage
///
/// A record is known by its source and id. Files written before sources owned record ids have no
/// `source_a`/`source_b` columns (and a cell may be left empty): such a record is the one record of
/// its system with that id; when two sources of the system have it, the line must name the source.
/// `oneface review` rewrites such a file with the source columns the first time it appends to it.
///
/// A later line about the same two records replaces an earlier one (a person changed their mind).
public struct ReviewDecisionFile: Sendable {
    public struct Decision: Sendable, Equatable {
        public var systemA: SourceSystem
        /// The record's source (the source's name in the pipeline); empty: the one source of
        /// `systemA` that has `recordA` (a line written before sources owned record ids).
        public var sourceA: String
        public var recordA: String
        public var systemB: SourceSystem
        public var sourceB: String
        public var recordB: String
        public var verdict: ReviewedPair.Verdict
        public var decidedBy: String
        /// ISO date (or date-time) of the decision.
        public var decidedAt: String
        public var note: String
        /// Line in the file (1: the header), for messages.
        public var line: Int

        public init(systemA: SourceSystem, sourceA: String, recordA: String, systemB: SourceSystem, sourceB: String, recordB: String,
                    verdict: ReviewedPair.Verdict, decidedBy: String, decidedAt: String, note: String, line: Int = 0) {
            self.systemA = systemA
            self.sourceA = sourceA
            self.recordA = recordA
            self.systemB = systemB
            self.sourceB = sourceB
            self.recordB = recordB
            self.verdict = verdict
            self.decidedBy = decidedBy
            self.decidedAt = decidedAt
            self.note = note
            self.line = line
        }

        /// The two records in a fixed order, so `A,B` and `B,A` are one pair.
        var pairKey: String { Self.pairKey(systemA.rawValue + "\u{1F}" + sourceA, recordA, systemB.rawValue + "\u{1F}" + sourceB, recordB) }

        /// The decision as a line of the file (`header`'s columns).
        var fields: [String] {
            [systemA.rawValue, sourceA, recordA, systemB.rawValue, sourceB, recordB, verdict.rawValue, decidedBy, decidedAt, note]
        }
    }

    public static let header = ["system_a", "source_a", "record_id_a", "system_b", "source_b", "record_id_b", "decision", "decided_by",
                                "decided_at", "note"]
    /// The columns every file has, the first layout's included (it had no source columns).
    static let requiredColumns = ["system_a", "record_id_a", "system_b", "record_id_b", "decision"]

    public let path: String
    /// Every line's decision, in file order.
    public let lines: [Decision]
    /// Whether the file has the `source_a` and `source_b` columns (files written before sources
    /// owned record ids have not).
    public let hasSourceColumns: Bool

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
            hasSourceColumns = true
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
        guard Self.requiredColumns.allSatisfy(header.contains) else {
            throw fail(1, "header", "expected the header \(Self.header.joined(separator: ",")) (`oneface review` writes it)")
        }
        hasSourceColumns = header.contains("source_a") && header.contains("source_b")
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
            let sourceA = column("source_a", fields), sourceB = column("source_b", fields)
            guard systemA != systemB || sourceA != sourceB || recordA != recordB else {
                throw fail(line, "record_id_b", "a decision is about two different records")
            }
            guard let verdict = ReviewedPair.Verdict(rawValue: column("decision", fields)) else {
                throw fail(line, "decision", "expected link or keep_apart")
            }
            lines.append(Decision(systemA: systemA, sourceA: sourceA, recordA: recordA, systemB: systemB, sourceB: sourceB, recordB: recordB,
                                  verdict: verdict,
                                  decidedBy: column("decided_by", fields), decidedAt: column("decided_at", fields),
                                  note: column("note", fields), line: line))
        }
        self.lines = lines
    }

    /// Appends a decision, creating the file (with its header) if needed; the file is replaced by
    /// a rename, so a reader never sees half a line. A file without the source columns is first
    /// rewritten with them (its lines keep their meaning: an empty source is the one of the system).
    public static func append(_ decision: Decision, to path: String) throws {
        var text = ""
        if FileManager.default.fileExists(atPath: path), !(try ReviewDecisionFile(path: path)).hasSourceColumns {
            let old = try ReviewDecisionFile(path: path)
            text = header.joined(separator: ",") + "\n"
            for line in old.lines { text += line.fields.map(csvField).joined(separator: ",") + "\n" }
        } else if FileManager.default.fileExists(atPath: path) {
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw PipelineError.input("cannot read the reviewed-decisions file \(path): \(error.localizedDescription)")
            }
            if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        } else {
            text = header.joined(separator: ",") + "\n"
        }
        text += decision.fields.map(csvField).joined(separator: ",") + "\n"
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
