import PipelineCore

/// The blocks of every blocking rule and the work items that enumerate their pairs.
///
/// A rule puts records with equal values on all its keys into one block; a record missing any of
/// the keys is in no block of that rule. Rules are OR-combined, and each pair is compared once:
/// by the first rule (in configured order) that puts both records in one block. Pairs inside one
/// exact-link group are never compared (they are one person already).
public struct BlockingPlan: Sendable {
    public let rules: [BlockingRuleConfig]
    let blocks: [RuleBlocks]
    /// The block key of every record under every rule, record after record (`keys[record * rules + rule]`,
    /// -1: in no block), to tell in O(rules) whether an earlier rule already compared a pair.
    let keys: [Int32]
    /// The further block keys of records with several e-mails or phones under rules keyed on them
    /// (`record * rules + rule` → keys, sorted); empty when no record has several, and then every
    /// check below takes the plain path.
    let moreKeys: [Int: [Int32]]
    /// Records with further keys under any rule (empty when `moreKeys` is).
    let hasMoreKeys: [Bool]

    /// Pairs each rule's blocks hold, Σ n·(n−1)/2 over its blocks, before removing pairs found by
    /// an earlier rule or inside one exact-link group. This is what the caps limit.
    public var comparisons: [Int] { blocks.map(\.comparisons) }

    /// The blocks of one rule: records grouped by key.
    struct RuleBlocks: Sendable {
        /// Records of blocks with at least two records, block after block.
        let order: [Int32]
        /// Where each block starts in `order`, plus `order.count` at the end.
        let starts: [Int32]
        let comparisons: Int
        /// The key of each block (to tell which of two shared blocks compares a pair).
        var blockKeys: [Int32] = []
    }

    /// Groups records by the keys of every rule.
    /// - Complexity: O(n log n) per rule (one sort of packed key/record numbers).
    public init(_ table: FeatureTable, rules: [BlockingRuleConfig]) {
        self.rules = rules
        let built = Parallel.map(rules.count) { index in
            Self.blocks(table, keys: rules[index].keys, maxBlockSize: rules[index].maxBlockSize ?? Int.max)
        }
        var keys = [Int32](repeating: -1, count: table.count * rules.count)
        var moreKeys: [Int: [Int32]] = [:]
        for (rule, ruleBlocks) in built.enumerated() {
            for record in 0..<table.count { keys[record * rules.count + rule] = ruleBlocks.keyOf[record] }
            for (record, more) in ruleBlocks.moreOf where !more.isEmpty { moreKeys[record * rules.count + rule] = more }
        }
        self.keys = keys
        self.moreKeys = moreKeys
        var hasMoreKeys = [Bool](repeating: false, count: moreKeys.isEmpty ? 0 : table.count)
        for slot in moreKeys.keys { hasMoreKeys[slot / rules.count] = true }
        self.hasMoreKeys = hasMoreKeys
        blocks = built.map(\.blocks)
    }

    /// True when records `a` and `b` share a block of rule `rule`: the same key, or, for records
    /// with several e-mails or phones, any of their keys.
    @inline(__always)
    func shareBlock(_ a: Int, _ b: Int, rule: Int) -> Bool {
        let x = keys[a * rules.count + rule], y = keys[b * rules.count + rule]
        if x >= 0 && x == y { return true }
        guard !moreKeys.isEmpty else { return false }
        return smallestSharedKey(a, b, rule: rule) != nil
    }

    /// The smallest block key of rule `rule` that `a` and `b` share, for records with several.
    func smallestSharedKey(_ a: Int, _ b: Int, rule: Int) -> Int32? {
        func all(_ record: Int) -> [Int32] {
            let key = keys[record * rules.count + rule]
            return (key >= 0 ? [key] : []) + (moreKeys[record * rules.count + rule] ?? [])
        }
        let y = all(b)
        return all(a).filter { y.contains($0) }.min()
    }

