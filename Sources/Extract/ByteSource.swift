#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib

/// A stream of bytes from a file; `.gz` files are inflated transparently.
///
/// Readers pull chunks with `read(into:)`; nothing holds the whole file in memory.
public final class ByteSource {
    public let path: String
    private var fd: Int32 = -1
    private var gz: gzFile?
    /// Bytes of the file read so far (of a `.gz` file: compressed bytes), for progress.
    public private(set) var position: Int64 = 0

    /// Opens `path`; a name ending in `.gz` is read through zlib.
    public init(path: String) throws(ExtractError) {
        self.path = path
        if path.hasSuffix(".gz") {
            guard let handle = gzopen(path, "rb") else {
                throw .cannotOpen(file: path, reason: String(cString: strerror(errno)))
            }
            gzbuffer(handle, 1 << 17)
            gz = handle
        } else {
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else {
                throw .cannotOpen(file: path, reason: String(cString: strerror(errno)))
            }
            fd = descriptor
        }
    }

    deinit {
        if let gz { gzclose(gz) }
        if fd >= 0 { close(fd) }
    }

    /// Reads up to `buffer.count` bytes; returns 0 at the end of input.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ExtractError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        if let gz {
            let n = gzread(gz, base, UInt32(min(buffer.count, Int(Int32.max))))
            if n < 0 {
                var code: Int32 = 0
                let message = gzerror(gz, &code).map { String(cString: $0) } ?? "gzip error"
                throw .io(file: path, reason: "gzip: \(message)")
            }
            if n == 0 {
                // The end: zlib reports a stream cut short (even at a line boundary, or only its
                // trailer missing) as Z_BUF_ERROR; such a file is incomplete, not a short export.
                var code: Int32 = 0
                _ = gzerror(gz, &code)
                if code == Z_BUF_ERROR {
                    throw .io(file: path, reason: "the compressed file is truncated (it ends before its gzip trailer); the export was cut short, deliver it again")
                }
            }
            position = Int64(gzoffset(gz))
            return Int(n)
        }
        while true {
            let n = Glibc.read(fd, base, buffer.count)
            if n >= 0 {
                position += Int64(n)
                return n
            }
            if errno == EINTR { continue }
            throw .io(file: path, reason: String(cString: strerror(errno)))
        }
    }
}
