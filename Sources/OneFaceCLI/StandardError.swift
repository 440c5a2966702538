import Foundation

/// Writes to stderr with `write(2)`, ignoring failures: a closed log pipe (the reader of a cron
/// job's output gone, `| head`) must never stop a night's run. SIGPIPE is ignored at start-up.
enum StandardError {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                Glibc.write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return   // EPIPE, EBADF, a full disk: drop the log line, keep running
            }
        }
    }

    /// Called once by `main`: a write to a closed pipe returns EPIPE instead of killing the process.
    static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }
}
