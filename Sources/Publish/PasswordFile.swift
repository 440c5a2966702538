import Foundation

/// The password of a connection, as libpq finds it: `PGPASSWORD`, else the first matching line
/// of the password file (`PGPASSFILE`, default `~/.pgpass`).
///
/// Rules of https://www.postgresql.org/docs/15/libpq-pgpass.html: lines
/// `hostname:port:database:username:password`, `*` matches anything in the first four fields,
/// `\:` and `\\` escape, `#` starts a comment line, the first match wins; a file that the group or
/// others may read is ignored (with a warning), as libpq does.
public struct PasswordFile: Sendable {
    public struct Entry: Sendable, Equatable {
        public var host: String, port: String, database: String, user: String, password: String
    }

    public let entries: [Entry]

    public init(text: String) {
        var entries: [Entry] = []
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            if line.hasPrefix("#") { continue }
            let fields = Self.fields(of: line)
            guard fields.count >= 5 else { continue }   // libpq skips lines it cannot read
            // A password may contain unescaped colons after the fifth field begins.
            entries.append(Entry(host: fields[0], port: fields[1], database: fields[2], user: fields[3],
                                 password: fields[4...].joined(separator: ":")))
        }
        self.entries = entries
    }

    /// The password of the first line matching the connection.
    public func password(host: String, port: Int, database: String, user: String) -> String? {
        func matches(_ pattern: String, _ value: String) -> Bool { pattern == "*" || pattern == value }
        return entries.first {
            matches($0.host, host) && matches($0.port, String(port)) && matches($0.database, database) && matches($0.user, user)
        }?.password
    }

    /// Splits at unescaped colons, undoing `\:` and `\\`.
    static func fields(of line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }

    /// The password for a target from the environment or the password file; `warning` says why a
    /// file was ignored.
    public static func lookup(host: String, port: Int, database: String, user: String,
                              environment: [String: String] = ProcessInfo.processInfo.environment,
                              warning: (String) -> Void = { _ in }) -> String? {
        if let password = environment["PGPASSWORD"], !password.isEmpty { return password }
        let path = environment["PGPASSFILE"] ?? ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".pgpass")
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            warning("the password file \(path) is not a plain file; ignored")
            return nil
        }
        guard info.st_mode & (S_IRWXG | S_IRWXO) == 0 else {
            warning("the password file \(path) may be read by group or others; ignored (chmod 0600 \(path))")
            return nil
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            warning("cannot read the password file \(path); ignored")
            return nil
        }
        return PasswordFile(text: text).password(host: host, port: port, database: database, user: user)
    }
}
