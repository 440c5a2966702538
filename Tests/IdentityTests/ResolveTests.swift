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

    @Test("first night: every cluster gets a new id in order")
    func firstNight() {
        let a = StableIDAssigner.assign(members: [[0, 1], [2]], previousID: [nil, nil, nil], sequenceOf: [:], nextSequence: 1, liveIDs: [])
        #expect(a.clusterIDs == ["C00000001", "C00000002"])
        #expect(a.events.map(\.kind) == [.new, .new])
        #expect(a.nextSequence == 3)
    }

    @Test("unchanged clusters keep their ids; a new record joins without changing the id")
    func stable() {
        let a = StableIDAssigner.assign(members: [[0, 1, 3], [2]], previousID: ["C00000002", "C00000002", "C00000001", nil],
                                        sequenceOf: ["C00000001": 1, "C00000002": 2], nextSequence: 3, liveIDs: ["C00000001", "C00000002"])
        #expect(a.clusterIDs == ["C00000002", "C00000001"])
        #expect(a.events.isEmpty)
    }

    @Test("a merge keeps the older id and records the other as merged into it")
    func merge() {
        let a = StableIDAssigner.assign(members: [[0, 1, 2]], previousID: ["C00000005", "C00000003", "C00000005"],
                                        sequenceOf: ["C00000003": 3, "C00000005": 5], nextSequence: 6, liveIDs: ["C00000003", "C00000005"])
        #expect(a.clusterIDs == ["C00000003"])
        #expect(a.events.map(\.kind) == [.merge])
        #expect(a.events.first?.oldID == "C00000005" && a.events.first?.newID == "C00000003")
    }

    @Test("a split keeps the id on the larger part; the smaller part gets a new id; ids are never reused")
    func split() {
        let a = StableIDAssigner.assign(members: [[0], [1, 2]], previousID: ["C00000001", "C00000001", "C00000001"],
                                        sequenceOf: ["C00000001": 1, "C00000002": 2], nextSequence: 3, liveIDs: ["C00000001"])
        #expect(a.clusterIDs == ["C00000003", "C00000001"])
        #expect(a.events.map(\.kind) == [.split])
        #expect(a.events[0].oldID == "C00000001" && a.events[0].newID == "C00000003")
    }

    @Test("an id whose records are all gone is retired")
    func retired() {
        let a = StableIDAssigner.assign(members: [[0]], previousID: ["C00000001"], sequenceOf: ["C00000001": 1, "C00000002": 2],
                                        nextSequence: 3, liveIDs: ["C00000001", "C00000002"])
        #expect(a.events.map(\.kind) == [.retired])
        #expect(a.events[0].oldID == "C00000002")
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
}
