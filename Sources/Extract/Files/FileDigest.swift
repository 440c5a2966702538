#if canImport(Glibc)
import Glibc
#endif

/// Size and SHA-256 of a file's bytes as stored (a `.gz` file is hashed compressed).
public struct FileDigest: Sendable, Equatable {
    public let size: Int64
    public let sha256: String

    /// Reads the whole file once in 1 MiB chunks.
    public static func of(path: String) throws(ExtractError) -> FileDigest {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .cannotOpen(file: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        let hasher = SHA256()
        var size: Int64 = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(file: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            size += Int64(n)
        }
        return FileDigest(size: size, sha256: hasher.finalizeHex())
    }
}
