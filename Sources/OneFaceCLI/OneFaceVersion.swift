import Staging
import Warehouse

/// What `oneface --version` prints: the release and the schema versions it reads and writes.
enum OneFaceVersion {
    static let release = "0.9.0"

    static var description: String {
        "oneface \(release) (staging schema \(StagingSchema.version), warehouse schema \(WarehouseSchema.version))"
    }
}
