import Dispatch
import Foundation
import PipelineCore
import SQLiteDB
import Staging

/// Tables `cur_<entity>` with the current version (`CurrentVersion`) of every staged record, one per
/// fact and branch entity, across sources, and `cur_purchase_line` with the purchases' line items:
/// each is read several times by the load, and sorting staging once is enough.
///
/// They are built in scratch files next to the warehouse (removed afterwards), the purchases in one
/// and the other entities in the other, each by its own connection on its own thread, so the two
/// largest sorts of staging run on both cores. The load then attaches both files.
struct CurrentRecords {
    let sources: [SourceConfig]
    let warehousePath: String
    let stagingPath: String

    /// The scratch files, by the schema name they are attached under.
    var scratch: [(schema: String, path: String)] {
        let paths = Self.scratchFiles(of: warehousePath)
        return [("cur", paths[0]), ("cur2", paths[1])]
    }

    /// The scratch files of a load building `warehousePath`; a killed load leaves them behind.
    static func scratchFiles(of warehousePath: String) -> [String] {
        [warehousePath + "-current", warehousePath + "-current2"]
    }

    /// The statements of each scratch file: purchases and their lines, then everything else.
    var groups: [[String]] {
        let statements = Self.statements(for: sources)
        let purchases: Set<String> = ["cur_purchase", "cur_purchase_line"]
        return [statements.filter { purchases.contains($0.table) }.map(\.sql),
                statements.filter { !purchases.contains($0.table) }.map(\.sql)]
    }

    /// Builds both scratch files at once; the first error of either is thrown.
    func build() throws {
        for file in scratch { try? FileManager.default.removeItem(atPath: file.path) }
        let jobs = zip(scratch.map(\.path), groups).map { (path: $0.0, statements: $0.1) }
        let staging = StagingStore.readOnlyURI(stagingPath)
        let failures = Failures(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            do {
                let db = try Database(path: jobs[index].path)
                try db.execute("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536")
                try db.execute("ATTACH DATABASE ? AS stg", [.text(staging)])
                for sql in jobs[index].statements { try db.execute(sql) }
                try db.execute("DETACH DATABASE stg")
            } catch {
                failures.store(error, at: index)
            }
        }
        if let error = failures.first { throw error }
    }

    func attach(to db: Database) throws {
        for file in scratch {
            try db.execute("ATTACH DATABASE ? AS \(file.schema)", [.text(file.path)])
        }
    }

    func detachAndRemove(from db: Database) {
        for file in scratch {
            try? db.execute("DETACH DATABASE \(file.schema)")
            try? FileManager.default.removeItem(atPath: file.path)
        }
    }

    /// One `CREATE TABLE cur_… AS` per table, in the scratch file's own schema, reading `stg`.
    static func statements(for sources: [SourceConfig]) -> [(table: String, sql: String)] {
        var statements: [(table: String, sql: String)] = []
        // The person attributes of tickets, purchases and answers reach the warehouse through the
        // identities (id_record, customer versions), so only their own fields are copied; contacts
        // are nothing but person attributes.
        let personAttributes = Set(CanonicalField.person.map(\.name)).subtracting(["record_id"])
        for entity in Entity.allCases where entity != .contact {
            let columns = entity.fields.map(\.name).filter { !entity.describesPerson || !personAttributes.contains($0) }
            let selected = columns.map { quoteIdentifier($0) }.joined(separator: ", ")
            let parts = sources.filter { $0.entity == entity }.map { source in
                // Source names and systems are validated identifiers (lower-case, digits, `_`), not data.
                CurrentVersion.sql(source: source, columns: "'\(source.name)' AS source_name, '\(source.system.rawValue)' AS source_system, \(selected)",
                                   schema: "stg")
            }
            let body = parts.isEmpty
                ? "SELECT NULL AS source_name, NULL AS source_system, " + columns.map { "NULL AS \(quoteIdentifier($0))" }.joined(separator: ", ") + " WHERE 0"
                : parts.joined(separator: "\nUNION ALL\n")
            let table = "cur_" + entity.rawValue
            statements.append((table, "CREATE TABLE \(quoteIdentifier(table)) AS \(body);"))
        }
        // The line items of current purchases, parsed out of their JSON once for dim_product and
        // fact_purchase_line (the values keep their JSON types: a quantity may be 1 or 1.5).
        statements.append(("cur_purchase_line", """
            CREATE TABLE cur_purchase_line AS
            SELECT p.source_name, p.record_id, p.occurred_at, j.key AS line_index, json_extract(j.value, '$.sku') AS sku,
                   json_extract(j.value, '$.name') AS name, json_extract(j.value, '$.quantity') AS quantity,
                   json_extract(j.value, '$.unit_price') AS unit_price
            FROM cur_purchase p, json_each(p.items) j WHERE p.items IS NOT NULL;
            """))
        return statements
    }
}

/// The error of each parallel job, if any.
///
/// `@unchecked Sendable`: every access holds the lock.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [Error?]

    init(count: Int) { errors = Array(repeating: nil, count: count) }

    func store(_ error: Error, at index: Int) { lock.withLock { errors[index] = error } }

    /// The error of the lowest-numbered job that failed.
    var first: Error? { lock.withLock { errors.compactMap { $0 }.first } }
}
