import Foundation

/// Headless Chromium for tests that must see a page the way a browser draws it.
public enum Chromium {
    /// The browser binary, or nil when none is installed (Debian's package: `chromium`).
    public static var path: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// True when tests needing a browser must run: a browser is installed, or `CI` is set (then a
    /// missing browser is a failure, not a skip).
    public static var isRequired: Bool { path != nil || ProcessInfo.processInfo.environment["CI"] != nil }

    public struct Page: Sendable {
        /// The DOM after load and scripts, serialised.
        public let dom: String
        /// Every console message the page produced (script errors, CSP violations, failed loads).
        public let console: [String]
        public let status: Int32
        public let stderr: String
    }

    /// Loads `file` in headless Chromium (own profile in `profile`, 60 s at most) and returns the
    /// DOM after its scripts ran, and the console messages Chromium logged.
    public static func load(_ file: String, profile: String) throws -> Page {
        guard let browser = path else { throw ShellError(message: "chromium is not installed (apt-get install chromium)") }
        let result = try ProcessRunner.run("/usr/bin/timeout", [
            "60", browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(profile)", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--dump-dom",
            URL(fileURLWithPath: file).absoluteString,
        ])
        // Chromium logs console messages as `...:INFO:CONSOLE:<line>] "message", source: ...`.
        let console = result.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return Page(dom: result.stdout, console: console, status: result.status, stderr: result.stderr)
    }
}
