/// `.array(path:)`: records are the elements of one array inside the document.
extension JSONReader {
    mutating func nextElement(path: [String]) throws(ExtractError) -> ReadOutcome? {
        let depth = path.count + 1
        while true {
            switch state {
            case .start:
                try enterRecordArray(path: path)
                state = .beforeElement(isFirst: true)
            case let .beforeElement(isFirst):
                let first = try parser.nextSignificantByte()
                if isFirst && first == JSONByte.closeBracket {
                    parser.position += 1
                    try leaveRecordArray(path: path)
                    return nil
                }
                let line = parser.line
                if first == JSONByte.openBrace {
                    var node = try parser.parseValue(building: true, depth: depth)
                    if !ancestorMembers.isEmpty, case let .object(members) = node { node = .object(members + ancestorMembers) }
                    state = .afterElement
                    return .record(line: line, .tree(node))
                }
                parser.setMark()
                _ = try parser.parseValue(building: false, depth: depth)
                let rawText = parser.markedText(upTo: parser.position)
                parser.clearMark()
                state = .afterElement
                return .reject(line: line, reason: "record is not a JSON object", rawText: rawText)
            case .afterElement:
                let next = try parser.nextSignificantByte()
                if next == JSONByte.comma {
                    parser.position += 1
                    state = .beforeElement(isFirst: false)
                    continue
                }
                guard next == JSONByte.closeBracket else {
                    throw parser.syntaxError("expected ',' or ']' after array element", at: parser.position)
                }
                parser.position += 1
                try leaveRecordArray(path: path)
                return nil
            case .finished, .failed:
                return nil
            }
        }
    }

    /// Follows `path` from the top-level value, checking the members it passes, and steps into the array.
    private mutating func enterRecordArray(path: [String]) throws(ExtractError) {
        // The members before the record array, per enclosing object (with `keepsAncestors`).
        var levels: [[(key: String, value: RawNode)]] = []
        defer {
            if keepsAncestors { ancestorMembers = Self.ancestorMembers(levels: enclosingLevels ?? levels, path: path) }
        }
        try stepToRecordArray(path: path, collecting: &levels)
        parser.position += 1
    }

    /// What every record gets appended: `^` (the innermost enclosing object, with its own `^`) and
    /// `^name` (the object under member `name`), from the members of each enclosing level.
    static func ancestorMembers(levels: [[(key: String, value: RawNode)]], path: [String]) -> [(key: String, value: RawNode)] {
        var chain: RawNode?
        var named: [(key: String, value: RawNode)] = []
        for (level, members) in levels.enumerated() {
            let node = RawNode.object(members + (chain.map { [("^", $0)] } ?? []))
            chain = node
            if level > 0 {
                named.removeAll { $0.key == "^" + path[level - 1] }
                named.append(("^" + path[level - 1], node))
            }
        }
        return chain.map { [("^", $0)] + named } ?? []
    }

    /// A first pass over the whole file for `keepsAncestors`: every member (arrays excepted) of each
    /// enclosing object of the record array, those written after the array as well as before, so
    /// that `^store.code` works wherever the export puts `store`. The records are skipped, not built.
    static func enclosingLevels(of file: String, path: [String]) throws(ExtractError) -> [[(key: String, value: RawNode)]] {
        var reader = try JSONReader(source: try ByteSource(path: file), layout: .array(path: path), chunkSize: 256 * 1024)
        reader.keepsAncestors = true
        var levels: [[(key: String, value: RawNode)]] = []
        try reader.stepToRecordArray(path: path, collecting: &levels)
        _ = try reader.parser.parseValue(building: false, depth: path.count)
        for level in stride(from: path.count - 1, through: 0, by: -1) {
            while true {
                let next = try reader.parser.nextSignificantByte()
                if next == JSONByte.closeBrace {
                    reader.parser.position += 1
                    break
                }
                guard next == JSONByte.comma else {
                    throw reader.parser.syntaxError("expected ',' or '}' after object member", at: reader.parser.position)
                }
                reader.parser.position += 1
                let member = try reader.parser.readMemberName()
                let isArray = try reader.parser.nextSignificantByte() == JSONByte.openBracket
                let value = try reader.parser.parseValue(building: !isArray, depth: level + 1)
                // A later member with a path step's name is only checked: the first one holds the records.
                if !isArray && member != path[level] { levels[level].append((member, value)) }
            }
        }
        try reader.parser.expectEndOfInput()
        return levels
    }

    /// Follows `path` from the top-level value, checking the members it passes (collected per level
    /// with `keepsAncestors`), and stops at the `[` of the record array.
    private mutating func stepToRecordArray(path: [String], collecting levels: inout [[(key: String, value: RawNode)]]) throws(ExtractError) {
        for (level, name) in path.enumerated() {
            levels.append([])
            guard try parser.nextSignificantByte() == JSONByte.openBrace else {
                throw parser.syntaxError("expected an object at \(Self.describe(path.prefix(level)))", at: parser.position)
            }
            parser.position += 1
            if try parser.nextSignificantByte() == JSONByte.closeBrace {
                throw parser.syntaxError("no array at \(Self.describe(path[...]))", at: parser.position)
            }
            while true {
                let member = try parser.readMemberName()
                if member == name { break }
                let isArray = try parser.nextSignificantByte() == JSONByte.openBracket
                let value = try parser.parseValue(building: keepsAncestors && !isArray, depth: level + 1)
                if keepsAncestors && !isArray { levels[level].append((member, value)) }
                let next = try parser.nextSignificantByte()
                if next == JSONByte.closeBrace {
                    throw parser.syntaxError("no array at \(Self.describe(path[...]))", at: parser.position)
                }
                guard next == JSONByte.comma else {
                    throw parser.syntaxError("expected ',' or '}' after object member", at: parser.position)
                }
                parser.position += 1
            }
        }
        guard try parser.nextSignificantByte() == JSONByte.openBracket else {
            throw parser.syntaxError("expected an array at \(Self.describe(path[...]))", at: parser.position)
        }
    }

    /// After the record array: checks the rest of each enclosing object, then the end of input.
    ///
    /// A later member with the same name as a path step is only checked: the first one holds the records.
    private mutating func leaveRecordArray(path: [String]) throws(ExtractError) {
        for level in stride(from: path.count - 1, through: 0, by: -1) {
            while true {
                let next = try parser.nextSignificantByte()
                if next == JSONByte.closeBrace {
                    parser.position += 1
                    break
                }
                guard next == JSONByte.comma else {
                    throw parser.syntaxError("expected ',' or '}' after object member", at: parser.position)
                }
                parser.position += 1
                _ = try parser.readMemberKey(false)
                _ = try parser.parseValue(building: false, depth: level + 1)
            }
        }
        try parser.expectEndOfInput()
        state = .finished
    }

    /// `the top level` or `path "data.tickets"`: names from the pipeline configuration, not customer data.
    private static func describe(_ path: ArraySlice<String>) -> String {
        path.isEmpty ? "the top level" : "path \"\(path.joined(separator: "."))\""
    }
}
