import Foundation
import Logging
import PostgresNIO
import PipelineCore

/// One connection to the target, with every failure turned into a `PublishError` that names the
/// step and, where there is one, the table.
final class PostgresSession {
    let connection: PostgresConnection
    let target: PostgresTarget
    /// postgres-nio's own logging stays silent: our log lines say what happens, without SQL.
    let quietLogger = Logger(label: "oneface.publish.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    private init(connection: PostgresConnection, target: PostgresTarget) {
        self.connection = connection
        self.target = target
    }

    static func connect(_ target: PostgresTarget, password: String?) async throws -> PostgresSession {
        let tls: PostgresConnection.Configuration.TLS
        switch target.tls {
        case .disable:
            tls = .disable
        case .require:
            do {
                tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            } catch {
                throw PublishError.connect(target: target, reason: "cannot set up TLS (\(error))", hint: "Check the system's CA certificates.")
            }
        }
        var configuration = PostgresConnection.Configuration(host: target.host, port: target.port, username: target.user,
                                                             password: password, database: target.database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.additionalStartupParameters = [("application_name", "oneface publish")]
        let logger = Logger(label: "oneface.publish.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
            return PostgresSession(connection: connection, target: target)
        } catch {
            throw Self.connectError(error, target: target, hasPassword: password != nil)
        }
    }

    static func connectError(_ error: Error, target: PostgresTarget, hasPassword: Bool) -> PublishError {
        let text = String(describing: (error as? PSQLError)?.underlying ?? error).lowercased()
        if let psql = error as? PSQLError {
            if psql.code == .authMechanismRequiresPassword {
                return .authentication(target: target, reason: "the server asks for a password and none was found")
            }
            if let state = psql.serverInfo?[.sqlState] {
                let message = redacted(psql.serverInfo?[.message] ?? "")
                if state.hasPrefix("28") { return .authentication(target: target, reason: message + (hasPassword ? "" : " (no password was found)")) }
                if state == "3D000" {
                    return .connect(target: target, reason: message, hint: "Create the database (createdb -h \(target.host) -p \(target.port) \(target.database)) or name another in the URL.")
                }
                return .connect(target: target, reason: "\(message) [SQLSTATE \(state)]", hint: "See the server's log.")
            }
        }
        if text.contains("refused") {
            return .connect(target: target, reason: "connection refused",
                            hint: "Is PostgreSQL running there, listening on that address and port (listen_addresses and port in postgresql.conf)? Check with: pg_isready -h \(target.host) -p \(target.port)")
        }
        if text.contains("timeout") || text.contains("timed out") {
            return .connect(target: target, reason: "no answer within 10 s", hint: "Check the host name, the port and firewalls between here and the server.")
        }
        if text.contains("resolve") || text.contains("getaddrinfo") || text.contains("name or service") {
            return .connect(target: target, reason: "the host name does not resolve", hint: "Check the host in the URL.")
        }
        if text.contains("ssl") || text.contains("tls") {
            return .connect(target: target, reason: "TLS failed", hint: "The server may not offer TLS, or its certificate is not trusted; check sslmode in the URL.")
        }
        return .connect(target: target, reason: String(describing: error), hint: "Check that the server is reachable: pg_isready -h \(target.host) -p \(target.port)")
    }

    /// Runs one statement of our own (identifiers we checked, literals we quoted).
    func execute(_ sql: String, step: String, table: String? = nil) async throws {
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: quietLogger)
        } catch {
            throw Self.serverError(error, step: step, table: table)
        }
    }

    /// The first column of the first row as a whole number.
    func integer(_ query: PostgresQuery, step: String, table: String? = nil) async throws -> Int {
        do {
            for try await value in try await connection.query(query, logger: quietLogger).decode(Int.self) {
                return value
            }
            return 0
        } catch let error as PublishError {
            throw error
        } catch {
            throw Self.serverError(error, step: step, table: table)
        }
    }

    /// `COPY table (columns) FROM STDIN` with the rows `write` produces.
    func copy(into table: String, columns: [String], step: String,
              _ write: (PostgresCopyFromWriter) async throws -> Void) async throws {
        do {
            try await connection.copyFrom(table: table, columns: columns, format: .text(.init()), logger: quietLogger, writeData: write)
        } catch let error as PublishError {
            throw error
        } catch {
            throw Self.serverError(error, step: step, table: table)
        }
    }

    func close() async {
        do { try await connection.close() } catch { /* already closed: nothing to free */ }
    }

    /// The server's message with quoted values removed, plus where a COPY failed (line and column).
    static func serverError(_ error: Error, step: String, table: String?) -> PublishError {
        guard let psql = error as? PSQLError else {
            if let publish = error as? PublishError { return publish }
            return .server(step: step, table: table, sqlState: nil, message: String(describing: error))
        }
        guard let info = psql.serverInfo else {
            return .server(step: step, table: table, sqlState: nil, message: "\(psql.code)")
        }
        var message = redacted(info[.message] ?? "\(psql.code)")
        if let context = info[.locationContext],
           let range = context.range(of: #"line [0-9]+(, column [a-z0-9_]+)?"#, options: .regularExpression) {
            message += " (COPY \(context[range]))"
        }
        return .server(step: step, table: table, sqlState: info[.sqlState], message: message)
    }

    /// PostgreSQL quotes offending values in double quotes (`invalid input syntax for type bigint: "x"`);
    /// they may be customer data, so the quoted parts go.
    static func redacted(_ message: String) -> String {
        message.replacingOccurrences(of: #""[^"]*""#, with: "\"…\"", options: .regularExpression)
    }
}
