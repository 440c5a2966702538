/// `.lines` (NDJSON): one value per line; a bad line is rejected and reading goes on.
extension JSONReader {
    mutating func nextLine() throws(ExtractError) -> ReadOutcome? {
        while true {
            parser.setMark()
            guard let first = try parser.peekSignificantByte() else {
                parser.clearMark()
                state = .finished
                return nil
            }
            if first == JSONByte.newline {
                parser.consumeLineBreak()
                continue
            }
            let line = parser.line
            let column = parser.column(at: parser.position)
            do throws(ExtractError) {
                let isObject = first == JSONByte.openBrace
                let node = try parser.parseValue(building: isObject, depth: 0)
                if let after = try parser.peekSignificantByte(), after != JSONByte.newline {
                    throw parser.syntaxError("unexpected data after the value", at: parser.position)
                }
                let outcome: ReadOutcome
                if isObject {
                    outcome = .record(line: line, .tree(node))
                } else {
                    outcome = .reject(line: line, reason: "record is not a JSON object at column \(column)",
                                      rawText: parser.rawLine(upTo: parser.position))
                }
                parser.finishLine(at: parser.position)
                return outcome
            } catch {
                guard case let .malformed(_, _, errorColumn, reason) = error else { throw error }
                let lineEnd = try parser.lineEndAfterMark()
                let rawText = parser.rawLine(upTo: lineEnd)
                parser.finishLine(at: lineEnd)
                return .reject(line: line, reason: "\(reason) at column \(errorColumn)", rawText: rawText)
            }
        }
    }
}
