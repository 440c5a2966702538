import Foundation
import PipelineCore

extension RawRecord {
    /// The record as text for `etl_reject`: CSV fields joined by the delimiter, trees as JSON.
    public func rawText(delimiter: UInt8 = 0x2C) -> String {
        switch self {
        case let .row(fields):
            return fields.joined(separator: String(UnicodeScalar(delimiter)))
        case let .tree(node):
            return node.jsonText
        }
    }
}

extension RawNode {
    /// Compact JSON of the node (numbers were kept as text and come out quoted).
    public var jsonText: String {
        switch self {
        case let .text(text): return JSONText.quote(text)
        case .null: return "null"
        case let .array(elements): return "[" + elements.map(\.jsonText).joined(separator: ",") + "]"
        case let .object(members):
            return "{" + members.map { JSONText.quote($0.key) + ":" + $0.value.jsonText }.joined(separator: ",") + "}"
        }
    }
}