    /// Blocks of more than `maxBlockSize` records are dropped, and their records count as in no block.
    /// A record with several e-mails or phones is in the block of each of them under a rule keyed
    /// on e-mail or phone, and one with a second address line in the block of that line under a
    /// rule keyed on the street (`moreOf`: its further keys).
    private static func blocks(_ table: FeatureTable, keys: [BlockingKey], maxBlockSize: Int)
        -> (keyOf: [Int32], moreOf: [Int: [Int32]], blocks: RuleBlocks) {
        let count = table.count
        var keyOf = [Int32](repeating: -1, count: count)
        var combined: [UInt64: Int32] = [:]
        let pairKeys = keys.map { PairKey($0, table) }
        /// The rule's key of `parts` (one number per blocking key), numbered densely.
        func combine(_ parts: [Int32]) -> Int32 {
            var key: Int32 = -1
            for (position, part) in parts.enumerated() {
                guard part >= 0 else { return -1 }
                if position == 0 {
                    key = part
                } else {
                    let pair = UInt64(UInt32(key)) << 32 | UInt64(UInt32(part))
                    if let existing = combined[pair] {
                        key = existing
                    } else {
                        let next = Int32(combined.count)
                        combined[pair] = next
                        key = next
                    }
                }
            }
            return key
        }
        var parts = [Int32](repeating: -1, count: keys.count)
        for index in 0..<count {
            for (position, blockingKey) in keys.enumerated() {
                parts[position] = pairKeys[position]?.values[index] ?? component(blockingKey, table.records[index], table)
            }
            keyOf[index] = combine(parts)
        }
        // Further keys: every combination of the record's values of the multi-valued keys.
        var moreOf: [Int: [Int32]] = [:]
        // A second address line is a further street (`RecordFeatures.street2`).
        let multiPositions = keys.indices.filter { keys[$0] == .email || keys[$0] == .phone || keys[$0] == .street }
        if !multiPositions.isEmpty {
            for index in 0..<count where table.records[index].more >= 0 || table.records[index].street2 >= 0 {
                let record = table.records[index]
                var combinations: [[Int32]] = [keys.indices.map { position in
                    pairKeys[position]?.values[index] ?? component(keys[position], record, table)
                }]
                for position in multiPositions {
                    let more: ArraySlice<Int32>
                    switch keys[position] {
                    case .email: more = table.moreEmails[record.more]
                    case .phone: more = table.morePhones[record.more]
                    default: more = record.street2 >= 0 ? [record.street2] : []
                    }
                    combinations += combinations.flatMap { combination in
                        more.map { value in
                            var other = combination
                            other[position] = value
                            return other
                        }
                    }
                }
                let further = Set(combinations.dropFirst().map { combine($0) }).subtracting([-1, keyOf[index]])
                if !further.isEmpty { moreOf[index] = further.sorted() }
            }
        }
        var packed: [UInt64] = []
        packed.reserveCapacity(count)
        for index in 0..<count where keyOf[index] >= 0 {
            packed.append(UInt64(UInt32(keyOf[index])) << 32 | UInt64(index))
        }
        for (index, more) in moreOf {
            for key in more { packed.append(UInt64(UInt32(key)) << 32 | UInt64(index)) }
        }
        packed.sort()
        var order: [Int32] = []
        var starts: [Int32] = []
        var blockKeys: [Int32] = []
        var comparisons = 0
        var runStart = 0
        while runStart < packed.count {
            let key = packed[runStart] >> 32
            var runEnd = runStart + 1
            while runEnd < packed.count && packed[runEnd] >> 32 == key { runEnd += 1 }
            let size = runEnd - runStart
            if size > maxBlockSize {
                for position in runStart..<runEnd {
                    let record = Int(truncatingIfNeeded: packed[position] & 0xFFFF_FFFF)
                    if keyOf[record] == Int32(key) {
                        keyOf[record] = -1
                    } else {
                        moreOf[record]?.removeAll { $0 == Int32(key) }
                    }
                }
            } else if size >= 2 {
                starts.append(Int32(order.count))
                blockKeys.append(Int32(key))
                for position in runStart..<runEnd { order.append(Int32(truncatingIfNeeded: packed[position])) }
                comparisons += size * (size - 1) / 2
            }
            runStart = runEnd
        }
        starts.append(Int32(order.count))
        var blocks = RuleBlocks(order: order, starts: starts, comparisons: comparisons)
        if !moreOf.isEmpty { blocks.blockKeys = blockKeys }   // read only for records with further keys
        return (keyOf, moreOf, blocks)
    }

