/// A pipeline file: where the warehouse goes and what every source export holds.
///
/// Paths are absolute after loading: relative ones are resolved against the pipeline file's folder,
/// so a cron job works from any working directory.
public struct PipelineConfig: Sendable {
    public var file: String
    public var warehousePath: String
    public var stagingPath: String
    public var inputRoot: String
    /// The zone of local times without an offset (`dd.MM.yyyy HH:mm`), e.g. `Europe/Berlin`.
    public var timeZone: String
    public var identity: IdentityConfig
    /// What to do when a file arrives again under a name already staged, with other content.
    public var redelivery: RedeliveryPolicy = .replace
    public var sources: [SourceConfig]
    /// KPI windows (`kpi:`); defaults when the file has none.
    public var kpi = KPIConfig()
    /// Per-file limits on rejected and nulled rows (`limits:`), for sources without their own.
    public var limits = FileLimits()
    /// The night report to write after every run that loads (`report:`); nil: none.
    public var report: ReportConfig?
    /// Publish to PostgreSQL after every successful load (`publish:`); nil: SQLite only.
    public var publish: PublishConfig?

    public func source(named name: String) -> SourceConfig? { sources.first { $0.name == name } }

    /// The person sources a `contact_id` of `source` is looked up in: its `contacts_from`, else every
    /// person source of its system, in pipeline order. A record is known by its source and id, so a
    /// contact id names a record of one of these; an id two of them share names no one unless both
    /// records belong to one customer (`oneface validate` refuses such an overlap).
    public func contactSources(of source: SourceConfig) -> [String] { Self.contactSources(of: source, among: sources) }

    /// `contactSources(of:)` among the pipeline's `sources`.
    public static func contactSources(of source: SourceConfig, among sources: [SourceConfig]) -> [String] {
        source.contactsFrom ?? sources.filter { $0.system == source.system && $0.entity.describesPerson }.map(\.name)
    }
}

/// A file delivered again under the same name with different content.
public enum RedeliveryPolicy: String, Sendable, CaseIterable {
    /// The new content replaces the old file's contribution (its rows are restaged).
    case replace
    /// The new file's rows are quarantined with a reason; the old contribution stays.
    case quarantine
}

/// Where a source's files are and how to read and map them.
public struct SourceConfig: Sendable {
    public var name: String
    public var system: SourceSystem
    public var entity: Entity
    public var format: SourceFormat
    /// A glob relative to the input root, e.g. `email/contacts_*.csv`.
    public var path: String
    public var dialect: Dialect
    public var fields: [FieldMapping]
    /// Where the source is declared in the pipeline file.
    public var line: Int?
    /// This source's limits on rejected and nulled rows (the pipeline's, with its own keys applied).
    public var limits = FileLimits()
    /// The person sources whose record ids this source's `contact_id` names (`contacts_from:`);
    /// nil: the person sources of its own system (`PipelineConfig.contactSources(of:)`).
    public var contactsFrom: [String]?
    /// Where `contacts_from` is written, for messages.
    public var contactsFromLine: Int?

    /// The staging table of this source. `name` is validated as `[a-z][a-z0-9_]*`.
    public var stagingTable: String { "stg_\(name)" }
}

public enum SourceFormat: String, Sendable, CaseIterable {
    case csv, json, ndjson, xml
}

/// How to read a source's bytes.
public struct Dialect: Sendable, Equatable {
    /// nil: detect from the header line.
    public var delimiter: UInt8?
    public var quote: UInt8 = 0x22
    /// `utf-8`, `windows-1252` or `iso-8859-1`.
    public var encoding: String = "utf-8"
    public var hasHeader: Bool = true
    /// `1.234,56` rather than `1,234.56`.
    public var decimalComma: Bool = false
    public var dateFormats: [String] = ["yyyy-MM-dd", "dd.MM.yyyy"]
    public var dateTimeFormats: [String] = ["iso8601", "dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm"]
    /// JSON: member names leading to the array of records (empty: the top-level array).
    public var recordPath: [String] = []
    /// XML: element local names from the root to the record element.
    public var recordElement: [String] = []

    public init() {}
}

/// One canonical field and where its value comes from.
public struct FieldMapping: Sendable, Equatable {
    public var canonical: String
    /// CSV column name, dotted JSON path (`requester.email`), or XML path (`customer.name`,
    /// `customer.@card`, `#text`). Empty for a constant.
    public var from: String
    /// Further source fields, tried in order where `from` is empty (`from: [Mobil, Festnetz]`: the
    /// first non-empty of several columns).
    public var alternatives: [String] = []
    /// `from_all: [Mobil, Festnetz]` (or one path through a JSON array or repeated XML element):
    /// every value of `from` and `alternatives` is kept, not only the first non-empty. Only for
    /// `CanonicalField.multiValued` fields.
    public var takesAll = false
    /// The same value for every record (`const: EUR`), instead of a source field.
    public var constant: String?
    /// A record id derived from these canonical fields' values (`record_id: {derive: [contact_email,
    /// event_type, occurred_at]}`), for exports whose records carry none: the same values give the
    /// same id every night.
    public var derive: [String] = []
    /// Source values whose record nobody wants (`ignore: [sent, delivered]`): the record is skipped
    /// and counted (`etl_file.rows_ignored`), neither staged nor rejected.
    public var ignore: Set<String> = []
    /// Translates source values before typing (`geöffnet: opened`).
    public var values: [String: String]
    /// Overrides the dialect's date or date-time formats for this field.
    public var formats: [String]?
    /// For list fields: how each item's fields are found, relative to the item.
    public var items: [FieldMapping]
    /// What a value that cannot be typed does (`on_invalid`); nil: the field's default,
    /// `Entity.defaultInvalidPolicy(for:)`.
    public var onInvalid: InvalidValuePolicy?
    /// Put before every value of a text field (`prefix: "crm-"`), e.g. to make ids read apart
    /// (sources own their record ids, so two sources of a system may number alike without one).
    public var prefix: String?
    public var line: Int?

    public init(canonical: String, from: String, values: [String: String] = [:], formats: [String]? = nil,
                items: [FieldMapping] = [], onInvalid: InvalidValuePolicy? = nil, line: Int? = nil) {
        self.canonical = canonical
        self.from = from
        self.values = values
        self.formats = formats
        self.items = items
        self.onInvalid = onInvalid
        self.line = line
    }

    /// An XML field path by local names: `c:customer.@c:card` → `customer.@card`, `^p:store.@code`
    /// → `^store.@code`. The reader matches elements and attributes by local name, and drops a
    /// `prefix:` in `record_element` already, so a path copied from the export with its prefixes
    /// must read the same (without this it is in no record: every value NULL or the record rejected).
    public static func xmlLocalPath(_ path: String) -> String {
        guard path.contains(":") else { return path }
        return path.split(separator: ".", omittingEmptySubsequences: false).map { component -> String in
            let marker = component.prefix { $0 == "@" || $0 == "^" }
            let name = component.dropFirst(marker.count)
            guard let colon = name.firstIndex(of: ":") else { return String(component) }
            return String(marker) + String(name[name.index(after: colon)...])
        }.joined(separator: ".")
    }
}

/// What extract does with a value that cannot be parsed or typed (`1974-17-15` as a date).
public enum InvalidValuePolicy: String, Sendable, CaseIterable {
    /// Stage the record with the field NULL and keep the value in `etl_nulled`: one bad attribute
    /// does not cost the person's valid name, e-mail and phone.
    case null
    /// Quarantine the whole record in `etl_reject`.
    case reject
}
