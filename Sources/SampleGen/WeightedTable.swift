/// A list of UTF-8 texts drawn with integer weights (a frequency-skewed vocabulary).
struct WeightedTable {
    let items: [[UInt8]]
    let cumulative: [Int]

    init(_ entries: [(String, Int)]) {
        items = entries.map { Array($0.0.utf8) }
        var total = 0
        cumulative = entries.map { total += $0.1; return total }
    }

    var count: Int { items.count }

    subscript(index: Int) -> [UInt8] { items[index] }

    func draw(_ random: inout SampleRandom) -> Int {
        random.pick(cumulative: cumulative)
    }
}