    /// The value of one blocking key for a record, as a non-negative number (-1: missing).
    static func component(_ key: BlockingKey, _ r: RecordFeatures, _ table: FeatureTable) -> Int32 {
        switch key {
        case .email: return r.email
        case .phone: return r.phone
        case .postcode: return r.postcode
        case .city: return r.city
        case .street: return r.street
        case .houseNumber: return r.houseNumber
        case .firstName: return r.firstName
        case .lastName: return r.lastName
        case .firstNameKoelner: return r.firstName >= 0 ? table.firstNames.koelner[Int(r.firstName)] : -1
        case .lastNameKoelner: return r.lastName >= 0 ? table.lastNames.koelner[Int(r.lastName)] : -1
        case .firstNameMetaphone: return r.firstName >= 0 ? table.firstNames.metaphone[Int(r.firstName)] : -1
        case .lastNameMetaphone: return r.lastName >= 0 ? table.lastNames.metaphone[Int(r.lastName)] : -1
        case .firstInitial: return table.firstNames.initial(r.firstName)
        case .lastInitial: return table.lastNames.initial(r.lastName)
        case .initials, .namesMetaphone: return -1  // numbered for all records at once by `PairKey`
        case .birthDate: return r.birthDate
        case .birthYear: return r.birthDate >= 0 ? r.birthDate / 10_000 : -1
        case .customerNumber: return r.customerNumber
        case .loyaltyCard: return r.loyaltyCard
        }
    }

    /// Keys made of two name values in either order, numbered densely for all records at once.
    struct PairKey {
        let values: [Int32]

        init?(_ key: BlockingKey, _ table: FeatureTable) {
            guard key == .initials || key == .namesMetaphone else { return nil }
            var numbers: [UInt64: Int32] = [:]
            var codes: [String: UInt32] = [:]
            values = table.records.map { r in
                guard let (x, y) = Self.parts(key, r, table, codes: &codes) else { return -1 }
                let packed = UInt64(min(x, y)) << 32 | UInt64(max(x, y))
                if let known = numbers[packed] { return known }
                let next = Int32(numbers.count)
                numbers[packed] = next
                return next
            }
        }

        /// The two parts of `r`'s key as numbers comparable across the first- and last-name tables.
        static func parts(_ key: BlockingKey, _ r: RecordFeatures, _ table: FeatureTable,
                          codes: inout [String: UInt32]) -> (UInt32, UInt32)? {
            switch key {
            case .initials:
                let x = table.firstNames.initial(r.firstName), y = table.lastNames.initial(r.lastName)
                return x >= 0 && y >= 0 ? (UInt32(x), UInt32(y)) : nil
            default:
                guard let x = table.firstNames.metaphoneCode(r.firstName), let y = table.lastNames.metaphoneCode(r.lastName) else { return nil }
                func number(_ code: String) -> UInt32 {
                    if let known = codes[code] { return known }
                    codes[code] = UInt32(codes.count)
                    return UInt32(codes.count - 1)
                }
                return (number(x), number(y))
            }
        }
    }

    // MARK: - Work items

    /// A share of one rule's pairs: whole blocks `blockFrom..<blockTo`, or, for a block too big for
    /// one item, the pairs whose first record sits at positions `firstFrom..<firstTo` of that block.
    struct WorkItem: Sendable {
        var rule: Int
        var blockFrom: Int
        var blockTo: Int
        var firstFrom: Int = -1
        var firstTo: Int = -1
    }

    /// Splits every rule's pairs into items of roughly `target` pairs, in rule and block order.
    func workItems(target: Int) -> [WorkItem] {
        var items: [WorkItem] = []
        for (rule, ruleBlocks) in blocks.enumerated() {
            let blockCount = ruleBlocks.starts.count - 1
            var block = 0
            var pending = WorkItem(rule: rule, blockFrom: 0, blockTo: 0)
            var pendingPairs = 0
            while block < blockCount {
                let start = Int(ruleBlocks.starts[block]), end = Int(ruleBlocks.starts[block + 1])
                let size = end - start
                let pairs = size * (size - 1) / 2
                if pairs > target {
                    if pendingPairs > 0 { items.append(pending) }
                    // Rows of the triangle: the pairs of first position i number size - 1 - (i - start).
                    var first = start
                    while first < end - 1 {
                        var last = first
                        var share = 0
                        while last < end - 1 && share < target {
                            share += end - 1 - last
                            last += 1
                        }
                        items.append(WorkItem(rule: rule, blockFrom: block, blockTo: block + 1, firstFrom: first, firstTo: last))
                        first = last
                    }
                    block += 1
                    pending = WorkItem(rule: rule, blockFrom: block, blockTo: block)
                    pendingPairs = 0
                    continue
                }
                pending.blockTo = block + 1
                pendingPairs += pairs
                block += 1
                if pendingPairs >= target {
                    items.append(pending)
                    pending = WorkItem(rule: rule, blockFrom: block, blockTo: block)
                    pendingPairs = 0
                }
            }
            if pendingPairs > 0 { items.append(pending) }
        }
        return items
    }

