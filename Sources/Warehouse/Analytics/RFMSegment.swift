/// The RFM segment table: which (recency, frequency, monetary) scores make which segment.
///
/// One source of truth for three places: the `dim_rfm_segment` rows, the assignment in
/// `customer_360` (first rule by priority whose ranges all hold) and the data dictionary.
/// The rules cover every score combination 1–5; customers without a purchase are not scored.
struct RFMSegment: Sendable {
    let name: String
    let priority: Int
    let r: ClosedRange<Int>?
    let f: ClosedRange<Int>?
    let m: ClosedRange<Int>?
    let description: String

    static let noPurchases = "no_purchases"

    static let all: [RFMSegment] = [
        .init(name: "champions", priority: 1, r: 4...5, f: 4...5, m: 4...5,
              description: "bought recently, often and much"),
        .init(name: "loyal", priority: 2, r: 3...5, f: 4...5, m: 1...5,
              description: "buy often and not long ago"),
        .init(name: "at_risk", priority: 3, r: 1...2, f: 3...5, m: 1...5,
              description: "used to buy often, but not lately"),
        .init(name: "lost", priority: 4, r: 1...1, f: 1...2, m: 1...5,
              description: "last purchase long ago, and rarely bought"),
        .init(name: "promising", priority: 5, r: 4...5, f: 1...3, m: 1...5,
              description: "bought recently, but few times so far"),
        .init(name: "hibernating", priority: 6, r: 2...2, f: 1...2, m: 1...5,
              description: "quiet for a while, rarely bought"),
        .init(name: "need_attention", priority: 7, r: 3...3, f: 1...3, m: 1...5,
              description: "middling recency and frequency"),
        .init(name: noPurchases, priority: 8, r: nil, f: nil, m: nil,
              description: "no identified purchase yet; not scored"),
    ]
}
