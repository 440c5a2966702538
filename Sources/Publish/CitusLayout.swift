/// How the warehouse spreads over a Citus cluster: the customer dimension and every fact table
/// are distributed by `customer_key` and co-located with `dim_customer`, so one customer's rows
/// live on one worker; every other table is small or shared and becomes a reference table (a copy
/// on every worker).
///
/// What that asks of the PostgreSQL layout: every distributed table has a NOT NULL `customer_key`
/// (a fact without a customer, such as an anonymous purchase, carries 0: a distribution column
/// cannot be NULL and no customer has key 0); every primary key and unique constraint of a
/// distributed table includes `customer_key`; and no foreign key points into a distributed table
/// (Citus allows those only between co-located tables on the distribution column; the warehouse
/// checked them in SQLite before publishing).
public enum CitusLayout {
    /// The distribution column.
    public static let distributionColumn = "customer_key"
    /// The table every distributed table is co-located with.
    public static let anchorTable = "dim_customer"
    /// The value of `customer_key` for a fact without a customer.
    public static let noCustomerKey: Int64 = 0

    /// Distributed: the customer dimension and the facts.
    public static func isDistributed(_ table: String) -> Bool {
        table == anchorTable || table.hasPrefix("fact_")
    }

    /// The `create_reference_table` and `create_distributed_table` calls for `tables` in
    /// `schema`, in an order Citus accepts: reference tables with the tables they refer to
    /// first, then the anchor, then the facts.
    static func statements(tables: [PublishedTable], schema: String) -> [String] {
        let reference = referenceOrder(tables.filter { !$0.isDistributed })
        var lines = reference.map { "SELECT create_reference_table('\(schema).\($0.name)');" }
        let distributed = tables.filter(\.isDistributed).sorted { ($0.name != anchorTable ? 1 : 0, $0.name) < ($1.name != anchorTable ? 1 : 0, $1.name) }
        for table in distributed {
            if table.name == anchorTable {
                lines.append("SELECT create_distributed_table('\(schema).\(table.name)', '\(distributionColumn)');")
            } else {
                lines.append("SELECT create_distributed_table('\(schema).\(table.name)', '\(distributionColumn)', colocate_with => '\(schema).\(anchorTable)');")
            }
        }
        return lines
    }

    /// The whole script `oneface publish --citus-script` writes.
    static func script(tables: [PublishedTable], schema: String) -> String {
        """
        -- Citus layout of the OneFace warehouse in schema \(schema), written by `oneface publish --citus-script`.
        -- Run it once on the Citus coordinator (psql -f) after a publish into a database with the citus
        -- extension (CREATE EXTENSION citus). A publish into such a database distributes its new schema
        -- itself before it goes live; this script converts a schema published before Citus was there.
        -- Facts and dim_customer are distributed by customer_key, co-located with dim_customer;
        -- all other tables are reference tables (a copy on every worker).
        -- Each call stands alone (create_distributed_table copies a table's rows to its shards).
        \\set ON_ERROR_STOP on
        \(statements(tables: tables, schema: schema).joined(separator: "\n"))

        """
    }

    /// Reference tables ordered so that a table comes after every table its foreign keys name
    /// (ties by name, so the script is the same for the same warehouse).
    static func referenceOrder(_ tables: [PublishedTable]) -> [PublishedTable] {
        var remaining = tables.sorted { $0.name < $1.name }
        var done: Set<String> = []
        var ordered: [PublishedTable] = []
        while !remaining.isEmpty {
            let names = Set(remaining.map(\.name))
            let index = remaining.firstIndex { table in
                table.foreignKeys.allSatisfy { done.contains($0.table) || !names.contains($0.table) || $0.table == table.name }
            } ?? 0   // a cycle cannot happen in the warehouse; take the first rather than loop
            let table = remaining.remove(at: index)
            done.insert(table.name)
            ordered.append(table)
        }
        return ordered
    }
}