    /// Calls `body(a, b)` with `a < b` for every pair of `item` that is to be compared: not in
    /// one exact-link group and not in one block of an earlier rule.
    @inline(__always)
    func forEachPair(_ item: WorkItem, nodeOf: [Int32], _ body: (Int, Int) -> Void) {
        forEachPair(item, nodeOf: nodeOf, includeEarlier: false) { a, b, _ in body(a, b) }
    }

    /// Calls `body(a, b, isNew)` for every pair of `item` outside one exact-link group; with
    /// `includeEarlier`, also for pairs an earlier rule found (`isNew` false), as training needs
    /// every pair of a rule.
    @inline(__always)
    func forEachPair(_ item: WorkItem, nodeOf: [Int32], includeEarlier: Bool, only touched: TouchedPairs? = nil,
                     _ body: (Int, Int, Bool) -> Void) {
        let ruleBlocks = blocks[item.rule]
        let order = ruleBlocks.order
        let keys = self.keys
        let ruleCount = rules.count
        let hasMore = !moreKeys.isEmpty
        let hasMoreKeys = self.hasMoreKeys
        for block in item.blockFrom..<item.blockTo {
            let start = Int(ruleBlocks.starts[block]), end = Int(ruleBlocks.starts[block + 1])
            let firstFrom = item.firstFrom >= 0 ? item.firstFrom : start
            let firstTo = item.firstTo >= 0 ? item.firstTo : end - 1
            // Only pairs with a newly touched record: a block without one has none.
            if let touched, !(start..<end).contains(where: { touched.isNew(Int(order[$0])) }) { continue }
            for i in firstFrom..<firstTo {
                let x = Int(order[i])
                let nodeX = nodeOf[x]
                for j in (i + 1)..<end {
                    let y = Int(order[j])
                    if nodeOf[y] == nodeX { continue }
                    if let touched, !touched.selects(x, y) { continue }
                    var earlier = false
                    if hasMore && (hasMoreKeys[x] || hasMoreKeys[y]) {
                        // Records with several e-mails or phones may share several blocks of a rule:
                        // the pair is compared in the one of the smallest key, and not again.
                        if !ruleBlocks.blockKeys.isEmpty, smallestSharedKey(x, y, rule: item.rule) != ruleBlocks.blockKeys[block] { continue }
                        for previous in 0..<item.rule where shareBlock(x, y, rule: previous) {
                            earlier = true
                            break
                        }
                    } else {
                        for previous in 0..<item.rule {
                            let key = keys[x * ruleCount + previous]
                            if key >= 0 && key == keys[y * ruleCount + previous] {
                                earlier = true
                                break
                            }
                        }
                    }
                    if earlier && !includeEarlier { continue }
                    if x < y { body(x, y, !earlier) } else { body(y, x, !earlier) }
                }
            }
        }
    }

    /// Pairs each rule compares after leaving out pairs inside one exact-link group and pairs an
    /// earlier rule found: the comparisons scoring will make.
    public func newPairs(nodeOf: [Int32]) -> [Int] {
        let items = workItems(target: 2_000_000)
        let counted = Parallel.map(items.count) { index -> Int in
            var count = 0
            forEachPair(items[index], nodeOf: nodeOf) { _, _ in count += 1 }
            return count
        }
        var result = [Int](repeating: 0, count: rules.count)
        for (item, count) in zip(items, counted) { result[item.rule] += count }
        return result
    }
}

/// The pairs an incremental comparison round scores: those with a record touched this round
/// (`now` but not `was`) and none touched in an earlier round (its pairs are scored already).
struct TouchedPairs: Sendable {
    let now: [Bool]
    let was: [Bool]

    @inline(__always)
    func isNew(_ record: Int) -> Bool { now[record] && !was[record] }

    @inline(__always)
    func selects(_ x: Int, _ y: Int) -> Bool { (now[x] || now[y]) && !(was[x] || was[y]) }
}
