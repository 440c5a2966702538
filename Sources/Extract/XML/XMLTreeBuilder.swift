/// Turns the parser's element events into one `RawNode` tree per record element.
///
/// Outside records it keeps only a depth counter and how much of the record path the open
/// elements match, so memory is bounded by the largest record. Inside a record it keeps one
/// `XMLElementFrame` per open element. Names are compared by local name only.
///
/// A struct held in one property of `LibXMLPushParser`: each callback then costs one exclusivity
/// check on that property instead of one per field (measured: ~10% of the run as a class).
struct XMLTreeBuilder {
    /// Deepest element nesting accepted, as libxml2's own default limit for DOM parsing. Its SAX
    /// mode does not apply that limit, and a deeper record would make a `RawNode` whose release
    /// and comparison recurse once per level (a stack overflow at ~100k levels).
    static let maximumDepth = 256
    /// Largest record accepted, counting text and attribute bytes plus 32 per element and
    /// attribute. libxml2's SAX mode caps names and attribute values but not text, so without
    /// this one endless record would take all memory. POS records are a few kilobytes.
    static let maximumRecordBytes = 16 << 20

    /// Local names from the root to the record element, as UTF-8.
    private let recordPath: [[UInt8]]
    /// Open elements outside records (a record's own element counts while it is open).
    private var depth = 0
    /// How many leading `recordPath` components the open elements match; at most `depth`.
    private var matchedDepth = 0
    /// The open elements of the record being built, outermost (the record element) first.
    private var frames: [XMLElementFrame] = []
    private var recordLine = 0
    /// The input offset of the open record's `<`.
    private var recordStart = 0
    private var recordBytes = 0
    /// Text since the last tag, inside a record.
    private var pendingText: [UInt8] = []
    /// Finished records not yet handed out; `nextCompleted` is the first unread one.
    private var completed: [ReadOutcome] = []
    /// Where each of `completed` stood in the input: from its `<` to after its last `>`.
    private var completedRanges: [Range<Int>] = []
    private var nextCompleted = 0
    /// The input range of the record `popCompleted` returned last.
    private(set) var lastRange: Range<Int>?
    /// The first thing that went wrong; once set, events are ignored.
    private(set) var failure: ExtractError?
    private let file: String
    private let names: XMLNameTable
    /// Give each record its ancestors' attributes (`^` the parent, `^name` the ancestor of that
    /// local name), for mappings such as `branch_id: ^branch.@code`.
    private let keepsAncestors: Bool
    /// The attributes of the open elements on the record path above the record (outermost first).
    private var ancestors: [(name: String, attributes: [(key: String, value: RawNode)])] = []
    /// What every record gets appended while the ancestors stay as they are (rebuilt on change).
    private var ancestorMembers: [(key: String, value: RawNode)] = []
    /// Elements outside records whose local name is the record element's in any case
    /// (`<Transaction>`, or a `<transaction>` outside its `<branch>`): records the path misses.
    private(set) var strays = 0
    private(set) var firstStray: (line: Int, name: String)?

    /// `recordPath` must not be empty; a component's `prefix:` part is ignored.
    init(file: String, recordPath: [String], names: XMLNameTable, keepsAncestors: Bool = false) {
        precondition(!recordPath.isEmpty, "an XML record path needs at least the root element")
        self.file = file
        self.names = names
        self.keepsAncestors = keepsAncestors
        self.recordPath = recordPath.map { component in
            Array((component.split(separator: ":", omittingEmptySubsequences: false).last ?? "").utf8)
        }
    }

    /// The next finished record, or nil when none is waiting.
    mutating func popCompleted() -> ReadOutcome? {
        guard nextCompleted < completed.count else {
            if !completed.isEmpty {
                completed.removeAll(keepingCapacity: true)
                completedRanges.removeAll(keepingCapacity: true)
                nextCompleted = 0
            }
            lastRange = nil
            return nil
        }
        defer { nextCompleted += 1 }
        lastRange = completedRanges[nextCompleted]
        return completed[nextCompleted]
    }

    /// The input offset of the open record's `<`, or nil between records.
    var openRecordStart: Int? { frames.isEmpty ? nil : recordStart }

    /// Keeps the first failure; later events and failures are ignored.
    mutating func fail(line: Int, column: Int, reason: String) {
        if failure == nil { failure = .malformed(file: file, line: line, column: column, reason: reason) }
    }

