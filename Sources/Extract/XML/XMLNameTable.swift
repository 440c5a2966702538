import CLibXML2

/// Element names and `@attribute` keys as Swift strings, decoded once per distinct name.
///
/// libxml2 interns every element and attribute name in the parser's dictionary and hands the
/// same pointer for the same name; the dictionary lives as long as the parser and never frees an
/// entry. So a pointer the dictionary owns always spells the same name and can key the cache.
/// Pointers it does not own are decoded every time. An export has a few dozen distinct names;
/// past `capacity` new names are decoded every time instead of growing the table.
/// See https://gnome.gitlab.io/libxml2/devhelp/libxml2-dict.html#xmlDictOwns
final class XMLNameTable {
    static let capacity = 128

    private let dictionary: xmlDictPtr?
    private var elements: [(pointer: UnsafePointer<UInt8>, name: String)] = []
    private var attributes: [(pointer: UnsafePointer<UInt8>, key: String)] = []

    init(dictionary: xmlDictPtr?) {
        self.dictionary = dictionary
    }

    /// The element's local name.
    func elementName(_ pointer: UnsafePointer<UInt8>) -> String {
        for entry in elements where entry.pointer == pointer { return entry.name }
        let name = Self.decode(pointer)
        if isCacheable(pointer, count: elements.count) { elements.append((pointer, name)) }
        return name
    }

    /// `"@"` followed by the attribute's local name.
    func attributeKey(_ pointer: UnsafePointer<UInt8>) -> String {
        for entry in attributes where entry.pointer == pointer { return entry.key }
        let key = "@" + Self.decode(pointer)
        if isCacheable(pointer, count: attributes.count) { attributes.append((pointer, key)) }
        return key
    }

    static func decode(_ pointer: UnsafePointer<UInt8>) -> String {
        String(cString: pointer)
    }

    private func isCacheable(_ pointer: UnsafePointer<UInt8>, count: Int) -> Bool {
        count < Self.capacity && dictionary != nil && xmlDictOwns(dictionary, pointer) == 1
    }
}
