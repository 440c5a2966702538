import Extract
import Foundation
import Testing
import TestSupport

@Suite("SHA-256 of the file manifest")
struct SHA256Tests {
    @Test("FIPS 180-4 test vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func vectors(input: String, expected: String) {
        let hasher = SHA256()
        hasher.update(Array(input.utf8))
        #expect(hasher.finalizeHex() == expected)
    }

    @Test("a file's digest equals sha256sum's, across chunk and padding boundaries")
    func agreesWithSha256sum() throws {
        let dir = try TemporaryDirectory()
        for size in [55, 56, 63, 64, 65, 1_000_003, 3 << 20] {
            var bytes = [UInt8](repeating: 0, count: size)
            for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i &* 31 &+ i >> 7) }
            let path = try dir.write("f\(size).bin", bytes: bytes)
            let digest = try FileDigest.of(path: path)
            let reference = try ProcessRunner.run("/usr/bin/sha256sum", [path]).stdout.split(separator: " ").first.map(String.init)
            #expect(digest.sha256 == reference, "size \(size)")
            #expect(digest.size == Int64(size))
        }
    }
}
