import SQLiteDB
import Testing
import TestSupport
@testable import Publish

/// The PostgreSQL layout read from a five-table warehouse, in process: types, the Citus key rules,
/// the rows a distributed table sends.
@Suite("warehouse layout for PostgreSQL")
struct WarehouseLayoutTests {
    static func warehouse() throws -> (TemporaryDirectory, Database) {
        let dir = try TemporaryDirectory("oneface-layout")
        let db = try Database(path: dir.file("w.sqlite"))
        try db.execute("""
            CREATE TABLE dim_date (date_key INTEGER PRIMARY KEY, date TEXT NOT NULL UNIQUE);
            CREATE TABLE dim_customer (customer_key INTEGER PRIMARY KEY, customer_id TEXT NOT NULL, valid_from TEXT NOT NULL,
                                       birth_date TEXT, UNIQUE (customer_id, valid_from));
            CREATE TABLE fact_purchase (purchase_key INTEGER PRIMARY KEY, customer_key INTEGER REFERENCES dim_customer(customer_key),
                                        date_key INTEGER NOT NULL REFERENCES dim_date(date_key), amount_cents INTEGER NOT NULL, share REAL);
            CREATE INDEX fact_purchase_date ON fact_purchase(date_key);
            CREATE TABLE fact_purchase_line (purchase_key INTEGER NOT NULL REFERENCES fact_purchase(purchase_key), line_number INTEGER NOT NULL,
                                             PRIMARY KEY (purchase_key, line_number)) WITHOUT ROWID;
            CREATE VIEW v_revenue AS SELECT sum(amount_cents) AS revenue_cents FROM fact_purchase;
            INSERT INTO dim_date VALUES (20260101, '2026-01-01');
            INSERT INTO dim_customer VALUES (1, 'C1', '2026-01-01T00:00:00Z', '1980-02-29');
            INSERT INTO fact_purchase VALUES (10, 1, 20260101, 1999, 0.5), (11, NULL, 20260101, 500, NULL);
            INSERT INTO fact_purchase_line VALUES (10, 1), (11, 1), (11, 2);
            """)
        return (dir, db)
    }

    @Test("types: integers bigint, reals double precision, text with C collation, *_date and date columns date")
    func types() throws {
        let (dir, db) = try Self.warehouse()
        _ = dir
        let layout = try WarehouseLayout.read(db)
        func type(_ table: String, _ column: String) -> PostgresColumnType? {
            layout.tables.first { $0.name == table }?.columns.first { $0.name == column }?.type
        }
        #expect(type("fact_purchase", "amount_cents") == .bigint)
        #expect(type("fact_purchase", "share") == .doublePrecision)
        #expect(type("dim_customer", "customer_id") == .text)
        #expect(type("dim_customer", "valid_from") == .text)
        #expect(type("dim_customer", "birth_date") == .date)
        #expect(type("dim_date", "date") == .date)
        #expect(layout.views.map(\.name) == ["v_revenue"])
        #expect(layout.views[0].select.hasPrefix("SELECT sum(amount_cents)"))
    }

    @Test("distributed tables: customer_key NOT NULL in every key (0 for none), taken from the purchase for a line; no foreign key into them")
    func citusRules() throws {
        let (dir, db) = try Self.warehouse()
        _ = dir
        let tables = Dictionary(uniqueKeysWithValues: try WarehouseLayout.read(db).tables.map { ($0.name, $0) })
        let purchase = try #require(tables["fact_purchase"])
        #expect(purchase.isDistributed && purchase.primaryKey == ["purchase_key", "customer_key"])
        #expect(purchase.columns.first { $0.name == "customer_key" }?.isNotNull == true)
        #expect(purchase.foreignKeys.map(\.table) == ["dim_date"], "the key into dim_customer goes, the one into dim_date stays")
        #expect(try #require(tables["dim_customer"]).uniqueKeys == [["customer_id", "valid_from", "customer_key"]])
        #expect(try #require(tables["dim_date"]).isDistributed == false)
        let line = try #require(tables["fact_purchase_line"])
        #expect(line.columns.map(\.name) == ["purchase_key", "line_number", "customer_key"])
        #expect(line.primaryKey == ["purchase_key", "line_number", "customer_key"] && line.foreignKeys.isEmpty)
        #expect(try db.rows(line.selectSQL).map { $0.map(\.description) } == [["10", "1", "1"], ["11", "1", "0"], ["11", "2", "0"]])
        #expect(try db.rows(purchase.selectSQL).map { $0[1] } == [.integer(1), .integer(0)])
    }

    @Test("the Citus script names reference tables after the tables they refer to, the anchor before the facts")
    func script() throws {
        let (dir, db) = try Self.warehouse()
        _ = dir
        let lines = CitusLayout.statements(tables: try WarehouseLayout.read(db).tables, schema: "oneface")
        #expect(lines == [
            "SELECT create_reference_table('oneface.dim_date');",
            "SELECT create_distributed_table('oneface.dim_customer', 'customer_key');",
            "SELECT create_distributed_table('oneface.fact_purchase', 'customer_key', colocate_with => 'oneface.dim_customer');",
            "SELECT create_distributed_table('oneface.fact_purchase_line', 'customer_key', colocate_with => 'oneface.dim_customer');",
        ])
    }

    @Test("a date column holding something else stops the publish before it starts, without the value")
    func badDate() throws {
        let (dir, db) = try Self.warehouse()
        _ = dir
        try db.execute("UPDATE dim_customer SET birth_date = '1980-02-30'")
        let layout = try WarehouseLayout.read(db)
        let error = try #require(throws: PublishError.self) { try WarehousePublisher.checkDates(db, layout) }
        #expect("\(error)".contains("dim_customer.birth_date holds 1 values that are not ISO dates"))
        #expect(!"\(error)".contains("1980-02-30"))
    }
}
