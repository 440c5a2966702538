import Foundation
import Testing
import TestSupport

/// `oneface publish` against a real PostgreSQL 15 (scripts/test starts one): the analyst's view
/// through psql next to sqlite3, the server's own statistics and catalogs.
@Suite("publish to PostgreSQL", .serialized,
       .enabled(if: PostgresServer.isEnabled, "ONEFACE_TEST_PG is not set: scripts/test starts PostgreSQL and sets it"))
struct PostgresPublishTests {
    static func sample() throws -> PublishedSample { try PublishedSample.shared.get() }

    static func sqliteTables(_ warehouse: String, type: String = "table") throws -> [String] {
        try ProcessRunner.sqlite3(warehouse, "SELECT name FROM sqlite_master WHERE type = '\(type)' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .split(separator: "\n").map(String.init)
    }

    /// Rows of every table, SQLite and PostgreSQL side by side.
    static func expectSameCounts(_ warehouse: String, _ database: TemporaryPostgresDatabase, schema: String = "oneface") throws {
        for table in try sqliteTables(warehouse) {
            let expected = try ProcessRunner.sqlite3(warehouse, "SELECT count(*) FROM \(table)")
            #expect(try database.query("SELECT count(*) FROM \(schema).\(table)") == expected, "\(table)")
        }
    }

    /// Runs every query of docs/queries on both engines (the PostgreSQL variant in
    /// docs/queries/postgres/ where there is one) and compares the rows: in order (every query has
    /// an ORDER BY), numbers within 1e-9 relative (floating point prints differently), text exactly.
    static func expectSameAnswers(_ warehouse: String, _ database: TemporaryPostgresDatabase, schema: String = "oneface") throws {
        let folder = RepositoryPaths.root.appendingPathComponent("docs/queries")
        let files = try QueryPackTests.queryFiles()
        #expect(files.count >= 12)
        for file in files {
            let variant = folder.appendingPathComponent("postgres").appendingPathComponent(file.lastPathComponent)
            let postgresFile = FileManager.default.fileExists(atPath: variant.path) ? variant : file
            let sqlite = try ProcessRunner.run("/usr/bin/sqlite3", ["-batch", "-bail", "-noheader", warehouse, ".read \(file.path)"])
            #expect(sqlite.status == 0, "\(file.lastPathComponent): \(sqlite.stderr)")
            let postgres = try PostgresServer.psql(database.url, ["-c", "SET search_path TO \(schema)", "-f", postgresFile.path])
            let left = sqlite.stdout.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false) }
            let right = postgres.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false) }
            #expect(!left.isEmpty, "\(file.lastPathComponent) returns rows on SampleData")
            #expect(left.count == right.count, "\(file.lastPathComponent): \(left.count) rows in SQLite, \(right.count) in PostgreSQL")
            for (index, (a, b)) in zip(left, right).enumerated() {
                let same = a.count == b.count && zip(a, b).allSatisfy { x, y in
                    if x == y { return true }
                    guard let p = Double(x), let q = Double(y) else { return false }
                    return abs(p - q) <= 1e-9 * max(1, abs(p))
                }
                #expect(same, "\(file.lastPathComponent) row \(index + 1): SQLite \(a.joined(separator: "|")) / PostgreSQL \(b.joined(separator: "|"))")
                if !same { break }
            }
        }
    }

    /// md5 of every table's rows in a fixed order: equal digests, equal content.
    static func contentDigest(_ database: TemporaryPostgresDatabase, tables: [String]) throws -> String {
        try tables.map { table in
            try database.query("SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE \"C\"), '')) FROM oneface.\(table) t")
        }.joined(separator: ",")
    }

    @Test("`oneface run` with publish: gives PostgreSQL every table, view and index with the warehouse's counts, types and descriptions; a rerun the same content")
    func runPublishes() throws {
        let sample = try Self.sample()
        let database = sample.database
        #expect(sample.runResult.stderr.contains("publish: oneface is live"), "\(sample.runResult.stderr)")
        let tables = try Self.sqliteTables(sample.warehouse)
        #expect(try database.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'oneface' AND table_type = 'BASE TABLE' ORDER BY 1")
                == tables.joined(separator: "\n"))
        #expect(try database.query("SELECT table_name FROM information_schema.views WHERE table_schema = 'oneface' ORDER BY 1")
                == (try Self.sqliteTables(sample.warehouse, type: "view")).joined(separator: "\n"))
        try Self.expectSameCounts(sample.warehouse, database)
        for index in try Self.sqliteTables(sample.warehouse, type: "index") where !index.hasPrefix("sqlite_") {
            #expect(try database.query("SELECT count(*) FROM pg_indexes WHERE schemaname = 'oneface' AND indexname = '\(index)'") == "1", "index \(index)")
        }
        // Money and keys stay integers, ISO dates become dates, reals double precision.
        #expect(try database.query("""
            SELECT table_name || '.' || column_name || ' ' || data_type FROM information_schema.columns WHERE table_schema = 'oneface'
              AND (table_name, column_name) IN (('fact_purchase', 'amount_cents'), ('fact_purchase', 'customer_key'), ('dim_date', 'date'),
                   ('dim_customer', 'birth_date'), ('match_pair', 'match_weight'), ('dim_customer', 'customer_id'))
            ORDER BY 1
            """) == """
            dim_customer.birth_date date
            dim_customer.customer_id text
            dim_date.date date
            fact_purchase.amount_cents bigint
            fact_purchase.customer_key bigint
            match_pair.match_weight double precision
            """)
        #expect(try database.query("SELECT sum(amount_cents) FROM oneface.fact_purchase")
                == (try ProcessRunner.sqlite3(sample.warehouse, "SELECT sum(amount_cents) FROM fact_purchase")))
        // The data dictionary as comments, formula included; dw_catalog itself is there too.
        let described = try ProcessRunner.sqlite3(sample.warehouse, "SELECT description || ' Formula: ' || formula FROM dw_catalog WHERE table_name = 'kpi_month' AND column_name = 'nps'")
        #expect(try database.query("SELECT col_description(attrelid, attnum) FROM pg_attribute WHERE attrelid = 'oneface.kpi_month'::regclass AND attname = 'nps'") == described)
        #expect(try database.query("SELECT obj_description('oneface.dim_customer'::regclass)")
                == (try ProcessRunner.sqlite3(sample.warehouse, "SELECT description FROM dw_catalog WHERE table_name = 'dim_customer' AND column_name IS NULL")))
        // Publishing the same warehouse again gives the same content.
        let before = try Self.contentDigest(database, tables: tables)
        let again = try database.publish(sample.warehouse)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Self.contentDigest(database, tables: tables) == before)
        #expect(try database.query("SELECT string_agg(nspname, ',') FROM pg_namespace WHERE nspname LIKE 'oneface%'") == "oneface")
    }

    @Test("every analyst query of docs/queries gives the same rows on PostgreSQL as on SQLite")
    func queryPackParity() throws {
        let sample = try Self.sample()
        try Self.expectSameAnswers(sample.warehouse, sample.database)
    }

    @Test("rows go in by COPY only: pg_stat_statements shows one COPY per table with every row, and no INSERT")
    func copyOnly() throws {
        let sample = try Self.sample()
        let database = try TemporaryPostgresDatabase()
        _ = try database.query("CREATE EXTENSION pg_stat_statements")
        _ = try database.query("SELECT pg_stat_statements_reset()")
        let result = try database.publish(sample.warehouse)
        #expect(result.status == 0, "\(result.stderr)")
        let statements = "FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database()"
        #expect(try database.query("SELECT count(*) \(statements) AND s.query ~* '^\\s*insert'") == "0")
        let tables = try Self.sqliteTables(sample.warehouse)
        let rows = try tables.map { Int(try ProcessRunner.sqlite3(sample.warehouse, "SELECT count(*) FROM \($0)")) ?? 0 }.reduce(0, +)
        #expect(try database.query("SELECT count(*) || ' ' || sum(s.rows) \(statements) AND s.query ~* '^\\s*copy'") == "\(tables.count) \(rows)")
    }

    @Test("a reader during a publish sees the old warehouse or the new one, never a mix")
    func readersSeeOldOrNew() throws {
        let sample = try Self.sample()
        let database = try TemporaryPostgresDatabase()
        #expect(try database.publish(sample.warehouse).status == 0)
        // The new warehouse: fewer e-mail events and survey answers.
        let dir = try TemporaryDirectory("oneface-swap")
        let newer = dir.file("newer.sqlite")
        try FileManager.default.copyItem(atPath: sample.warehouse, toPath: newer)
        _ = try ProcessRunner.sqlite3(newer, "DELETE FROM fact_email_event WHERE email_event_key % 2 = 0; DELETE FROM fact_survey_response WHERE response_key % 3 = 0")
        let count = "SELECT (SELECT count(*) FROM oneface.fact_email_event) || '|' || (SELECT count(*) FROM oneface.fact_survey_response)"
        let old = try database.query(count)
        let new = "\(try ProcessRunner.sqlite3(newer, "SELECT count(*) FROM fact_email_event"))|\(try ProcessRunner.sqlite3(newer, "SELECT count(*) FROM fact_survey_response"))"
        #expect(old != new)

        // A reader polling through psql, one new session per read, until told to stop.
        let stop = dir.file("stop"), seen = dir.file("seen"), errors = dir.file("errors")
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/bash")
        reader.arguments = ["-c", "while [ ! -e \(stop) ]; do /usr/bin/psql -X -At -d '\(database.url)' -c \"\(count)\" >>\(seen) 2>>\(errors); done"]
        try reader.run()
        while ((try? String(contentsOfFile: seen, encoding: .utf8)) ?? "").isEmpty { usleep(20_000) }
        let result = try database.publish(newer)
        usleep(300_000)
        FileManager.default.createFile(atPath: stop, contents: nil)
        reader.waitUntilExit()
        #expect(result.status == 0, "\(result.stderr)")

        let observed = try String(contentsOfFile: seen, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(observed.allSatisfy { $0 == old || $0 == new }, "mixed or partial counts: \(Set(observed).subtracting([old, new]))")
        #expect(observed.count >= 10, "the reader read during the publish")
        #expect(observed.contains(old) && observed.last == new, "the reader saw the old warehouse, then the new one (\(observed.count) reads)")
        #expect(((try? String(contentsOfFile: errors, encoding: .utf8)) ?? "") == "", "reads failed during the swap")
    }

    @Test("a publish failing mid-COPY leaves the previous warehouse live and no build schema, and names no customer data; a crashed publish's leftovers go")
    func failedPublishKeepsOld() throws {
        let sample = try Self.sample()
        let database = try TemporaryPostgresDatabase()
        #expect(try database.publish(sample.warehouse).status == 0)
        let live = try database.query("SELECT count(*) FROM oneface.fact_survey_response")

        // A warehouse PostgreSQL refuses late in the copy: text in an integer column of a late table.
        let dir = try TemporaryDirectory("oneface-fail")
        let broken = dir.file("broken.sqlite")
        try FileManager.default.copyItem(atPath: sample.warehouse, toPath: broken)
        _ = try ProcessRunner.sqlite3(broken, """
            DELETE FROM fact_survey_response WHERE response_key % 2 = 0;
            UPDATE fact_survey_response SET nps = 'Geheimnis' WHERE response_key = (SELECT max(response_key) FROM fact_survey_response)
            """)
        let failed = try database.publish(broken)
        #expect(failed.status == 70)
        #expect(failed.stderr.contains("fact_survey_response") && failed.stderr.contains("column nps"), "\(failed.stderr)")
        #expect(failed.stderr.contains("previous schema stays live"))
        #expect(!failed.stderr.contains("Geheimnis"), "customer data in the message: \(failed.stderr)")
        #expect(try database.query("SELECT string_agg(nspname, ',') FROM pg_namespace WHERE nspname LIKE 'oneface%'") == "oneface")
        #expect(try database.query("SELECT count(*) FROM oneface.fact_survey_response") == live)

        // What a killed publish leaves behind is dropped by the next one.
        _ = try database.query("CREATE SCHEMA oneface_build; CREATE TABLE oneface_build.fact_purchase (x int); CREATE SCHEMA oneface_old")
        #expect(try database.publish(sample.warehouse).status == 0)
        #expect(try database.query("SELECT string_agg(nspname, ',') FROM pg_namespace WHERE nspname LIKE 'oneface%'") == "oneface")
        try Self.expectSameCounts(sample.warehouse, database)

        // A first publish that fails leaves nothing.
        let empty = try TemporaryPostgresDatabase()
        #expect(try empty.publish(broken).status == 70)
        #expect(try empty.query("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'oneface%'") == "0")
    }

    @Test("Citus-ready: customer_key NOT NULL and in every key of the distributed tables, no foreign key into them, a script distributing every table")
    func citusReady() throws {
        let sample = try Self.sample()
        let database = sample.database
        let distributed = try database.query("""
            SELECT table_name FROM information_schema.tables WHERE table_schema = 'oneface' AND table_type = 'BASE TABLE'
              AND (table_name LIKE 'fact\\_%' OR table_name = 'dim_customer') ORDER BY 1
            """).split(separator: "\n").map(String.init)
        #expect(distributed == ["dim_customer", "fact_email_event", "fact_purchase", "fact_purchase_line", "fact_support_ticket", "fact_survey_response"])
        let list = distributed.map { "'\($0)'" }.joined(separator: ", ")
        #expect(try database.query("""
            SELECT count(*) FROM information_schema.columns WHERE table_schema = 'oneface' AND table_name IN (\(list))
              AND column_name = 'customer_key' AND is_nullable = 'NO' AND data_type = 'bigint'
            """) == "\(distributed.count)")
        let constraints = """
            FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace
            WHERE n.nspname = 'oneface'
            """
        #expect(try database.query("SELECT count(DISTINCT r.relname) \(constraints) AND c.contype = 'p' AND r.relname IN (\(list))") == "\(distributed.count)",
                "every distributed table has a primary key")
        #expect(try database.query("""
            SELECT string_agg(r.relname || '.' || c.conname, ', ') \(constraints) AND c.contype IN ('p', 'u') AND r.relname IN (\(list))
              AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) AND a.attname = 'customer_key')
            """) == "", "keys without customer_key")
        #expect(try database.query("""
            SELECT string_agg(r.relname || '.' || c.conname, ', ') \(constraints) AND c.contype = 'f'
              AND c.confrelid IN (SELECT oid FROM pg_class WHERE relname IN (\(list)) AND relnamespace = n.oid)
            """) == "", "foreign keys into distributed tables")
        #expect(Int(try database.query("SELECT count(*) \(constraints) AND c.contype = 'f'")) ?? 0 > 0, "keys into reference tables stay")

        // The script: every distributed table co-located with dim_customer, every other table a reference table.
        let dir = try TemporaryDirectory("oneface-citus")
        let result = try ProcessRunner.oneface(["publish", "--warehouse", sample.warehouse, "--citus-script", dir.file("citus.sql")])
        #expect(result.status == 0, "\(result.stderr)")
        let script = try String(contentsOfFile: dir.file("citus.sql"), encoding: .utf8).split(separator: "\n").map(String.init)
        func tables(_ function: String) -> [String] {
            script.filter { $0.hasPrefix("SELECT \(function)('oneface.") }.map { String($0.split(separator: "'")[1].dropFirst("oneface.".count)) }
        }
        #expect(tables("create_distributed_table") == distributed)
        #expect(script.filter { $0.hasPrefix("SELECT create_distributed_table") && !$0.contains("'oneface.dim_customer', 'customer_key');") }
                    .allSatisfy { $0.hasSuffix(", 'customer_key', colocate_with => 'oneface.dim_customer');") })
        let all = try database.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'oneface' AND table_type = 'BASE TABLE' ORDER BY 1")
        #expect(Set(tables("create_reference_table")) == Set(all.split(separator: "\n").map(String.init)).subtracting(distributed))
        // A reference table comes after the tables its foreign keys name.
        let reference = tables("create_reference_table")
        for line in try database.query("""
            SELECT r.relname || '|' || t.relname FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid JOIN pg_class t ON t.oid = c.confrelid
            JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = 'oneface' AND c.contype = 'f'
            """).split(separator: "\n") {
            let pair = line.split(separator: "|").map(String.init)
            guard let from = reference.firstIndex(of: pair[0]), let to = reference.firstIndex(of: pair[1]), pair[0] != pair[1] else { continue }
            #expect(to < from, "\(pair[1]) before \(pair[0])")
        }
    }

    @Test("--hash-partitions: facts split by customer_key give the same answers, and a single-customer query reads one partition")
    func hashPartitions() throws {
        let sample = try Self.sample()
        let database = try TemporaryPostgresDatabase()
        let result = try database.publish(sample.warehouse, extra: ["--hash-partitions", "4"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try database.query("""
            SELECT string_agg(p.relname || ':' || (SELECT count(*) FROM pg_inherits i WHERE i.inhparent = p.oid), ',' ORDER BY p.relname)
            FROM pg_class p JOIN pg_namespace n ON n.oid = p.relnamespace WHERE n.nspname = 'oneface' AND p.relkind = 'p'
            """) == "fact_email_event:4,fact_purchase:4,fact_purchase_line:4,fact_support_ticket:4,fact_survey_response:4")
        try Self.expectSameCounts(sample.warehouse, database)
        try Self.expectSameAnswers(sample.warehouse, database)
        let key = try database.query("SELECT customer_key FROM oneface.fact_purchase WHERE customer_key > 0 ORDER BY purchase_key LIMIT 1")
        let plan = try database.query("EXPLAIN SELECT sum(amount_cents) FROM oneface.fact_purchase WHERE customer_key = \(key)")
        let partitions = Set(plan.matches(of: /fact_purchase_p[0-9]+/).map { String($0.output) })
        #expect(partitions.count == 1, "\(plan)")
    }
}

/// Errors of `oneface publish` that need no server.
@Suite("publish: errors a person can act on")
struct PublishErrorTests {
    @Test("a refused connection names host and port and what to check (exit 70); a URL with a password is refused without echoing it (78); no target is a config error (78)")
    func errors() throws {
        let dir = try TemporaryDirectory("oneface-publish-errors")
        let warehouse = try dir.write("warehouse.sqlite", text: "")
        _ = try ProcessRunner.sqlite3(warehouse, "CREATE TABLE dw_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        let refused = try ProcessRunner.oneface(["publish", "--warehouse", warehouse, "--target", "postgres://etl@127.0.0.1:1/dw"])
        #expect(refused.status == 70)
        #expect(refused.stderr.contains("cannot connect to 127.0.0.1:1") && refused.stderr.contains("pg_isready -h 127.0.0.1 -p 1"), "\(refused.stderr)")
        let secret = try ProcessRunner.oneface(["publish", "--warehouse", warehouse, "--target", "postgres://etl:hunter2@127.0.0.1:5432/dw"])
        #expect(secret.status == 78)
        #expect(secret.stderr.contains("PGPASSWORD") && !secret.stderr.contains("hunter2"), "\(secret.stderr)")
        let none = try ProcessRunner.oneface(["publish", "--warehouse", warehouse])
        #expect(none.status == 78 && none.stderr.contains("--target"), "\(none.stderr)")
        let missing = try ProcessRunner.oneface(["publish", "--warehouse", dir.file("none.sqlite"), "--target", "postgres://etl@127.0.0.1:1/dw"])
        #expect(missing.status == 70 && missing.stderr.contains("oneface run"), "\(missing.stderr)")
    }
}
