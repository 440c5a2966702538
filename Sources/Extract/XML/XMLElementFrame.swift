/// One open element inside a record while it is being read: attributes, children, text.
///
/// `finish` maps it to a `RawNode`:
/// - no attributes and no child elements: `.text(content)`, whitespace as is (`""` when empty);
/// - otherwise `.object`: `@name` per attribute, then children by local name in document order;
///   a name that occurs more than once becomes one `.array` member at its first position;
///   non-whitespace text becomes a trailing `#text` member (whitespace-only runs between
///   children are layout and dropped; the other runs are joined as they stand).
struct XMLElementFrame {
    let name: String
    /// Attributes then children, in document order, not yet grouped by name.
    private var members: [(key: String, value: RawNode)] = []
    /// Text runs (between tags) that are not whitespace-only, joined.
    private var text: [UInt8] = []

    init(name: String, attributes: XMLAttributeList, names: XMLNameTable) {
        self.name = name
        guard attributes.count > 0 else { return }
        members.reserveCapacity(attributes.count)
        for index in 0..<attributes.count {
            guard let localName = attributes.localName(at: index) else { continue }
            members.append((names.attributeKey(localName), .text(Self.attributeValue(attributes.value(at: index)))))
        }
    }

    /// A text run that ends at a child's start tag.
    mutating func addText(_ run: [UInt8]) {
        if !Self.isWhitespace(run) { text.append(contentsOf: run) }
    }

    mutating func addChild(name: String, _ node: RawNode) {
        members.append((name, node))
    }

    /// The element's value, given the text run before its end tag.
    mutating func finish(lastText: [UInt8]) -> RawNode {
        if members.isEmpty {
            return .text(String(decoding: lastText, as: UTF8.self))
        }
        addText(lastText)
        var result = Self.grouped(members)
        if !text.isEmpty { result.append(("#text", .text(String(decoding: text, as: UTF8.self)))) }
        return .object(result)
    }

    /// Members whose key repeats are merged into one `.array` at the first one's position.
    static func grouped(_ members: [(key: String, value: RawNode)]) -> [(key: String, value: RawNode)] {
        guard hasRepeatedKey(members) else { return members }
        var result: [(key: String, value: RawNode)] = []
        var positions: [String: Int] = [:]  // only for large elements, where a scan would be slow
        let useIndex = members.count > 64
        for member in members {
            let position = useIndex ? positions[member.key] : result.lastIndex { $0.key == member.key }
            guard let position else {
                if useIndex { positions[member.key] = result.count }
                result.append(member)
                continue
            }
            // Member values are never arrays themselves (elements give text or objects), so an
            // array here is a group built by this loop.
            switch result[position].value {
            case .array(var group):
                result[position].value = .null  // drop the second reference so the append is in place
                group.append(member.value)
                result[position].value = .array(group)
            case let single:
                result[position].value = .array([single, member.value])
            }
        }
        return result
    }

    private static func hasRepeatedKey(_ members: [(key: String, value: RawNode)]) -> Bool {
        if members.count <= 16 {
            for index in members.indices.dropFirst() {
                for earlier in 0..<index where members[earlier].key == members[index].key { return true }
            }
            return false
        }
        var seen = Set<String>()
        return members.contains { !seen.insert($0.key).inserted }
    }

    /// Decodes an attribute value. Without entity substitution libxml2 hands every literal `&`
    /// (from `&amp;` or `&#38;`) over as the five bytes `&#38;`; no other `&` can occur.
    private static func attributeValue(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        let escape = Array("&#38;".utf8)
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "&"), index + escape.count <= bytes.count,
               bytes[index..<(index + escape.count)].elementsEqual(escape) {
                decoded.append(UInt8(ascii: "&"))
                index += escape.count
            } else {
                decoded.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: decoded, as: UTF8.self)
    }

    /// XML whitespace: space, tab, carriage return, line feed.
    private static func isWhitespace(_ run: [UInt8]) -> Bool {
        run.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }
}
