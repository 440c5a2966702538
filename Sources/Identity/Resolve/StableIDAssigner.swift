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

    /// What makes an id older than another: its anchor record's time, system, record id and source.
    public struct Anchor: Sendable, Comparable, Hashable {
        /// The anchor record's time as text ("9999" when it has none).
        public var seenAt: String {
            get { SeenAtText.unpack(storedSeenAt) }
            set { storedSeenAt = SeenAtText.pack(newValue) }
        }
        /// `seenAt` packed as a record keeps it (`SeenAtText`): a new customer's anchor holds no
        /// string on the heap for its time.
        private var storedSeenAt: String
        public var system: String
        public var recordID: String
        /// The anchor record's source: a record is known by its source and id. Empty for an anchor
        /// kept from before sources owned record ids whose record is gone: it is the same as an
        /// anchor of any source with its system and id (then, a system and id named one record).
        public var source: String

        public init(seenAt: String?, system: String, recordID: String, source: String = "") {
            storedSeenAt = SeenAtText.pack(seenAt ?? "9999")
            self.system = system
            self.recordID = recordID
            self.source = source
        }

        /// The anchor of `record`, its time taken as the record keeps it (not unpacked).
        public init(record: IdentityRecord) {
            storedSeenAt = record.storedSeenAt ?? "9999"
            system = record.system.rawValue
            recordID = record.sourceRecordID
            source = record.source
        }

        /// By time as text, then system, record id and source. Two packed times compare as their
        /// bytes, which order as their texts do; any other pair as texts, as before packing.
        public static func < (a: Anchor, b: Anchor) -> Bool {
            if a.storedSeenAt != b.storedSeenAt {
                if SeenAtText.isPacked(a.storedSeenAt) && SeenAtText.isPacked(b.storedSeenAt) {
                    return a.storedSeenAt.utf8.lexicographicallyPrecedes(b.storedSeenAt.utf8)
                }
                let x = a.seenAt, y = b.seenAt
                if x != y { return x < y }
            }
            return (a.system, a.recordID, a.source) < (b.system, b.recordID, b.source)
        }

        /// Equal packed forms are equal texts, and a packed text equals no other text.
        public static func == (a: Anchor, b: Anchor) -> Bool {
            a.storedSeenAt == b.storedSeenAt && a.system == b.system && a.recordID == b.recordID
                && (a.source == b.source || a.source.isEmpty || b.source.isEmpty)
        }

        /// Consistent with `==`: the source is left out.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(storedSeenAt)
            hasher.combine(system)
            hasher.combine(recordID)
        }

        /// The id derived from this anchor: `C` + 16 hex digits of a 64-bit FNV-1a hash of its
        /// system and record id. The source stays out of the hash, so ids derive as they did before
        /// sources owned record ids; two sources' records with one system and id (both new in one
        /// night) get the hash and the hash with a suffix (`-2`).
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
        assign(members: members, anchor: { anchors[$0] }, previousID: previousID, anchorOf: anchorOf, liveIDs: liveIDs)
    }

    /// `assign` with each record's anchor made when needed (`anchor(record)`): only a new
    /// customer's records are asked, and no anchor is held for every record.
    public static func assign(members: [[Int]], anchor: (Int) -> Anchor, previousID: [String?],
                              anchorOf: [String: Anchor], liveIDs: Set<String>) -> Assignment {
        // Previous ids numbered once; per cluster the distinct previous ids with their counts, kept
        // end to end in flat arrays (a million records, no dictionary per cluster).
        var numberOf: [String: Int32] = [:]
        var names: [String] = []
        let previousNumber: [Int32] = previousID.map { id in
            guard let id else { return -1 }
            if let known = numberOf[id] { return known }
            let number = Int32(names.count)
            numberOf[id] = number
            names.append(id)
            return number
        }
        // Which cluster holds the most records of each previous id (ties: the earlier cluster).
        var holderCluster = [Int](repeating: -1, count: names.count)
        var holderCount = [Int](repeating: 0, count: names.count)
        var start: [Int] = [0]
        var heldIDs: [Int32] = []
        var scratch: [Int32] = []
        for (cluster, records) in members.enumerated() {
            scratch.removeAll(keepingCapacity: true)
            for record in records where previousNumber[record] >= 0 { scratch.append(previousNumber[record]) }
            scratch.sort()
            var i = 0
            while i < scratch.count {
                var j = i
                while j < scratch.count && scratch[j] == scratch[i] { j += 1 }
                let id = Int(scratch[i]), count = j - i
                heldIDs.append(scratch[i])
                if !(holderCluster[id] >= 0 && holderCount[id] >= count) {
                    holderCluster[id] = cluster
                    holderCount[id] = count
                }
                i = j
            }
            start.append(heldIDs.count)
        }
        // Ids some cluster keeps (or merges away) in this run are never handed out again.
        var inUse = Set(names)
        var ids: [String] = []
        var events: [Event] = []
        var minted: [(String, Anchor)] = []
        let anchorOfRecord = anchor
        func age(_ id: String) -> Anchor { anchorOf[id] ?? Anchor(seenAt: nil, system: "~", recordID: id) }
        func mint(_ cluster: [Int]) -> String {
            let anchor = cluster.map(anchorOfRecord).min()!
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
        ids.reserveCapacity(members.count)
        for cluster in members.indices {
            let range = start[cluster]..<start[cluster + 1]
            let held = heldIDs[range].map { names[Int($0)] }
            let kept = heldIDs[range].filter { holderCluster[Int($0)] == cluster }.map { names[Int($0)] }
                .sorted { (age($0), $0) < (age($1), $1) }
            if let survivor = kept.first {
                ids.append(survivor)
                for merged in kept.dropFirst() {
                    events.append(Event(kind: .merge, oldID: merged, newID: survivor,
                                        reason: "records of \(merged) now match records of \(survivor); the older id survives"))
                }
            } else {
                let id = mint(members[cluster])
                ids.append(id)
                if let from = held.min() {
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
