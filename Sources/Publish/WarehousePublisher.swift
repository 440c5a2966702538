import Foundation
import Logging
import PipelineCore
import PostgresNIO
import SQLiteDB

/// Copies a published SQLite warehouse into PostgreSQL and swaps it in as the live schema.
///
/// Steps, each named in errors and timed in the log:
/// 1. read the warehouse's layout (one read snapshot) and check that its date columns hold dates;
/// 2. connect, take the publish lock (an advisory lock per schema: two publishes never interleave),
///    drop what a crashed earlier publish left (`<schema>_build`, `<schema>_old`);
/// 3. build `<schema>_build`: tables, (Citus distribution when the extension is there), rows by
///    COPY only, row counts against the warehouse, keys and indexes, foreign keys to reference
///    tables, views, the data dictionary as comments, ANALYZE;
/// 4. swap in one transaction: `<schema>` → `<schema>_old`, `<schema>_build` → `<schema>`; a reader
///    sees the old schema or the new one, never a mix; then drop `<schema>_old`.
/// A failure before the swap commits leaves the previous schema live and drops the build schema
/// (or, if the connection is gone, the next publish does).
public struct WarehousePublisher: Sendable {
    public let warehousePath: String
    public let config: PublishConfig
    public let logger: Logger

    public init(warehousePath: String, config: PublishConfig, logger: Logger) {
        self.warehousePath = warehousePath
        self.config = config
        self.logger = logger
    }

    var buildSchema: String { "\(config.schema)_build" }
    var oldSchema: String { "\(config.schema)_old" }

    /// Publishes; blocks until done.
    public func publish() throws -> PublishReport {
        guard PublishConfig.isValidSchema(config.schema) else {
            throw PublishError.invalidTarget("schema `\(config.schema)`: expected a lower-case name of letters, digits and _ (at most 40)")
        }
        return try Blocking.run { try await self.run() }
    }

    /// The Citus script for the tables of the warehouse at `warehousePath` in `schema`
    /// (`oneface publish --citus-script`); needs no server.
    public static func citusScript(warehousePath: String, schema: String) throws -> String {
        let db = try openWarehouse(warehousePath)
        return CitusLayout.script(tables: try WarehouseLayout.read(db).tables, schema: schema)
    }

    static func openWarehouse(_ warehousePath: String) throws -> Database {
        guard FileManager.default.fileExists(atPath: warehousePath) else {
            throw PublishError.warehouse(path: warehousePath, reason: "no such file")
        }
        do {
            return try Database(path: warehousePath, mode: .readOnly)
        } catch {
            throw PublishError.warehouse(path: warehousePath, reason: "\(error)")
        }
    }

    func run() async throws -> PublishReport {
        let started = Date()
        let db = try Self.openWarehouse(warehousePath)
        // One snapshot for the layout, the rows and the counts, even if a load publishes meanwhile.
        try db.execute("BEGIN")
        let layout = try WarehouseLayout.read(db)
        try Self.checkDates(db, layout)
        let target = config.target
        let password = PasswordFile.lookup(host: target.host, port: target.port, database: target.database, user: target.user) { warning in
            logger.warning("publish: \(warning)")
        }
        logger.info("publish: connecting", metadata: ["target": "\(target)", "schema": "\(config.schema)"])
        let session = try await PostgresSession.connect(target, password: password)
        do {
            let report = try await publish(layout, from: db, into: session, started: started)
            await session.close()
            return report
        } catch {
            await session.close()
            throw error
        }
    }

