import Identity
import PipelineCore
import Testing

@Suite("stable ids, golden records")
struct ResolveTests {
    static func record(_ system: SourceSystem, _ id: String, email: String? = nil, phone: String? = nil,
                       card: String? = nil, seen: String? = nil, first: String? = nil) -> IdentityRecord {
        var r = IdentityRecord(system: system, source: system.rawValue, sourceRecordID: id)
        r.email = email; r.phone = phone; r.loyaltyCard = card; r.seenAt = seen; r.firstName = first
        return r
    }

    static func anchors(_ n: Int) -> [StableIDAssigner.Anchor] {
        (0..<n).map { StableIDAssigner.Anchor(seenAt: "2026-01-0\($0 + 1)", system: "email", recordID: "E\($0)") }
    }

    @Test("first night: every cluster gets an id derived from its earliest record")
    func firstNight() {
        let anchors = Self.anchors(3)
        let a = StableIDAssigner.assign(members: [[1, 0], [2]], anchors: anchors, previousID: [nil, nil, nil], anchorOf: [:], liveIDs: [])
        #expect(a.clusterIDs == [anchors[0].derivedID, anchors[2].derivedID])
        #expect(a.clusterIDs[0].count == 17 && a.clusterIDs[0].hasPrefix("C"))
        #expect(a.events.map(\.kind) == [.new, .new])
    }

    @Test("ids do not depend on load order: one night at a time equals both nights at once")
    func orderIndependent() {
        let anchors = Self.anchors(3)
        let together = StableIDAssigner.assign(members: [[0, 1], [2]], anchors: anchors, previousID: [nil, nil, nil], anchorOf: [:], liveIDs: [])
        let first = StableIDAssigner.assign(members: [[0]], anchors: [anchors[0]], previousID: [nil], anchorOf: [:], liveIDs: [])
        let known = Dictionary(uniqueKeysWithValues: first.minted.map { ($0.id, $0.anchor) })
        let second = StableIDAssigner.assign(members: [[0, 1], [2]], anchors: anchors, previousID: [first.clusterIDs[0], nil, nil],
                                             anchorOf: known, liveIDs: Set(first.clusterIDs))
        #expect(second.clusterIDs == together.clusterIDs)
    }

    @Test("unchanged clusters keep their ids; a new record joins without changing the id")
    func stable() {
        let anchors = Self.anchors(4)
        let known = ["CA": anchors[2], "CB": anchors[0]]
        let a = StableIDAssigner.assign(members: [[0, 1, 3], [2]], anchors: anchors, previousID: ["CB", "CB", "CA", nil],
                                        anchorOf: known, liveIDs: ["CA", "CB"])
        #expect(a.clusterIDs == ["CB", "CA"])
        #expect(a.events.isEmpty)
    }

    @Test("a merge keeps the older id (earlier anchor) and records the other as merged into it")
    func merge() {
        let anchors = Self.anchors(3)
        let known = ["CLATE": anchors[2], "CEARLY": anchors[0]]
        let a = StableIDAssigner.assign(members: [[0, 1, 2]], anchors: anchors, previousID: ["CEARLY", "CLATE", "CLATE"],
                                        anchorOf: known, liveIDs: ["CLATE", "CEARLY"])
        #expect(a.clusterIDs == ["CEARLY"])
        #expect(a.events.map(\.kind) == [.merge])
        #expect(a.events.first?.oldID == "CLATE" && a.events.first?.newID == "CEARLY")
    }

    @Test("a split keeps the id on the larger part; the smaller part gets a new id; ids are never reused")
    func split() {
        let anchors = Self.anchors(3)
        let original = anchors[0].derivedID
        let a = StableIDAssigner.assign(members: [[0], [1, 2]], anchors: anchors, previousID: [original, original, original],
                                        anchorOf: [original: anchors[0]], liveIDs: [original])
        // The larger part keeps the id; the smaller part's own anchor would derive the same id, so it gets a suffix.
        #expect(a.clusterIDs == [original + "-2", original])
        #expect(a.events.map(\.kind) == [.split])
        #expect(a.events[0].oldID == original && a.events[0].newID == original + "-2")
    }

    @Test("an id whose records are all gone is retired")
    func retired() {
        let anchors = Self.anchors(1)
        let a = StableIDAssigner.assign(members: [[0]], anchors: anchors, previousID: ["CA"], anchorOf: ["CA": anchors[0], "CB": anchors[0]],
                                        liveIDs: ["CA", "CB"])
        #expect(a.events.map(\.kind) == [.retired])
        #expect(a.events[0].oldID == "CB")
    }

    @Test("golden record: source priority first, then the most recent record; provenance kept")
    func golden() {
        let builder = GoldenRecordBuilder(priority: [.email, .branch, .support, .survey])
        let records = [
            Self.record(.survey, "S1", email: "s@x.de", seen: "2026-05-01", first: "Anna"),
            Self.record(.email, "E1", email: nil, seen: "2025-01-01", first: "Anne"),
            Self.record(.email, "E2", email: "e@x.de", seen: "2026-01-01", first: "Anna-Lena"),
        ]
        let g = builder.build(customerID: "C1", records: records)
        #expect(g.values["first_name"] == "Anna-Lena")
        #expect(g.provenance["first_name"]?.recordID == "E2")
        #expect(g.values["email"] == "e@x.de")
        #expect(g.firstSeen == "2025-01-01" && g.lastSeen == "2026-05-01")
        #expect(g.recordCount == 3)
    }

    @Test("anchors order and compare by their times as texts, whether a time is kept packed or not")
    func anchorOrderOverPackedTimes() {
        let times: [String?] = ["2024-11-21T08:01:28Z", "2024-11-21T08:01:29Z", "2024-11-21", "2024-11-21T08:01:28+01:00",
                                "\u{1}20241121080128", "9999", "", nil]
        func text(_ time: String?) -> String { time ?? "9999" }
        for x in times {
            for y in times {
                let a = StableIDAssigner.Anchor(seenAt: x, system: "branch", recordID: "TX-1")
                let b = StableIDAssigner.Anchor(seenAt: y, system: "branch", recordID: "TX-2")
                #expect((a < b) == ((text(x), "TX-1") < (text(y), "TX-2")), "\(String(describing: x)) vs \(String(describing: y))")
                #expect((a == StableIDAssigner.Anchor(seenAt: y, system: "branch", recordID: "TX-1")) == (text(x) == text(y)))
            }
            var record = IdentityRecord(system: .branch, source: "pos", sourceRecordID: "TX-1")
            record.seenAt = x
            let fromRecord = StableIDAssigner.Anchor(record: record)
            #expect(fromRecord == StableIDAssigner.Anchor(seenAt: x, system: "branch", recordID: "TX-1", source: "pos"))
            #expect(fromRecord.seenAt == text(x))
        }
    }
}
