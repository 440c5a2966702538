import PipelineCore

/// The person sources a fact's `contact_id` may name, and when that is ambiguous.
///
/// A record is known by its source and id, so two person sources may number alike (a CRM and a
/// newsletter tool both from `C-1001`). A `contact_id` is looked up in the sources
/// `PipelineConfig.contactSources(of:)` gives: the source's `contacts_from`, else the person
/// sources of its system. When two of those share record ids, such a contact id could name either
/// person: `validate` refuses it (the pipeline must say `contacts_from`), and a night warns and
/// leaves a reference that names records of two customers without a customer.
enum ContactReferences {
    struct Overlap {
        var source: SourceConfig
        var first: String
        var second: String
        var shared: Int
    }

    /// Every source that maps `contact_id` and looks it up in two sources with ids in common;
    /// `shared(a, b)` counts the record ids person sources `a` and `b` have in common.
    static func overlaps(config: PipelineConfig, shared: (String, String) -> Int) -> [Overlap] {
        var result: [Overlap] = []
        for source in config.sources where source.fields.contains(where: { $0.canonical == "contact_id" }) {
            let candidates = config.contactSources(of: source)
            search: for (index, first) in candidates.enumerated() {
                for second in candidates[(index + 1)...] {
                    let count = shared(first, second)
                    if count > 0 {
                        result.append(Overlap(source: source, first: first, second: second, shared: count))
                        break search
                    }
                }
            }
        }
        return result
    }

    /// The first overlap as a config error at the source's `contacts_from` (else its `contact_id`
    /// field), or nil. Ids themselves are not quoted (they may be personal).
    static func check(_ idsBySource: [String: Set<String>], config: PipelineConfig) -> ConfigError? {
        let overlap = overlaps(config: config) { a, b in
            guard let x = idsBySource[a], let y = idsBySource[b] else { return 0 }
            return x.count < y.count ? x.filter(y.contains).count : y.filter(x.contains).count
        }.first
        guard let overlap else { return nil }
        let source = overlap.source
        let line = source.contactsFromLine ?? source.fields.first { $0.canonical == "contact_id" }?.line ?? source.line
        return ConfigError(file: config.file, line: line, key: "sources.\(source.name).contacts_from",
            problem: "`contact_id` of source `\(source.name)` is looked up in sources `\(overlap.first)` and `\(overlap.second)`, "
                + "which have \(overlap.shared) record id(s) in common, so such a reference could name either person. "
                + "Say which source its contacts come from, e.g. `contacts_from: \(overlap.first)`")
    }
}
