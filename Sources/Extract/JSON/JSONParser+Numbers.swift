/// Numbers and the literals `true`, `false`, `null`.
extension JSONParser {
    /// Scans a number and returns its literal spelling, checked against the RFC 8259 grammar.
    mutating func scanNumber() throws(ExtractError) -> UnsafeBufferPointer<UInt8> {
        var index = position
        while true {
            while index < end {
                let byte = bytes[index]
                let isNumberByte = (byte >= JSONByte.zero && byte <= JSONByte.nine) || byte == JSONByte.minus
                    || byte == JSONByte.plus || byte == JSONByte.dot || byte | 0x20 == UInt8(ascii: "e")
                if !isNumberByte { break }
                index += 1
            }
            if index < end || isAtEndOfInput { break }
            index -= try fill()
        }
        let start = position
        try checkNumberGrammar(from: start, to: index)
        position = index
        return UnsafeBufferPointer(start: bytes + start, count: index - start)
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private func checkNumberGrammar(from start: Int, to end: Int) throws(ExtractError) {
        var index = start
        func isDigit(_ at: Int) -> Bool { at < end && bytes[at] >= JSONByte.zero && bytes[at] <= JSONByte.nine }
        if bytes[index] == JSONByte.minus { index += 1 }
        guard isDigit(index) else { throw syntaxError("invalid number: digit expected", at: index) }
        if bytes[index] == JSONByte.zero {
            index += 1
            if isDigit(index) { throw syntaxError("invalid number: leading zero", at: index) }
        } else {
            while isDigit(index) { index += 1 }
        }
        if index < end && bytes[index] == JSONByte.dot {
            index += 1
            guard isDigit(index) else { throw syntaxError("invalid number: digit expected after '.'", at: index) }
            while isDigit(index) { index += 1 }
        }
        if index < end && bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < end && (bytes[index] == JSONByte.plus || bytes[index] == JSONByte.minus) { index += 1 }
            guard isDigit(index) else { throw syntaxError("invalid number: digit expected in exponent", at: index) }
            while isDigit(index) { index += 1 }
        }
        if index != end { throw syntaxError("invalid number", at: index) }
    }

    /// Consumes `literal` (`true`, `false`, `null`) at `position`.
    mutating func expectLiteral(_ literal: StaticString) throws(ExtractError) {
        let count = literal.utf8CodeUnitCount
        var index = position
        try ensureAvailable(count, from: &index)
        position = index
        let expected = literal.utf8Start
        for offset in 0..<count {
            guard index + offset < end else { throw syntaxError("unexpected end of input", at: index + offset) }
            guard bytes[index + offset] == expected[offset] else {
                throw syntaxError("invalid literal (true, false or null expected)", at: index)
            }
        }
        position = index + count
    }
}