    private func publish(_ layout: WarehouseLayout, from db: Database, into session: PostgresSession, started: Date) async throws -> PublishReport {
        let lockName = "oneface publish \(config.target.database).\(config.schema)"
        let locked = try await session.integer("SELECT pg_try_advisory_lock(hashtext(\(lockName)))::int", step: "take the publish lock")
        guard locked == 1 else { throw PublishError.locked(target: config.target, schema: config.schema) }
        try await session.execute("SET standard_conforming_strings = on", step: "set up the session")
        try await session.execute("SET client_min_messages = warning", step: "set up the session")
        for leftover in [buildSchema, oldSchema] {
            try await session.execute("DROP SCHEMA IF EXISTS \(PostgresDDL.quote(leftover)) CASCADE", step: "drop what an earlier publish left")
        }
        let useCitus = try await citusAvailable(session)

        var report = PublishReport(schema: config.schema, tables: layout.tables.count, views: layout.views.count, rows: 0, bytes: 0,
                                   copySeconds: 0, totalSeconds: 0, isDistributed: useCitus, hashPartitions: config.hashPartitions)
        do {
            try await build(layout, from: db, into: session, citus: useCitus, report: &report)
        } catch {
            logger.error("publish: failed; dropping \(buildSchema), \(config.schema) stays as it was")
            do {
                try await session.execute("DROP SCHEMA IF EXISTS \(PostgresDDL.quote(buildSchema)) CASCADE", step: "drop the build schema")
            } catch {
                logger.warning("publish: could not drop \(buildSchema) (the next publish drops it): \(error)")
            }
            throw error
        }
        try await swap(session)
        report.totalSeconds = Date().timeIntervalSince(started)
        logger.notice("""
            publish: \(config.schema) is live in \(config.target.database): \(report.tables) tables, \(report.views) views, \(report.rows) rows \
            (\(String(format: "%.1f", Double(report.bytes) / 1_048_576)) MB) copied in \(String(format: "%.2f", report.copySeconds)) s \
            (\(String(format: "%.0f", report.rowsPerSecond)) rows/s, \(String(format: "%.1f", report.megabytesPerSecond)) MB/s), \
            \(String(format: "%.2f", report.totalSeconds)) s in all\(useCitus ? ", distributed with Citus" : "")
            """)
        return report
    }

    /// Whether the target has Citus: installed, or available and installable now.
    private func citusAvailable(_ session: PostgresSession) async throws -> Bool {
        if try await session.integer("SELECT count(*)::int FROM pg_extension WHERE extname = 'citus'", step: "look for Citus") > 0 { return true }
        guard try await session.integer("SELECT count(*)::int FROM pg_available_extensions WHERE name = 'citus'", step: "look for Citus") > 0 else { return false }
        do {
            try await session.execute("CREATE EXTENSION IF NOT EXISTS citus", step: "create the citus extension")
            return true
        } catch {
            logger.warning("publish: the citus extension is available but could not be created (is it in shared_preload_libraries?); publishing plain tables: \(error)")
            return false
        }
    }

    private func build(_ layout: WarehouseLayout, from db: Database, into session: PostgresSession, citus: Bool, report: inout PublishReport) async throws {
        let schema = PostgresDDL.quote(buildSchema)
        try await session.execute("CREATE SCHEMA \(schema)", step: "create the build schema")
        // COPY names its table unqualified (postgres-nio quotes the name as one identifier).
        try await session.execute("SET search_path TO \(schema)", step: "set the search path")
        for table in layout.tables {
            for statement in PostgresDDL.createTable(table, partitions: config.hashPartitions) {
                try await session.execute(statement, step: "create table", table: table.name)
            }
        }
        if citus {
            for statement in CitusLayout.statements(tables: layout.tables, schema: buildSchema) {
                try await session.execute(statement, step: "distribute with Citus")
            }
        }

        let copyStarted = Date()
        for table in layout.tables {
            let (rows, bytes) = try await copy(table, from: db, into: session)
            report.rows += rows
            report.bytes += bytes
        }
        report.copySeconds = Date().timeIntervalSince(copyStarted)
        logger.info("publish: rows copied", metadata: ["rows": "\(report.rows)", "seconds": "\(String(format: "%.2f", report.copySeconds))"])

        for table in layout.tables {
            let expected = Int(try db.scalar("SELECT count(*) FROM \(PostgresDDL.quote(table.name))")?.int ?? -1)
            let counted = try await session.integer(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(PostgresDDL.quote(table.name))"),
                                                    step: "count rows", table: table.name)
            guard counted == expected else { throw PublishError.rowCountMismatch(table: table.name, warehouse: expected, postgres: counted) }
        }
        try await timed("keys and indexes") {
            for table in layout.tables {
                for statement in PostgresDDL.keysAndIndexes(table) {
                    try await session.execute(statement, step: "add keys and indexes", table: table.name)
                }
            }
            for table in layout.tables {
                for statement in PostgresDDL.foreignKeys(table) {
                    try await session.execute(statement, step: "add foreign keys", table: table.name)
                }
            }
        }
        for view in layout.views {
            try await session.execute(PostgresDDL.createView(view), step: "create view", table: view.name)
        }
        let viewNames = Set(layout.views.map(\.name))
        for comment in layout.comments {
            try await session.execute(PostgresDDL.comment(comment, isView: viewNames.contains(comment.table)), step: "comment", table: comment.table)
        }
        try await timed("analyze") {
            for table in layout.tables {
                try await session.execute("ANALYZE \(PostgresDDL.quote(table.name))", step: "analyze", table: table.name)
            }
        }
    }

