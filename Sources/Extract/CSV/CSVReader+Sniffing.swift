extension CSVReader {
    /// The delimiters auto-detection chooses from, in order of preference when counts tie.
    ///
    /// `;` comes first: in a German export a tie between `;` and `,` (`Betrag;1,5`) is far more
    /// often a decimal comma inside a `;` file than the other way round.
    static let delimiterCandidates: [UInt8] = [0x3B, 0x2C, 0x09, 0x7C]  // ; , TAB |

    /// What detection found in the bytes it was given.
    enum DelimiterDetection: Equatable {
        case found(UInt8)
        /// The first line goes on past the bytes given; read more and ask again.
        case needsMoreInput
    }

    /// Detects the delimiter from the first non-blank line: the candidate that occurs most often
    /// outside quotes. Without any candidate (a one-column file) it is `,`.
    ///
    /// - Parameter isComplete: whether `bytes` reaches the end of input (or all that will be looked at).
    static func detectDelimiter(in bytes: UnsafeBufferPointer<UInt8>, quote: UInt8, isComplete: Bool) -> DelimiterDetection {
        var counts = [Int](repeating: 0, count: delimiterCandidates.count)
        var inQuotes = false
        var sawContent = false
        var ended = isComplete
        for byte in bytes {
            if byte == quote {
                inQuotes.toggle()  // a doubled quote toggles twice: no net change
            } else if !inQuotes && (byte == 0x0A || byte == 0x0D) {
                if sawContent { ended = true; break }
                continue  // blank lines before the first line
            } else if !inQuotes, let index = delimiterCandidates.firstIndex(of: byte) {
                counts[index] += 1
            }
            sawContent = true
        }
        guard ended else { return .needsMoreInput }
        var best = 1  // `,` when nothing is found
        var bestCount = 0
        for (index, count) in counts.enumerated() where count > bestCount {
            best = index
            bestCount = count
        }
        return .found(delimiterCandidates[best])
    }
}
