import Foundation

/// One output file written through a 1 MiB byte buffer.
///
/// Writers append bytes to `buffer` and call `flushIfFull()` once per row; formatting goes straight
/// to bytes (see the `[UInt8]` helpers below), never through `String(format:)` or a locale.
struct ByteFile {
    /// The path relative to the output folder, for the summary and error messages.
    let relativePath: String
    private let handle: FileHandle
    var buffer: [UInt8] = []
    private(set) var bytesWritten = 0
    private(set) var rows = 0

    private static let flushThreshold = 1 << 20

    /// Creates (or truncates) `relativePath` under `directory`, creating its folder.
    init(directory: URL, relativePath: String) throws {
        self.relativePath = relativePath
        let url = directory.appendingPathComponent(relativePath)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
        } catch {
            throw SampleGenError.cannotWrite(path: url.deletingLastPathComponent().path, reason: "cannot create the folder")
        }
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw SampleGenError.cannotWrite(path: url.path, reason: "cannot create the file")
        }
        do {
            handle = try FileHandle(forWritingTo: url)
        } catch {
            throw SampleGenError.cannotWrite(path: url.path, reason: "cannot open the file")
        }
        buffer.reserveCapacity(ByteFile.flushThreshold + 64 * 1024)
    }

    /// Counts one data row and writes the buffer out once it holds 1 MiB.
    mutating func endRow() throws {
        rows += 1
        if buffer.count >= ByteFile.flushThreshold { try flush() }
    }

    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw SampleGenError.cannotWrite(path: relativePath, reason: "write failed (\(type(of: error)))")
        }
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, closes and describes the file.
    mutating func finish() throws -> SampleSummary.File {
        try flush()
        do {
            try handle.close()
        } catch {
            throw SampleGenError.cannotWrite(path: relativePath, reason: "close failed")
        }
        return SampleSummary.File(path: relativePath, rows: rows, bytes: bytesWritten)
    }
}

extension Array where Element == UInt8 {
    /// Appends a literal's UTF-8 bytes.
    @inline(__always)
    mutating func appendText(_ text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    /// Appends a non-negative number (below 10^18) in decimal, left-padded with zeros to `width` digits.
    mutating func appendPadded(_ value: Int, width: Int) {
        let rest = Swift.max(value, 0)
        var digits = 1
        var divisor = 1
        while divisor <= rest / 10 && digits < 18 {
            divisor *= 10
            digits += 1
        }
        var padding = width - digits
        while padding > 0 {
            append(UInt8(ascii: "0"))
            padding -= 1
        }
        var remainder = rest
        while divisor > 0 {
            append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: remainder / divisor))
            remainder %= divisor
            divisor /= 10
        }
    }

    /// Appends a number in decimal (negative numbers with a minus sign).
    mutating func appendInt(_ value: Int) {
        if value < 0 {
            append(UInt8(ascii: "-"))
            appendPadded(-value, width: 1)
        } else {
            appendPadded(value, width: 1)
        }
    }

    /// Appends a German amount: `1.234,56` for 123456 cents (dot thousands, comma decimals).
    mutating func appendGermanMoney(cents: Int) {
        let euros = cents / 100
        if euros >= 1000 {
            appendGermanMoneyThousands(euros / 1000)
            append(UInt8(ascii: "."))
            appendPadded(euros % 1000, width: 3)
        } else {
            appendPadded(euros, width: 1)
        }
        append(UInt8(ascii: ","))
        appendPadded(cents % 100, width: 2)
    }

    private mutating func appendGermanMoneyThousands(_ thousands: Int) {
        if thousands >= 1000 {
            appendGermanMoneyThousands(thousands / 1000)
            append(UInt8(ascii: "."))
            appendPadded(thousands % 1000, width: 3)
        } else {
            appendPadded(thousands, width: 1)
        }
    }

    /// Appends an id like `EM-0000123`: a prefix and a zero-padded number.
    mutating func appendID(_ prefix: StaticString, _ number: Int, width: Int) {
        appendText(prefix)
        appendPadded(number, width: width)
    }
}
