import PipelineCore

/// Everything that can stop `oneface publish`, with what to do next.
///
/// Messages never carry customer data: the server's own text is shown with quoted values
/// replaced (PostgreSQL quotes the offending value in messages such as
/// `invalid input syntax for type bigint: "..."`), and no password is ever part of a target.
public enum PublishError: Error, Sendable, CustomStringConvertible {
    /// The target URL or schema name cannot be used (a configuration problem).
    case invalidTarget(String)
    /// Neither `--target` nor the pipeline's `publish.target` says where to publish.
    case noTarget(pipeline: String)
    /// The warehouse file is missing or unreadable.
    case warehouse(path: String, reason: String)
    /// A column of the warehouse holds values its PostgreSQL type cannot take.
    case notPublishable(table: String, column: String, reason: String)
    /// No connection: refused, unreachable, timed out, TLS.
    case connect(target: PostgresTarget, reason: String, hint: String)
    /// The server refused the login.
    case authentication(target: PostgresTarget, reason: String)
    /// Another publish to the same schema holds its lock.
    case locked(target: PostgresTarget, schema: String)
    /// A statement failed on the server.
    case server(step: String, table: String?, sqlState: String?, message: String)
    /// The rows counted in PostgreSQL differ from the warehouse's.
    case rowCountMismatch(table: String, warehouse: Int, postgres: Int)
    /// The Citus script could not be written.
    case script(path: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidTarget(problem):
            return "publish: \(problem)"
        case let .noTarget(pipeline):
            return "publish: no target; pass --target postgres://USER@HOST:PORT/DB or add `publish: {target: ...}` to \(pipeline)"
        case let .warehouse(path, reason):
            return "publish: cannot read the warehouse \(path): \(reason). Build it first with `oneface run`, or pass --warehouse FILE."
        case let .notPublishable(table, column, reason):
            return "publish: \(table).\(column) \(reason). Nothing was published; the live schema is unchanged."
        case let .connect(target, reason, hint):
            return "publish: cannot connect to \(target.host):\(target.port) (database \(target.database), user \(target.user)): \(reason). \(hint)"
        case let .authentication(target, reason):
            return "publish: \(target) refused the login of \(target.user): \(reason). Give the password in PGPASSWORD or ~/.pgpass (mode 0600, a line host:port:database:user:password)."
        case let .locked(target, schema):
            return "publish: another publish into \(target.database) schema \(schema) is running (its advisory lock is held); this run did nothing. Wait for it, or find it in pg_stat_activity."
        case let .server(step, table, sqlState, message):
            let on = table.map { " (\($0))" } ?? ""
            let code = sqlState.map { " [SQLSTATE \($0)]" } ?? ""
            return "publish: \(step)\(on) failed: \(message)\(code). The previous schema stays live; the half-built one is dropped."
        case let .rowCountMismatch(table, warehouse, postgres):
            return "publish: \(table) has \(postgres) rows in PostgreSQL but \(warehouse) in the warehouse. The previous schema stays live; the half-built one is dropped."
        case let .script(path, reason):
            return "publish: cannot write the Citus script \(path): \(reason)"
        }
    }

    /// The exit code of the README's table: 78 configuration, 75 locked, 73 cannot write, 70 failure.
    public var exitCode: Int32 {
        switch self {
        case .invalidTarget, .noTarget: return 78
        case .locked: return 75
        case .script: return 73
        default: return 70
        }
    }
}
