import CLibXML2

/// Element names and `@attribute` keys as Swift strings, decoded once per distinct name.
///
/// libxml2 interns every element and attribute name in the parser's dictionary and hands the
/// same pointer for the same name; the dictionary lives as long as the parser and never frees an
/// entry. So a pointer the dictionary owns always spells the same name and can key the cache.
/// Pointers it does not own are decoded every time. An export has a few dozen distinct names;
/// past `capacity` new names are decoded every time instead of growing the table.
/// See https://gnome.gitlab.io/libxml2/devhelp/libxml2-dict.html#xmlDictOwns
///
/// The entries live in raw memory rather than in arrays held by the class: every start tag looks
/// up its name and each attribute's, and an array property costs a dynamic exclusivity check per
/// lookup (with perf, ~3 % of the XML extract). Used by one parser on one thread.
final class XMLNameTable {
    static let capacity = 128

    private struct Entry {
        let pointer: UnsafePointer<UInt8>
        let name: String
    }

    private enum Kind: Int {
        case element = 0, attribute = 1
    }

    private let dictionary: xmlDictPtr?
    /// `capacity` element entries, then `capacity` attribute entries; `counts` says how many of each are set.
    private let entries: UnsafeMutablePointer<Entry>
    private let counts: UnsafeMutablePointer<Int>

    init(dictionary: xmlDictPtr?) {
        self.dictionary = dictionary
        entries = .allocate(capacity: 2 * Self.capacity)
        counts = .allocate(capacity: 2)
        counts.initialize(repeating: 0, count: 2)
    }

    deinit {
        entries.deinitialize(count: counts[Kind.element.rawValue])
        (entries + Self.capacity).deinitialize(count: counts[Kind.attribute.rawValue])
        entries.deallocate()
        counts.deallocate()
    }

    /// The element's local name.
    func elementName(_ pointer: UnsafePointer<UInt8>) -> String {
        cached(pointer, .element) { Self.decode(pointer) }
    }

    /// `"@"` followed by the attribute's local name.
    func attributeKey(_ pointer: UnsafePointer<UInt8>) -> String {
        cached(pointer, .attribute) { "@" + Self.decode(pointer) }
    }

    static func decode(_ pointer: UnsafePointer<UInt8>) -> String {
        String(cString: pointer)
    }

    private func cached(_ pointer: UnsafePointer<UInt8>, _ kind: Kind, make: () -> String) -> String {
        let base = entries + kind.rawValue * Self.capacity
        let count = counts[kind.rawValue]
        for index in 0..<count where base[index].pointer == pointer { return base[index].name }
        let name = make()
        if count < Self.capacity && dictionary != nil && xmlDictOwns(dictionary, pointer) == 1 {
            (base + count).initialize(to: Entry(pointer: pointer, name: name))
            counts[kind.rawValue] = count + 1
        }
        return name
    }
}
