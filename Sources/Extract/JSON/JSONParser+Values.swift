/// One open array or object while a value is parsed.
struct JSONFrame {
    var isObject: Bool
    /// Index in `keyHashes` where this object's key hashes start.
    var hashBase: Int
    var hasDuplicateKey = false
}

/// Whole values: an iterative parser with explicit stacks, so `[[[[…` a million deep cannot
/// overflow the call stack; it stops at `maximumDepth` instead.
extension JSONParser {
    /// Parses the value at the next non-whitespace byte and leaves `position` just past it.
    ///
    /// With `building` false the value is only checked (nothing is allocated) and `.null` returned.
    /// `depth` is the number of arrays and objects already open around the value.
    mutating func parseValue(building: Bool, depth outerDepth: Int) throws(ExtractError) -> RawNode {
        resetStacks()
        // The innermost open object (its members and pending key) and the innermost open array live
        // in locals, where most values go; outer ones wait in `openObjects`/`pendingKeys`/`openArrays`.
        var members: [(key: String, value: RawNode)] = []
        var key = ""
        var elements: [RawNode] = []
        var value: RawNode
        parsing: while true {
            let byte = try nextSignificantByte()
            switch byte {
            case JSONByte.openBrace:
                try checkDepth(outerDepth)
                position += 1
                if try nextSignificantByte() == JSONByte.closeBrace {
                    position += 1
                    value = .object([])
                    break
                }
                frames.append(JSONFrame(isObject: true, hashBase: keyHashes.count))
                if building {
                    openObjects.append(members)
                    pendingKeys.append(key)
                    members = newMembers()
                }
                key = try readMemberKey(building)
                continue parsing
            case JSONByte.openBracket:
                try checkDepth(outerDepth)
                position += 1
                if try nextSignificantByte() == JSONByte.closeBracket {
                    position += 1
                    value = .array([])
                    break
                }
                frames.append(JSONFrame(isObject: false, hashBase: keyHashes.count))
                if building {
                    openArrays.append(elements)
                    elements = newElements()
                }
                continue parsing
            case JSONByte.quote:
                if building {
                    value = .text(try readString())
                } else {
                    try skipString()
                    value = .null
                }
            case JSONByte.minus, JSONByte.zero...JSONByte.nine:
                let literal = try scanNumber()
                value = building ? .text(String(decoding: literal, as: UTF8.self)) : .null
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = .text("true")
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = .text("false")
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = .null
            default:
                throw syntaxError("value expected", at: position)
            }

            // A value is complete: hand it to the enclosing containers, closing those that end here.
            while let frame = frames.last {
                let next = try nextSignificantByte()
                if frame.isObject {
                    if building { members.append((key: key, value: value)) }
                    if next == JSONByte.comma {
                        position += 1
                        key = try readMemberKey(building)
                        continue parsing
                    }
                    guard next == JSONByte.closeBrace else {
                        throw syntaxError("expected ',' or '}' after object member", at: position)
                    }
                    position += 1
                    if building {
                        let closed = closeObject(members, frame: frame)
                        members = openObjects.removeLast()
                        key = pendingKeys.removeLast()
                        value = .object(closed)
                    } else {
                        value = .null
                    }
                } else {
                    if building { elements.append(value) }
                    if next == JSONByte.comma {
                        position += 1
                        continue parsing
                    }
                    guard next == JSONByte.closeBracket else {
                        throw syntaxError("expected ',' or ']' after array element", at: position)
                    }
                    position += 1
                    if building {
                        arraySizeHints[openArrays.count] = min(elements.count, Self.maximumSizeHint)
                        let closed = elements
                        elements = openArrays.removeLast()
                        value = .array(closed)
                    } else {
                        value = .null
                    }
                }
                frames.removeLast()
            }
            return value
        }
    }

    /// Reads `"key" :` of an object member and returns the key ("" when not building).
    /// Building, it also watches for duplicate keys in the innermost object.
    mutating func readMemberKey(_ building: Bool) throws(ExtractError) -> String {
        guard try nextSignificantByte() == JSONByte.quote else {
            throw syntaxError("object key (a string) expected", at: position)
        }
        var key = ""
        if building {
            let hash: UInt64
            (key, hash) = try readKey()
            let top = frames.count - 1
            var index = frames[top].hashBase
            while index < keyHashes.count {
                if keyHashes[index] == hash { frames[top].hasDuplicateKey = true }
                index += 1
            }
            keyHashes.append(hash)
        } else {
            try skipString()
        }
        guard try nextSignificantByte() == JSONByte.colon else {
            throw syntaxError("expected ':' after object key", at: position)
        }
        position += 1
        return key
    }

    /// Reads `"key" :` and returns the key, without building anything else (path navigation).
    mutating func readMemberName() throws(ExtractError) -> String {
        guard try nextSignificantByte() == JSONByte.quote else {
            throw syntaxError("object key (a string) expected", at: position)
        }
        let name = try readString()
        guard try nextSignificantByte() == JSONByte.colon else {
            throw syntaxError("expected ':' after object key", at: position)
        }
        position += 1
        return name
    }

    /// A huge array must not make every later array at its level reserve as much.
    private static let maximumSizeHint = 1024

    private func checkDepth(_ outerDepth: Int) throws(ExtractError) {
        if outerDepth + frames.count >= Self.maximumDepth {
            throw syntaxError("nested deeper than \(Self.maximumDepth) levels", at: position)
        }
    }

    private mutating func resetStacks() {
        // Left over only when the previous value failed (an NDJSON line that was rejected).
        if !frames.isEmpty || !pendingKeys.isEmpty || !openObjects.isEmpty || !openArrays.isEmpty {
            frames.removeAll(keepingCapacity: true)
            openObjects.removeAll(keepingCapacity: true)
            openArrays.removeAll(keepingCapacity: true)
            pendingKeys.removeAll(keepingCapacity: true)
            keyHashes.removeAll(keepingCapacity: true)
        }
    }

    /// An empty member list with room for as many members as the last object at this level had.
    private mutating func newMembers() -> [(key: String, value: RawNode)] {
        let level = openObjects.count
        while objectSizeHints.count <= level { objectSizeHints.append(0) }
        var members: [(key: String, value: RawNode)] = []
        members.reserveCapacity(objectSizeHints[level])
        return members
    }

    /// An empty element list with room for as many elements as the last array at this level had.
    private mutating func newElements() -> [RawNode] {
        let level = openArrays.count
        while arraySizeHints.count <= level { arraySizeHints.append(0) }
        var elements: [RawNode] = []
        elements.reserveCapacity(arraySizeHints[level])
        return elements
    }

    /// The members of the object that `frame` closes, duplicates resolved.
    private mutating func closeObject(_ members: [(key: String, value: RawNode)], frame: JSONFrame)
        -> [(key: String, value: RawNode)] {
        objectSizeHints[openObjects.count] = min(members.count, Self.maximumSizeHint)
        keyHashes.removeSubrange(frame.hashBase...)
        return frame.hasDuplicateKey ? Self.keepingLastValues(members) : members
    }

    /// Duplicate keys: the last value wins, at the position where the key first appeared
    /// (what JavaScript's `JSON.parse` does).
    static func keepingLastValues(_ members: [(key: String, value: RawNode)]) -> [(key: String, value: RawNode)] {
        var firstIndex: [String: Int] = [:]
        var result: [(key: String, value: RawNode)] = []
        result.reserveCapacity(members.count)
        for member in members {
            if let index = firstIndex[member.key] {
                result[index].value = member.value
            } else {
                firstIndex[member.key] = result.count
                result.append(member)
            }
        }
        return result
    }
}
