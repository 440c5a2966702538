/// Why building or describing the warehouse failed.
public enum WarehouseError: Error, CustomStringConvertible {
    /// Tables or columns without a data-dictionary entry, or entries that name nothing.
    case catalogIncomplete([String])

    public var description: String {
        switch self {
        case let .catalogIncomplete(problems):
            return "the data dictionary is incomplete: \(problems.joined(separator: "; ")). "
                + "Describe every table and column in Sources/Warehouse/Catalog/CatalogEntries.swift."
        }
    }
}
