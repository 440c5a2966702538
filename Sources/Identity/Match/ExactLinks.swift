/// Groups records that share a value of an exact-link rule (customer number, loyalty card, ...),
/// transitively. Each group is one "source identity": matching compares groups, never splits them.
///
/// - Complexity: O(n · rules) with a union-find over value numbers; no pairwise comparison.
public struct ExactLinks: Sendable {
    /// The group of each record; groups are numbered by their first record.
    public let nodeOf: [Int32]
    public let nodeCount: Int
    /// The rule (index into `rules`) that linked each record to another of its group; -1 for a
    /// record alone in its group.
    public let ruleOf: [Int8]
    public let rules: [String]

    public init(_ table: FeatureTable, rules: [String]) {
        let count = table.count
        var sets = UnionFind(count: count)
        var linkedBy = [Int8](repeating: -1, count: count)
        for (ruleIndex, rule) in rules.enumerated() {
            let valueCount: Int
            let value: (RecordFeatures) -> Int32
            switch rule {
            case "customer_number": valueCount = table.customerNumbers.count; value = { $0.customerNumber }
            case "loyalty_card": valueCount = table.loyaltyCards.count; value = { $0.loyaltyCard }
            case "email": valueCount = table.emails.count; value = { $0.email }
            case "phone": valueCount = table.phones.count; value = { $0.phone }
            default: continue
            }
            var firstWith = [Int32](repeating: -1, count: valueCount)
            for index in 0..<count {
                let id = value(table.records[index])
                guard id >= 0 else { continue }
                let first = firstWith[Int(id)]
                if first < 0 {
                    firstWith[Int(id)] = Int32(index)
                    continue
                }
                sets.union(Int(first), index)
                if linkedBy[index] < 0 { linkedBy[index] = Int8(ruleIndex) }
                if linkedBy[Int(first)] < 0 { linkedBy[Int(first)] = Int8(ruleIndex) }
            }
            // Every further e-mail or phone of a record with several links like its first.
            guard rule == "email" || rule == "phone" else { continue }
            let more = rule == "email" ? table.moreEmails : table.morePhones
            for index in 0..<count where table.records[index].more >= 0 {
                for id in more[table.records[index].more] {
                    let first = firstWith[Int(id)]
                    if first < 0 {
                        firstWith[Int(id)] = Int32(index)
                        continue
                    }
                    guard Int(first) != index else { continue }
                    sets.union(Int(first), index)
                    if linkedBy[index] < 0 { linkedBy[index] = Int8(ruleIndex) }
                    if linkedBy[Int(first)] < 0 { linkedBy[Int(first)] = Int8(ruleIndex) }
                }
            }
        }
        var nodeOfRoot = [Int32](repeating: -1, count: count)
        var nodeOf = [Int32](repeating: 0, count: count)
        var next: Int32 = 0
        for index in 0..<count {
            let root = sets.find(index)
            if nodeOfRoot[root] < 0 {
                nodeOfRoot[root] = next
                next += 1
            }
            nodeOf[index] = nodeOfRoot[root]
        }
        self.nodeOf = nodeOf
        nodeCount = Int(next)
        ruleOf = linkedBy
        self.rules = rules
    }
}