    /// `line` is the start tag's line and `offset` the input offset of its `<` (both asked only
    /// for record elements), `position` the parser's.
    mutating func startElement(
        _ localName: UnsafePointer<UInt8>, attributes: XMLAttributeList,
        line: @autoclosure () -> Int, offset: @autoclosure () -> Int,
        position: @autoclosure () -> (line: Int, column: Int)
    ) {
        guard failure == nil else { return }
        // `depth` already counts the record element, which is also the first frame.
        let openElements = frames.isEmpty ? depth : depth + frames.count - 1
        if openElements >= Self.maximumDepth {
            let (line, column) = position()
            fail(line: line, column: column, reason: "elements are nested deeper than \(Self.maximumDepth) levels")
            return
        }
        if !frames.isEmpty {
            flushText()
            guard account(Self.elementCost(attributes)) else { return }
            frames.append(XMLElementFrame(name: names.elementName(localName), attributes: attributes, names: names))
            return
        }
        if depth == 0 && !Self.equals(localName, recordPath[0]) {
            failure = .header(file: file, reason: "the root element is <\(XMLNameTable.decode(localName).prefix(64))>, "
                + "but the record path starts at <\(String(decoding: recordPath[0], as: UTF8.self))>")
            return
        }
        if matchedDepth == depth, depth < recordPath.count, Self.equals(localName, recordPath[depth]) {
            matchedDepth += 1
            if keepsAncestors && matchedDepth < recordPath.count {
                var attributeMembers: [(key: String, value: RawNode)] = []
                var frame = XMLElementFrame(name: "", attributes: attributes, names: names)
                if case let .object(members) = frame.finish(lastText: []) { attributeMembers = members }
                ancestors.append((names.elementName(localName), attributeMembers))
                rebuildAncestorMembers()
            }
        }
        depth += 1
        if matchedDepth != recordPath.count, Self.equalsIgnoringCase(localName, recordPath[recordPath.count - 1]) {
            strays += 1
            if firstStray == nil { firstStray = (line(), XMLNameTable.decode(localName)) }
        }
        if matchedDepth == recordPath.count {
            recordLine = line()
            recordStart = offset()
            recordBytes = 0
            pendingText.removeAll(keepingCapacity: true)
            guard account(Self.elementCost(attributes)) else { return }
            frames.append(XMLElementFrame(name: names.elementName(localName), attributes: attributes, names: names))
        }
    }

    /// `offset`: the input offset just after the end tag's `>` (asked only for record elements).
    mutating func endElement(offset: @autoclosure () -> Int) {
        guard failure == nil else { return }
        guard var frame = frames.popLast() else {
            if matchedDepth == depth {
                matchedDepth -= 1
                if keepsAncestors && !ancestors.isEmpty {
                    ancestors.removeLast()
                    rebuildAncestorMembers()
                }
            }
            depth -= 1
            return
        }
        let node = frame.finish(lastText: pendingText)
        pendingText.removeAll(keepingCapacity: true)
        if frames.isEmpty {
            var node = node
            if !ancestorMembers.isEmpty {
                switch node {
                case let .object(members): node = .object(members + ancestorMembers)
                case let .text(text): node = .object((text.isEmpty ? [] : [("#text", .text(text))]) + ancestorMembers)
                default: break
                }
            }
            completed.append(.record(line: recordLine, .tree(node)))
            completedRanges.append(recordStart..<max(offset(), recordStart))
            matchedDepth -= 1
            depth -= 1
        } else {
            frames[frames.count - 1].addChild(name: frame.name, node)
        }
    }

    mutating func appendText(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard failure == nil, !frames.isEmpty, account(bytes.count) else { return }
        pendingText.append(contentsOf: bytes)
    }

    /// `^`: the parent's attributes with its own `^`, and so on up; `^name`: the nearest ancestor of that name.
    private mutating func rebuildAncestorMembers() {
        var chain: RawNode?
        var named: [(key: String, value: RawNode)] = []
        for ancestor in ancestors {
            let node = RawNode.object(ancestor.attributes + (chain.map { [("^", $0)] } ?? []))
            chain = node
            named.removeAll { $0.key == "^" + ancestor.name }
            named.append(("^" + ancestor.name, node))
        }
        ancestorMembers = chain.map { [("^", $0)] + named } ?? []
    }

    /// Adds `bytes` to the record's size; past the limit, fails (at the record's start) and returns false.
    private mutating func account(_ bytes: Int) -> Bool {
        recordBytes += bytes
        guard recordBytes > Self.maximumRecordBytes else { return true }
        fail(line: recordLine, column: 1, reason: "a record is larger than \(Self.maximumRecordBytes >> 20) MiB (it starts here)")
        return false
    }

    private static func elementCost(_ attributes: XMLAttributeList) -> Int {
        var cost = 32
        for index in 0..<attributes.count { cost += 32 + attributes.value(at: index).count }
        return cost
    }

    /// Hands the text before a child element to the enclosing element.
    private mutating func flushText() {
        guard !pendingText.isEmpty else { return }
        frames[frames.count - 1].addText(pendingText)
        pendingText.removeAll(keepingCapacity: true)
    }

    private static func equalsIgnoringCase(_ cString: UnsafePointer<UInt8>, _ name: [UInt8]) -> Bool {
        for (index, byte) in name.enumerated() where cString[index] | 0x20 != byte | 0x20 || cString[index] == 0 { return false }
        return cString[name.count] == 0
    }

    private static func equals(_ cString: UnsafePointer<UInt8>, _ name: [UInt8]) -> Bool {
        for (index, byte) in name.enumerated() where cString[index] != byte { return false }
        return cString[name.count] == 0
    }
}
