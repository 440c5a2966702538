/// Keeps customer ids stable from night to night while clusters change.
///
/// Rules: a cluster keeps the id most of its previously assigned records had; when clusters merge,
/// the older id (lower sequence) survives and the other is recorded as merged into it; when a
/// cluster splits, the larger part keeps the id and the rest get new ones; an id whose records are
/// all gone is retired. Ids are never reused.
public enum StableIDAssigner {
    public struct Event: Sendable, Equatable {
        public enum Kind: String, Sendable { case new, merge, split, retired }
        public var kind: Kind
        public var oldID: String?
        public var newID: String?
        public var reason: String
    }

    public struct Assignment: Sendable, Equatable {
        /// The id of each cluster.
        public var clusterIDs: [String]
        public var events: [Event]
        /// Ids minted in this run, with their sequence numbers.
        public var minted: [(id: String, seq: Int)]
        public var nextSequence: Int

        public static func == (a: Assignment, b: Assignment) -> Bool {
            a.clusterIDs == b.clusterIDs && a.events == b.events && a.nextSequence == b.nextSequence
                && a.minted.map(\.id) == b.minted.map(\.id)
        }
    }

    /// - Parameters:
    ///   - members: record indexes of each cluster, clusters in a deterministic order.
    ///   - previousID: the id each record had last time (nil for new records).
    ///   - sequenceOf: the sequence number of every known id (lower = older).
    ///   - nextSequence: the next sequence to mint.
    ///   - liveIDs: ids active before this run (to find the retired ones).
    public static func assign(members: [[Int]], previousID: [String?], sequenceOf: [String: Int],
                              nextSequence: Int, liveIDs: Set<String>) -> Assignment {
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
        var next = nextSequence
        var ids: [String] = []
        var events: [Event] = []
        var minted: [(String, Int)] = []
        func mint() -> String {
            let id = Self.format(next)
            minted.append((id, next))
            next += 1
            return id
        }
        ids.reserveCapacity(members.count)
        for cluster in members.indices {
            let held = heldIDs[start[cluster]..<start[cluster + 1]].map { names[Int($0)] }
            let kept = held.indices.filter { holderCluster[Int(heldIDs[start[cluster] + $0])] == cluster }.map { held[$0] }
                .sorted { (sequenceOf[$0] ?? .max, $0) < (sequenceOf[$1] ?? .max, $1) }
            if let survivor = kept.first {
                ids.append(survivor)
                for merged in kept.dropFirst() {
                    events.append(Event(kind: .merge, oldID: merged, newID: survivor,
                                        reason: "records of \(merged) now match records of \(survivor); the older id survives"))
                }
            } else {
                let id = mint()
                ids.append(id)
                if let from = held.min() {
                    events.append(Event(kind: .split, oldID: from, newID: id,
                                        reason: "split from \(from); the larger part keeps \(from)"))
                } else {
                    events.append(Event(kind: .new, oldID: nil, newID: id, reason: "new customer"))
                }
            }
        }
        let surviving = Set(ids)
        let mergedAway = Set(events.filter { $0.kind == .merge }.compactMap(\.oldID))
        for id in liveIDs.subtracting(surviving).subtracting(mergedAway).sorted() {
            events.append(Event(kind: .retired, oldID: id, newID: nil, reason: "no source record refers to this customer any more"))
        }
        return Assignment(clusterIDs: ids, events: events, minted: minted, nextSequence: next)
    }

    /// `C` and the sequence number in eight digits: `C00000042`.
    static func format(_ sequence: Int) -> String {
        let digits = String(sequence)
        return "C" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}

import Foundation
