/// Keeps customer ids stable from night to night while clusters change.
///
/// Rules: a cluster keeps the id most of its previously assigned records had; when clusters merge,
/// the older id survives and the other is recorded as merged into it; when a cluster splits, the
/// larger part keeps the id and the rest get new ones; an id whose records are all gone is retired.
///
/// A new id is derived from the customer's earliest record (its *anchor*: earliest time seen, then
/// system and record id), and "older" means "earlier anchor". So ids do not depend on the order in
/// which nights are loaded: two nights loaded one after the other give the same ids as both loaded
/// at once (unless a late-arriving record predates a customer's first one, where stability wins).
public enum StableIDAssigner {
    public struct Event: Sendable, Equatable {
        public enum Kind: String, Sendable { case new, merge, split, retired }
        public var kind: Kind
        public var oldID: String?
        public var newID: String?
        public var reason: String
    }

    /// What makes an id older than another: its anchor record's time, system and record id.
    public struct Anchor: Sendable, Comparable, Hashable {
        public var seenAt: String
        public var system: String
        public var recordID: String

        public init(seenAt: String?, system: String, recordID: String) {
            self.seenAt = seenAt ?? "9999"
            self.system = system
            self.recordID = recordID
        }

        public static func < (a: Anchor, b: Anchor) -> Bool {
            (a.seenAt, a.system, a.recordID) < (b.seenAt, b.system, b.recordID)
        }

        /// The id derived from this anchor: `C` + 16 hex digits of a 64-bit FNV-1a hash.
        public var derivedID: String {
            var hash: UInt64 = 0xcbf29ce484222325
            for byte in (system + ":" + recordID).utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100000001b3
            }
            let hex = String(hash, radix: 16, uppercase: true)
            return "C" + String(repeating: "0", count: 16 - hex.count) + hex
        }
    }

    public struct Assignment: Sendable, Equatable {
        /// The id of each cluster.
        public var clusterIDs: [String]
        public var events: [Event]
        /// Ids created in this run, with their anchors.
        public var minted: [(id: String, anchor: Anchor)]

        public static func == (a: Assignment, b: Assignment) -> Bool {
            a.clusterIDs == b.clusterIDs && a.events == b.events && a.minted.map(\.id) == b.minted.map(\.id)
        }
    }

    /// - Parameters:
    ///   - members: record indexes of each cluster, clusters in a deterministic order.
    ///   - anchors: the anchor of each record.
    ///   - previousID: the id each record had last time (nil for new records).
    ///   - anchorOf: the anchor of every id ever created (active, merged or retired).
    ///   - liveIDs: ids active before this run (to find the retired ones).
    public static func assign(members: [[Int]], anchors: [Anchor], previousID: [String?],
                              anchorOf: [String: Anchor], liveIDs: Set<String>) -> Assignment {
        // Which cluster holds the most records of each previous id (ties: the earlier cluster).
        var holders: [String: (cluster: Int, count: Int)] = [:]
        var countsPerCluster: [[String: Int]] = []
        for (cluster, records) in members.enumerated() {
            var counts: [String: Int] = [:]
            for record in records { if let id = previousID[record] { counts[id, default: 0] += 1 } }
            countsPerCluster.append(counts)
            for (id, count) in counts.sorted(by: { $0.key < $1.key }) {
                if let holder = holders[id], holder.count >= count { continue }
                holders[id] = (cluster, count)
            }
        }
        // Ids some cluster keeps (or merges away) in this run are never handed out again.
        var inUse = Set(holders.keys)
        var ids: [String] = []
        var events: [Event] = []
        var minted: [(String, Anchor)] = []
        func age(_ id: String) -> Anchor { anchorOf[id] ?? Anchor(seenAt: nil, system: "~", recordID: id) }
        func mint(_ cluster: [Int]) -> String {
            let anchor = cluster.map { anchors[$0] }.min()!
            var id = anchor.derivedID
            var suffix = 2
            // A known id is taken again only by its own anchor (the customer came back) and only if
            // no cluster holds it now; anything else gets the next free suffix.
            while inUse.contains(id) || (anchorOf[id] != nil && anchorOf[id] != anchor) {
                id = anchor.derivedID + "-\(suffix)"
                suffix += 1
            }
            inUse.insert(id)
            if anchorOf[id] == nil { minted.append((id, anchor)) }
            return id
        }
        for (cluster, counts) in countsPerCluster.enumerated() {
            let kept = counts.keys.filter { holders[$0]?.cluster == cluster }.sorted { (age($0), $0) < (age($1), $1) }
            if let survivor = kept.first {
                ids.append(survivor)
                for merged in kept.dropFirst() {
                    events.append(Event(kind: .merge, oldID: merged, newID: survivor,
                                        reason: "records of \(merged) now match records of \(survivor); the older id survives"))
                }
            } else {
                let id = mint(members[cluster])
                ids.append(id)
                if let from = counts.keys.sorted().first {
                    events.append(Event(kind: .split, oldID: from, newID: id,
                                        reason: "split from \(from); the larger part keeps \(from)"))
                } else {
                    events.append(Event(kind: .new, oldID: nil, newID: id,
                                        reason: anchorOf[id] == nil ? "new customer" : "customer seen again"))
                }
            }
        }
        let surviving = Set(ids)
        let mergedAway = Set(events.filter { $0.kind == .merge }.compactMap(\.oldID))
        for id in liveIDs.subtracting(surviving).subtracting(mergedAway).sorted() {
            events.append(Event(kind: .retired, oldID: id, newID: nil, reason: "no source record refers to this customer any more"))
        }
        return Assignment(clusterIDs: ids, events: events, minted: minted)
    }
}
