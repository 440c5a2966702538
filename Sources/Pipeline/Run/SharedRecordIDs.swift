import PipelineCore

/// Two person sources of one system that stage the same record ids.
///
/// The warehouse keys a source record by its system and id (`bridge_customer_source`, facts'
/// references to contacts), so a CRM and a newsletter tool that both number from `C-1001` would
/// be confused. The fix is a prefix on one source's ids (and on the fields that refer to them).
enum SharedRecordIDs {
    /// The first overlap among `idsBySource` (person sources only), as a config error at the
    /// second source's `record_id`, or nil. Ids themselves are not quoted (they may be personal).
    static func check(_ idsBySource: [String: Set<String>], config: PipelineConfig) -> ConfigError? {
        let sources = config.sources.filter { $0.entity.describesPerson && idsBySource[$0.name] != nil }
        for (index, first) in sources.enumerated() {
            for second in sources[(index + 1)...] where second.system == first.system {
                let shared = idsBySource[first.name]!.intersection(idsBySource[second.name]!).count
                guard shared > 0 else { continue }
                let line = second.fields.first { $0.canonical == "record_id" }?.line ?? second.line
                return ConfigError(file: config.file, line: line, key: "sources.\(second.name).fields.record_id",
                    problem: "sources `\(first.name)` and `\(second.name)` (both system \(first.system.rawValue)) stage \(shared) record id(s) in common, "
                        + "and a record is known by its system and id, so their people would be confused. Give one source's ids a prefix, e.g. "
                        + "`record_id: {from: …, prefix: \"\(second.name)-\"}`, and the same prefix on fields that refer to them (`contact_id`)")
            }
        }
        return nil
    }
}
