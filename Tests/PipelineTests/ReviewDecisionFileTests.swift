import Foundation
@testable import Pipeline
import PipelineCore
import Testing
import TestSupport

/// The reviewed-decisions file names records by source and id; a file written before sources
/// owned record ids (no source columns) stays readable and is upgraded the first time a decision
/// is appended to it.
@Suite("reviewed-decisions file")
struct ReviewDecisionFileTests {
    static let oldLayout = """
        system_a,record_id_a,system_b,record_id_b,decision,decided_by,decided_at,note
        email,EM-0001130,support,T-0000015,keep_apart,anna,2026-12-07,"twins, said the branch"

        """

    @Test("an old file is read with empty sources, and rewritten with the source columns on append")
    func oldLayoutUpgrades() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("review-decisions.csv", text: Self.oldLayout)
        let old = try ReviewDecisionFile(path: path)
        #expect(!old.hasSourceColumns)
        #expect(old.decisions.map { [$0.sourceA, $0.recordA, $0.sourceB, $0.recordB, $0.note] }
                == [["", "EM-0001130", "", "T-0000015", "twins, said the branch"]])
        let decision = ReviewDecisionFile.Decision(systemA: .email, sourceA: "crm", recordA: "C-1001", systemB: .email, sourceB: "newsletter",
                                                   recordB: "C-1001", verdict: .link, decidedBy: "bo", decidedAt: "2026-12-08", note: "")
        try ReviewDecisionFile.append(decision, to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == """
            system_a,source_a,record_id_a,system_b,source_b,record_id_b,decision,decided_by,decided_at,note
            email,,EM-0001130,support,,T-0000015,keep_apart,anna,2026-12-07,"twins, said the branch"
            email,crm,C-1001,email,newsletter,C-1001,link,bo,2026-12-08,

            """)
        let upgraded = try ReviewDecisionFile(path: path)
        #expect(upgraded.hasSourceColumns && upgraded.decisions.count == 2)
        #expect(upgraded.decisions[0].sourceA.isEmpty && upgraded.decisions[1].sourceB == "newsletter")
    }

    @Test("one id in two sources of a system is two records, not a decision about one record")
    func sameIDTwoSources() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("d.csv", text: "system_a,source_a,record_id_a,system_b,source_b,record_id_b,decision\nemail,crm,C-1,email,newsletter,C-1,keep_apart\n")
        #expect(try ReviewDecisionFile(path: path).decisions.count == 1)
        _ = try dir.write("e.csv", text: "system_a,source_a,record_id_a,system_b,source_b,record_id_b,decision\nemail,crm,C-1,email,crm,C-1,keep_apart\n")
        #expect(throws: PipelineError.self) { try ReviewDecisionFile(path: dir.file("e.csv")) }
    }
}
