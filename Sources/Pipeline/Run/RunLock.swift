import Foundation
import Staging

/// An exclusive, non-blocking lock so two runs never overlap (`flock(2)` on a lock file).
///
/// The kernel drops the lock when the process dies, so a crashed run never leaves a stale lock.
public final class RunLock {
    public let path: String
    private let fd: Int32

    /// Takes the lock or throws `PipelineError.lockHeld` at once.
    public init(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PipelineError.failure("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            throw PipelineError.lockHeld(lockFile: path, holder: holder?.isEmpty == false ? holder! : "holder unknown")
        }
        fd = descriptor
        let note = "pid \(getpid()) since \(LedgerClock.nowISO())\n"
        _ = ftruncate(fd, 0)
        _ = note.withCString { write(fd, $0, strlen($0)) }
    }

    /// True while some process holds the lock at `path` (a run is under way); false when the lock
    /// is free or the file does not exist. Takes nothing and writes nothing.
    public static func isHeld(path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { return errno == EWOULDBLOCK }
        flock(descriptor, LOCK_UN)
        return false
    }

    deinit {
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
    }
}