    /// COPY of one table's rows, streamed from SQLite in 1 MiB messages.
    private func copy(_ table: PublishedTable, from db: Database, into session: PostgresSession) async throws -> (rows: Int, bytes: Int) {
        let started = Date()
        let statement = try db.prepare(table.selectSQL)
        let columns = table.columns.count
        var rows = 0
        var bytes = 0
        try await session.copy(into: table.name, columns: table.columns.map(\.name), step: "copy") { writer in
            var buffer = ByteBuffer()
            buffer.reserveCapacity(1 << 20 + 1 << 16)
            while try statement.step() {
                CopyTextEncoder.appendRow(statement, columns: columns, to: &buffer)
                rows += 1
                if buffer.readableBytes >= 1 << 20 {
                    bytes += buffer.readableBytes
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 {
                bytes += buffer.readableBytes
                try await writer.write(buffer)
            }
        }
        logger.debug("publish: copied", metadata: ["table": "\(table.name)", "rows": "\(rows)",
                                                   "seconds": "\(String(format: "%.2f", Date().timeIntervalSince(started)))"])
        return (rows, bytes)
    }

    /// Renames in one transaction, then drops the old schema.
    private func swap(_ session: PostgresSession) async throws {
        let live = PostgresDDL.quote(config.schema)
        let hasLive = try await session.integer("SELECT count(*)::int FROM pg_namespace WHERE nspname = \(config.schema)", step: "swap") > 0
        try await session.execute("BEGIN", step: "swap")
        do {
            if hasLive { try await session.execute("ALTER SCHEMA \(live) RENAME TO \(PostgresDDL.quote(oldSchema))", step: "swap") }
            try await session.execute("ALTER SCHEMA \(PostgresDDL.quote(buildSchema)) RENAME TO \(live)", step: "swap")
            try await session.execute("COMMIT", step: "swap")
        } catch {
            do { try await session.execute("ROLLBACK", step: "swap") } catch { /* the connection is gone: the server rolled back */ }
            try? await session.execute("DROP SCHEMA IF EXISTS \(PostgresDDL.quote(buildSchema)) CASCADE", step: "drop the build schema")
            throw error
        }
        if hasLive {
            do {
                // A reader's long transaction on the old tables would hold the drop (and this run) up;
                // after a minute the old schema is left for the next publish to drop.
                try await session.execute("SET lock_timeout = '60s'", step: "drop the old schema")
                try await session.execute("DROP SCHEMA \(PostgresDDL.quote(oldSchema)) CASCADE", step: "drop the old schema")
            } catch {
                logger.warning("publish: the new schema is live, but the old one could not be dropped (the next publish drops it): \(error)")
            }
        }
    }

    private func timed(_ what: String, _ body: () async throws -> Void) async throws {
        let started = Date()
        try await body()
        logger.info("publish: \(what) built", metadata: ["seconds": "\(String(format: "%.2f", Date().timeIntervalSince(started)))"])
    }

    /// Date columns must hold ISO dates only: a value PostgreSQL would refuse (or read differently)
    /// stops the publish before anything is sent. The values themselves are not shown. `date(x)`
    /// alone keeps a day that does not exist (`1980-02-30`); a modifier makes SQLite normalise it,
    /// so such a value differs from its normalised form (https://sqlite.org/lang_datefunc.html).
    static func checkDates(_ db: Database, _ layout: WarehouseLayout) throws {
        for table in layout.tables {
            for column in table.columns where column.type == .date {
                let name = PostgresDDL.quote(column.name)
                let bad = try db.scalar("""
                    SELECT count(*) FROM \(PostgresDDL.quote(table.name))
                    WHERE \(name) IS NOT NULL AND (typeof(\(name)) <> 'text' OR length(\(name)) <> 10 OR date(\(name), '+0 days') IS NOT \(name))
                    """)?.int ?? 0
                if bad > 0 {
                    throw PublishError.notPublishable(table: table.name, column: column.name,
                                                      reason: "holds \(bad) values that are not ISO dates (yyyy-mm-dd), so it cannot be a PostgreSQL date")
                }
            }
        }
    }
}
