import Foundation

/// Where `oneface publish` copies the warehouse: a PostgreSQL server, database and user, from a
/// URL `postgres://USER@HOST:PORT/DATABASE[?sslmode=disable|require]`.
///
/// A URL never carries a password: pipeline files are committed and commands end up in shell
/// histories and process lists. The password comes from `PGPASSWORD` or `~/.pgpass`, as with
/// `psql`. `description` is the URL as given (there is nothing secret in it), safe to log.
public struct PostgresTarget: Sendable, Equatable, CustomStringConvertible {
    public var user: String
    public var host: String
    public var port: Int
    public var database: String
    public var tls: TLSMode

    /// `sslmode`: `disable` (the default: loopback or a private network) or `require`
    /// (TLS with the server's certificate verified against the system's trust store).
    public enum TLSMode: String, Sendable, CaseIterable {
        case disable, require
    }

    public init(user: String, host: String, port: Int = 5432, database: String, tls: TLSMode = .disable) {
        self.user = user
        self.host = host
        self.port = port
        self.database = database
        self.tls = tls
    }

    public var description: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let query = tls == .disable ? "" : "?sslmode=\(tls.rawValue)"
        return "postgres://\(user)@\(hostPart):\(port)/\(database)\(query)"
    }

    /// Parses a target URL; the problem says what is wrong and what to write instead.
    public static func parse(_ url: String) -> Result<PostgresTarget, TargetProblem> {
        let example = "e.g. postgres://oneface@db.example.com:5432/analytics"
        var rest = Substring(url)
        guard let scheme = ["postgres://", "postgresql://"].first(where: { rest.hasPrefix($0) }) else {
            return .failure(TargetProblem("expected a URL starting with postgres://, \(example)"))
        }
        rest = rest.dropFirst(scheme.count)
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let slash = rest.firstIndex(of: "/") else {
            return .failure(TargetProblem("names no database; add /DATABASE after the host, \(example)"))
        }
        let authority = rest[..<slash]
        let database = String(rest[rest.index(after: slash)...])
        guard !database.isEmpty, !database.contains("/") else {
            return .failure(TargetProblem("names no database; add /DATABASE after the host, \(example)"))
        }
        guard let at = authority.lastIndex(of: "@") else {
            return .failure(TargetProblem("names no user; write USER@ before the host, \(example)"))
        }
        let userInfo = authority[..<at]
        if userInfo.contains(":") {
            return .failure(TargetProblem("contains a password; remove it from the URL and put it in the PGPASSWORD environment variable or ~/.pgpass (mode 0600), as for psql"))
        }
        guard !userInfo.isEmpty else { return .failure(TargetProblem("names no user; write USER@ before the host, \(example)")) }
        var hostPort = authority[authority.index(after: at)...]
        var host: String
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { return .failure(TargetProblem("an IPv6 host needs a closing ]")) }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            hostPort = hostPort[hostPort.index(after: close)...]
            if hostPort.hasPrefix(":") { portText = hostPort.dropFirst() } else if !hostPort.isEmpty {
                return .failure(TargetProblem("expected :PORT after the IPv6 host"))
            }
        } else if let colon = hostPort.firstIndex(of: ":") {
            host = String(hostPort[..<colon])
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            host = String(hostPort)
        }
        guard !host.isEmpty else { return .failure(TargetProblem("names no host, \(example)")) }
        var port = 5432
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                return .failure(TargetProblem("the port must be a number from 1 to 65535, \(example)"))
            }
            port = value
        }
        var tls = TLSMode.disable
        for parameter in query.split(separator: "&") where !parameter.isEmpty {
            let parts = parameter.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0] == "sslmode" else {
                return .failure(TargetProblem("unknown URL parameter `\(parts[0])`; only sslmode=disable|require is read"))
            }
            guard let mode = TLSMode(rawValue: parts[1]) else {
                return .failure(TargetProblem("sslmode must be disable or require"))
            }
            tls = mode
        }
        let decodedUser = String(userInfo).removingPercentEncoding ?? String(userInfo)
        let decodedDatabase = database.removingPercentEncoding ?? database
        return .success(PostgresTarget(user: decodedUser, host: host, port: port, database: decodedDatabase, tls: tls))
    }
}

/// Why a target URL cannot be used.
public struct TargetProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
