/// Why building or describing the warehouse failed.
public enum WarehouseError: Error, CustomStringConvertible {
    /// Tables or columns without a data-dictionary entry, or entries that name nothing.
    case catalogIncomplete([String])
    /// The published warehouse cannot be updated for tonight's changes; the load builds it whole.
    case notIncremental(String)

    public var description: String {
        switch self {
        case let .catalogIncomplete(problems):
            return "the data dictionary is incomplete: \(problems.joined(separator: "; ")). "
                + "Describe every table and column in Sources/Warehouse/Catalog/CatalogEntries.swift."
        case let .notIncremental(reason):
            return "the published warehouse cannot be updated incrementally: \(reason)"
        }
    }
}
