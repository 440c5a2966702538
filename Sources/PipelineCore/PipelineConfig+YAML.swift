import Foundation
import Yams

extension PipelineConfig {
    /// Reads and checks a pipeline file. Every problem is a `ConfigError` naming file, line and key.
    public static func load(path: String) throws(ConfigError) -> PipelineConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(file: path, line: nil, key: "(file)",
                              problem: "cannot read the pipeline file (\(Self.reason(error))). Pass an existing file with --pipeline.")
        }
        return try parse(yaml: text, file: path)
    }

    /// Parses pipeline YAML; relative paths resolve against the folder of `file`.
    public static func parse(yaml: String, file: String) throws(ConfigError) -> PipelineConfig {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw ConfigError(file: file, line: 1, key: "(document)", problem: "the file is empty; expected a mapping with `warehouse`, `staging` and `sources`")
            }
            root = node
        } catch let error as ConfigError {
            throw error
        } catch let error as YamlError {
            throw ConfigError(file: file, line: Self.line(of: error), key: "(syntax)", problem: "not valid YAML: \(Self.problem(of: error))")
        } catch {
            throw ConfigError(file: file, line: nil, key: "(syntax)", problem: "not valid YAML")
        }
        let reader = ConfigReader(file: file)
        return try reader.pipeline(root)
    }

    private static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        return ns.code == NSFileReadNoSuchFileError ? "no such file" : ns.localizedDescription
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _): return mark.line
        default: return nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case let .scanner(_, problem, _, _), let .parser(_, problem, _, _), let .composer(_, problem, _, _): return problem
        default: return "\(error)"
        }
    }
}

/// Walks the YAML tree, turning every shape or value problem into a `ConfigError` with its line.
/// The identity section is read in `PipelineConfig+IdentityYAML.swift`.
struct ConfigReader {
    let file: String
    var folder: String {
        let absolute = file.hasPrefix("/") ? file : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(file)
        return ((absolute as NSString).deletingLastPathComponent as NSString).standardizingPath
    }

    func fail(_ node: Node?, _ key: String, _ problem: String) -> ConfigError {
        ConfigError(file: file, line: node?.mark?.line, key: key, problem: problem)
    }

    func mapping(_ node: Node, _ key: String) throws(ConfigError) -> [(key: String, keyNode: Node, value: Node)] {
        guard case let .mapping(mapping) = node else { throw fail(node, key, "expected a mapping (key: value lines)") }
        var result: [(String, Node, Node)] = []
        for (k, v) in mapping {
            guard let name = k.scalar?.string else { throw fail(k, key, "keys must be plain names") }
            result.append((name, k, v))
        }
        return result.map { (key: $0.0, keyNode: $0.1, value: $0.2) }
    }

    func string(_ node: Node, _ key: String) throws(ConfigError) -> String {
        guard let scalar = node.scalar else { throw fail(node, key, "expected a text value") }
        return scalar.string
    }

    func bool(_ node: Node, _ key: String) throws(ConfigError) -> Bool {
        switch try string(node, key).lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw fail(node, key, "expected true or false")
        }
    }

    func strings(_ node: Node, _ key: String) throws(ConfigError) -> [String] {
        if node.scalar != nil { return [try string(node, key)] }
        guard case let .sequence(sequence) = node else { throw fail(node, key, "expected a list of text values") }
        var result: [String] = []
        for item in sequence { result.append(try string(item, key)) }
        return result
    }

    func checkKeys(_ pairs: [(key: String, keyNode: Node, value: Node)], allowed: [String], in context: String) throws(ConfigError) {
        for pair in pairs where !allowed.contains(pair.key) {
            throw fail(pair.keyNode, context.isEmpty ? pair.key : "\(context).\(pair.key)",
                       "unknown key; expected one of: \(allowed.joined(separator: ", "))")
        }
    }

    func path(_ raw: String) -> String {
        let expanded = (raw as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return (expanded as NSString).standardizingPath }
        return ((folder as NSString).appendingPathComponent(expanded) as NSString).standardizingPath
    }

    func pipeline(_ root: Node) throws(ConfigError) -> PipelineConfig {
        let pairs = try mapping(root, "(document)")
        try checkKeys(pairs, allowed: ["version", "warehouse", "staging", "input_root", "time_zone", "identity", "redelivery", "sources", "kpi",
                                       "limits", "report", "publish"], in: "")
        func value(_ key: String) -> Node? { pairs.first { $0.key == key }?.value }

        if let version = value("version"), try string(version, "version") != "1" {
            throw fail(version, "version", "this OneFace reads pipeline version 1")
        }
        guard let warehouse = value("warehouse") else { throw fail(root, "warehouse", "missing; give the path of the warehouse SQLite file") }
        guard let staging = value("staging") else { throw fail(root, "staging", "missing; give the path of the staging SQLite file") }
        let inputRoot = try value("input_root").map { node throws(ConfigError) in path(try string(node, "input_root")) } ?? folder
        let timeZone = try value("time_zone").map { node throws(ConfigError) in try string(node, "time_zone") } ?? "Europe/Berlin"
        if TimeZone(identifier: timeZone) == nil {
            throw fail(value("time_zone"), "time_zone", "unknown time zone; expected an IANA name such as Europe/Berlin")
        }
        let identity = try value("identity").map { node throws(ConfigError) in try self.identity(node) } ?? IdentityConfig()
        var redelivery = RedeliveryPolicy.replace
        if let node = value("redelivery") {
            guard let policy = RedeliveryPolicy(rawValue: try string(node, "redelivery")) else {
                throw fail(node, "redelivery", "expected replace or quarantine")
            }
            redelivery = policy
        }
        guard let sourcesNode = value("sources") else { throw fail(root, "sources", "missing; list at least one source") }
        guard case let .sequence(sequence) = sourcesNode, !sequence.isEmpty else {
            throw fail(sourcesNode, "sources", "expected a non-empty list of sources")
        }
        let limits = try value("limits").map { node throws(ConfigError) in try self.limits(node, context: "limits", base: FileLimits()) } ?? FileLimits()
        var sources: [SourceConfig] = []
        for (index, node) in sequence.enumerated() {
            let source = try self.source(node, index: index, limits: limits)
            if sources.contains(where: { $0.name == source.name }) {
                throw fail(node, "sources[\(index)].name", "duplicate source name `\(source.name)`; names must be unique")
            }
            sources.append(source)
        }
        for source in sources {
            for name in source.contactsFrom ?? [] where !sources.contains(where: { $0.name == name && $0.entity.describesPerson }) {
                let persons = sources.filter(\.entity.describesPerson).map(\.name).joined(separator: ", ")
                throw ConfigError(file: file, line: source.contactsFromLine, key: "sources.\(source.name).contacts_from",
                                  problem: "`\(name)` is not a source of person records; expected one of: \(persons)")
            }
        }
        var config = PipelineConfig(file: file, warehousePath: path(try string(warehouse, "warehouse")),
                                    stagingPath: path(try string(staging, "staging")), inputRoot: inputRoot,
                                    timeZone: timeZone, identity: identity, redelivery: redelivery, sources: sources)
        if let kpi = value("kpi") { config.kpi = try self.kpi(kpi) }
        if let report = value("report") { config.report = try self.report(report) }
        config.limits = limits
        if let publish = value("publish") { config.publish = try self.publish(publish) }
        return config
    }

    /// `limits:` over `base`: each key a share from 0 to 1 (rates) or a row count, or `none`.
    func limits(_ node: Node, context: String, base: FileLimits) throws(ConfigError) -> FileLimits {
        let pairs = try mapping(node, context)
        try checkKeys(pairs, allowed: FileLimits.keys, in: context)
        var limits = base
        for pair in pairs {
            let key = "\(context).\(pair.key)"
            let text = try string(pair.value, key)
            let off = text == "none" || text == "null" || text == "~"
            if pair.key.hasSuffix("_rate") {
                guard off || (Double(text).map { (0...1).contains($0) } ?? false) else {
                    throw fail(pair.value, key, "expected a share of the file's rows from 0 to 1 (0.5 is half), or none")
                }
                let rate = off ? nil : Double(text)
                if pair.key == "rejected_rate" { limits.rejectedRate = rate } else { limits.nulledRate = rate }
            } else {
                guard off || (Int(text).map { $0 >= 0 } ?? false) else {
                    throw fail(pair.value, key, "expected a number of rows (0 or more), or none")
                }
                let rows = off ? nil : Int(text)
                if pair.key == "rejected_rows" { limits.rejectedRows = rows } else { limits.nulledRows = rows }
            }
        }
        return limits
    }

    func kpi(_ node: Node) throws(ConfigError) -> KPIConfig {
        let pairs = try mapping(node, "kpi")
        try checkKeys(pairs, allowed: ["churn_window_days", "rfm_window_days", "surveys"], in: "kpi")
        var config = KPIConfig()
        for pair in pairs {
            let key = "kpi.\(pair.key)"
            if pair.key == "surveys" {
                config.surveys = try surveyScales(pair.value, key)
                continue
            }
            guard let days = Int(try string(pair.value, key)), KPIConfig.windowRange.contains(days) else {
                throw fail(pair.value, key, "expected a whole number of days from \(KPIConfig.windowRange.lowerBound) to \(KPIConfig.windowRange.upperBound), e.g. 90")
            }
            if pair.key == "churn_window_days" { config.churnWindowDays = days } else { config.rfmWindowDays = days }
        }
        return config
    }

    /// `surveys: {default: {csat: [1, 5], ces: [1, 7], ces_easiest: 7}, CX-2026: {csat: [1, 10]}}`.
    func surveyScales(_ node: Node, _ key: String) throws(ConfigError) -> [String: SurveyScale] {
        var result: [String: SurveyScale] = [:]
        // `default` first: the surveys listed take what they do not say from it.
        let surveys = try mapping(node, key).sorted { ($0.key == SurveyScale.defaultKey ? 0 : 1) < ($1.key == SurveyScale.defaultKey ? 0 : 1) }
        for survey in surveys {
            let surveyKey = "\(key).\(survey.key)"
            let options = try mapping(survey.value, surveyKey)
            try checkKeys(options, allowed: ["csat", "ces", "ces_easiest"], in: surveyKey)
            var scale = result[SurveyScale.defaultKey] ?? SurveyScale()
            var easiest: Int64?
            for option in options {
                let optionKey = "\(surveyKey).\(option.key)"
                if option.key == "ces_easiest" {
                    guard let value = Int64(try string(option.value, optionKey)) else {
                        throw fail(option.value, optionKey, "expected the answer that means very easy: the scale's lowest or highest, e.g. 7")
                    }
                    easiest = value
                    continue
                }
                let bounds = try strings(option.value, optionKey).compactMap { Int64($0) }
                guard bounds.count == 2, bounds[0] >= 0, bounds[1] <= 100, bounds[1] - bounds[0] >= 1 else {
                    throw fail(option.value, optionKey, "expected [lowest, highest] answers, whole numbers from 0 to 100, e.g. [1, 10]")
                }
                if option.key == "csat" { scale.csat = bounds[0]...bounds[1] } else { scale.ces = bounds[0]...bounds[1] }
            }
            scale.cesEasiest = easiest ?? scale.ces.upperBound
            guard scale.cesEasiest == scale.ces.lowerBound || scale.cesEasiest == scale.ces.upperBound else {
                throw fail(survey.value, "\(surveyKey).ces_easiest", "must be the lowest or the highest CES answer (\(scale.ces.lowerBound) or \(scale.ces.upperBound))")
            }
            result[survey.key] = scale
        }
        return result
    }

    /// `report: {out: FILE, truth: FILE}`: `out` is required, both are paths relative to the pipeline file.
    func report(_ node: Node) throws(ConfigError) -> ReportConfig {
        let pairs = try mapping(node, "report")
        try checkKeys(pairs, allowed: ["out", "truth"], in: "report")
        guard let out = pairs.first(where: { $0.key == "out" }) else {
            throw fail(node, "report.out", "missing; give the path of the HTML file, e.g. report: {out: ../out/report.html}")
        }
        let outPath = try string(out.value, "report.out")
        guard !outPath.isEmpty, !outPath.hasSuffix("/") else {
            throw fail(out.value, "report.out", "expected a file path such as ../out/report.html")
        }
        var config = ReportConfig(out: path(outPath))
        if let truth = pairs.first(where: { $0.key == "truth" }) {
            let truthPath = try string(truth.value, "report.truth")
            guard !truthPath.isEmpty else { throw fail(truth.value, "report.truth", "expected the path of a truth CSV, or leave the key out") }
            config.truth = path(truthPath)
        }
        return config
    }

    func source(_ node: Node, index: Int, limits: FileLimits) throws(ConfigError) -> SourceConfig {
        let context = "sources[\(index)]"
        let pairs = try mapping(node, context)
        try checkKeys(pairs, allowed: ["name", "system", "entity", "format", "path", "dialect", "fields", "limits", "contacts_from"], in: context)
        func value(_ key: String) throws(ConfigError) -> Node {
            guard let found = pairs.first(where: { $0.key == key })?.value else {
                throw fail(node, "\(context).\(key)", "missing")
            }
            return found
        }
        let nameNode = try value("name")
        let name = try string(nameNode, "\(context).name")
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first),
              name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }),
              name.count <= 48 else {
            throw fail(nameNode, "\(context).name", "expected lower-case letters, digits and `_`, starting with a letter (it names the staging table)")
        }
        let ctx = "sources.\(name)"
        let systemNode = try value("system")
        guard let system = SourceSystem(rawValue: try string(systemNode, "\(ctx).system")) else {
            throw fail(systemNode, "\(ctx).system", "expected one of: email, support, branch, survey")
        }
        let entityNode = try value("entity")
        guard let entity = Entity(rawValue: try string(entityNode, "\(ctx).entity")) else {
            throw fail(entityNode, "\(ctx).entity", "expected one of: \(Entity.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let formatNode = try value("format")
        guard let format = SourceFormat(rawValue: try string(formatNode, "\(ctx).format")) else {
            throw fail(formatNode, "\(ctx).format", "expected one of: csv, json, ndjson, xml")
        }
        let pathNode = try value("path")
        let path = try string(pathNode, "\(ctx).path")
        if path.isEmpty || path.hasPrefix("/") || path.split(separator: "/").contains("..") {
            throw fail(pathNode, "\(ctx).path", "expected a glob relative to input_root, such as email/contacts_*.csv")
        }
        let dialectNode = pairs.first(where: { $0.key == "dialect" })?.value
        let dialect = try dialectNode.map { node throws(ConfigError) in try self.dialect(node, context: "\(ctx).dialect", format: format) } ?? Dialect()
        if format == .xml && dialect.recordElement.isEmpty {
            throw fail(dialectNode ?? node, "\(ctx).dialect.record_element", "missing; XML sources name the record element path, e.g. export/transactions/transaction")
        }
        let fields = try self.fields(try value("fields"), context: "\(ctx).fields", canonical: entity.fields, format: format, isItem: false)
        for required in entity.fields where required.isRequired && !fields.contains(where: { $0.canonical == required.name }) {
            throw fail(try value("fields"), "\(ctx).fields.\(required.name)", "missing; entity `\(entity.rawValue)` needs a source field for it")
        }
        for group in entity.requiredOneOf where !fields.contains(where: { group.contains($0.canonical) }) {
            throw fail(try value("fields"), "\(ctx).fields.\(group[0])", "missing; entity `\(entity.rawValue)` needs one of \(group.joined(separator: " or "))")
        }
        for mapping in fields where !mapping.derive.isEmpty {
            for name in mapping.derive where !fields.contains(where: { $0.canonical == name }) {
                throw fail(try value("fields"), "\(ctx).fields.record_id.derive", "`\(name)` is not mapped in this source; a derived id needs values")
            }
        }
        var source = SourceConfig(name: name, system: system, entity: entity, format: format, path: path,
                                  dialect: dialect, fields: fields, line: node.mark?.line)
        source.limits = try pairs.first(where: { $0.key == "limits" }).map { pair throws(ConfigError) in
            try self.limits(pair.value, context: "\(ctx).limits", base: limits)
        } ?? limits
        if let pair = pairs.first(where: { $0.key == "contacts_from" }) {
            guard fields.contains(where: { $0.canonical == "contact_id" }) else {
                throw fail(pair.keyNode, "\(ctx).contacts_from", "only a source that maps `contact_id` refers to contacts; map it or leave the key out")
            }
            let names = try strings(pair.value, "\(ctx).contacts_from")
            guard !names.isEmpty else { throw fail(pair.value, "\(ctx).contacts_from", "expected the name of a person source, or a list of them") }
            source.contactsFrom = names
            source.contactsFromLine = pair.keyNode.mark?.line
        }
        return source
    }

    func dialect(_ node: Node, context: String, format: SourceFormat) throws(ConfigError) -> Dialect {
        let pairs = try mapping(node, context)
        try checkKeys(pairs, allowed: ["delimiter", "quote", "encoding", "header", "decimal_comma", "date_formats",
                                       "datetime_formats", "record_path", "record_element"], in: context)
        var dialect = Dialect()
        for pair in pairs {
            let key = "\(context).\(pair.key)"
            switch pair.key {
            case "delimiter":
                let text = try string(pair.value, key)
                switch text {
                case "auto": dialect.delimiter = nil
                case "\\t", "tab", "\t": dialect.delimiter = 0x09
                default:
                    guard text.utf8.count == 1, let byte = text.utf8.first, byte < 0x80, byte != 0x0A, byte != 0x0D else {
                        throw fail(pair.value, key, "expected one ASCII character such as \";\" or \",\", `tab`, or `auto`")
                    }
                    dialect.delimiter = byte
                }
            case "quote":
                let text = try string(pair.value, key)
                guard text.utf8.count == 1, let byte = text.utf8.first, byte < 0x80 else {
                    throw fail(pair.value, key, "expected one ASCII character, usually '\"'")
                }
                dialect.quote = byte
            case "encoding":
                let text = try string(pair.value, key).lowercased()
                let aliases = ["utf-8": "utf-8", "utf8": "utf-8", "windows-1252": "windows-1252", "cp1252": "windows-1252",
                               "iso-8859-1": "iso-8859-1", "latin1": "iso-8859-1", "latin-1": "iso-8859-1"]
                guard let canonical = aliases[text] else {
                    throw fail(pair.value, key, "expected utf-8, windows-1252 or iso-8859-1")
                }
                dialect.encoding = canonical
            case "header": dialect.hasHeader = try bool(pair.value, key)
            case "decimal_comma": dialect.decimalComma = try bool(pair.value, key)
            case "date_formats": dialect.dateFormats = try strings(pair.value, key)
            case "datetime_formats": dialect.dateTimeFormats = try strings(pair.value, key)
            case "record_path":
                let text = try string(pair.value, key)
                dialect.recordPath = text.split(separator: ".").map(String.init)
            default:
                let text = try string(pair.value, key)
                let parts = text.split(separator: "/").map(String.init)
                guard !parts.isEmpty else { throw fail(pair.value, key, "expected element names separated by /, e.g. export/transactions/transaction") }
                dialect.recordElement = parts
            }
        }
        return dialect
    }

    /// `isItem`: the fields of a list field's items, which take no `on_invalid` (a bad line item
    /// rejects its record).
    func fields(_ node: Node, context: String, canonical: [CanonicalField], format: SourceFormat, isItem: Bool) throws(ConfigError) -> [FieldMapping] {
        let pairs = try mapping(node, context)
        var result: [FieldMapping] = []
        for pair in pairs {
            let key = "\(context).\(pair.key)"
            // `address`: a one-line address, split into street, postcode and city on extract.
            let addressLine = CanonicalField.addressLine
            let hasAddress = !isItem && canonical.contains { $0.name == "street" } && canonical.contains { $0.name == "city" }
            let mappable = canonical.filter(\.isMappable)
            guard let field = mappable.first(where: { $0.name == pair.key }) ?? (hasAddress && pair.key == addressLine.name ? addressLine : nil) else {
                if let owner = CanonicalField.multiValued.first(where: { $0.value == pair.key })?.key {
                    throw fail(pair.keyNode, key, "filled by extract from `\(owner)`; map several values as `\(owner): {from_all: [First, Second]}`")
                }
                throw fail(pair.keyNode, key, "not a canonical field here; expected one of: \((mappable.map(\.name) + (hasAddress ? [addressLine.name] : [])).joined(separator: ", "))")
            }
            if result.contains(where: { $0.canonical == field.name }) {
                throw fail(pair.keyNode, key, "mapped twice")
            }
            var mapping = FieldMapping(canonical: field.name, from: "", line: pair.keyNode.mark?.line)
            /// `Name` or `[Mobil, Festnetz]` (the first non-empty of several).
            func sourceFields(_ node: Node, _ key: String) throws(ConfigError) -> Void {
                if case .sequence = node {
                    let names = try strings(node, key)
                    guard let first = names.first, !names.contains(where: \.isEmpty) else {
                        throw fail(node, key, "expected one or more source field names, e.g. [Mobil, Festnetz] (the first non-empty is used)")
                    }
                    mapping.from = first
                    mapping.alternatives = Array(names.dropFirst())
                } else {
                    mapping.from = try string(node, key)
                }
            }
            if pair.value.scalar != nil || { if case .sequence = pair.value { return true } else { return false } }() {
                try sourceFields(pair.value, key)
            } else {
                let options = try self.mapping(pair.value, key)
                try checkKeys(options, allowed: ["from", "from_all", "const", "derive", "values", "ignore", "formats", "on_invalid", "fields", "prefix"], in: key)
                if let fromAll = options.first(where: { $0.key == "from_all" }) {
                    let allKey = "\(key).from_all"
                    guard !isItem, CanonicalField.multiValued[field.name] != nil else {
                        throw fail(fromAll.keyNode, allKey, "only \(CanonicalField.multiValued.keys.sorted().joined(separator: " and ")) take several values; use `from` (the first non-empty) here")
                    }
                    if let other = options.first(where: { ["from", "const", "ignore"].contains($0.key) }) {
                        throw fail(other.keyNode, "\(key).\(other.key)", "`from_all` already names where the values are; \(other.key == "ignore" ? "`ignore` reads one value, not several" : "give either `from` (the first non-empty) or `from_all` (every value)")")
                    }
                    try sourceFields(fromAll.value, allKey)
                    mapping.takesAll = true
                }
                for option in options {
                    switch option.key {
                    case "from_all": continue
                    case "from": try sourceFields(option.value, "\(key).from")
                    case "derive":
                        guard field.name == "record_id" else { throw fail(option.keyNode, "\(key).derive", "only record_id can be derived") }
                        let names = try strings(option.value, "\(key).derive")
                        for name in names where !canonical.contains(where: { $0.name == name }) || name == "record_id" {
                            throw fail(option.value, "\(key).derive", "`\(name)` is not another canonical field of this entity; expected some of: \(canonical.map(\.name).filter { $0 != "record_id" }.joined(separator: ", "))")
                        }
                        guard !names.isEmpty else { throw fail(option.value, "\(key).derive", "name the fields that together tell records apart, e.g. [contact_email, event_type, occurred_at]") }
                        mapping.derive = names
                    case "const":
                        guard field.type != .list else { throw fail(option.keyNode, "\(key).const", "a list field cannot be a constant") }
                        mapping.constant = try string(option.value, "\(key).const")
                    case "prefix":
                        guard field.type == .text, field.allowed == nil else {
                            throw fail(option.keyNode, "\(key).prefix", "only free-text fields such as ids take a prefix")
                        }
                        mapping.prefix = try string(option.value, "\(key).prefix")
                    case "formats":
                        guard field.type == .date || field.type == .datetime else {
                            throw fail(option.keyNode, "\(key).formats", field.name == "birth_year"
                                ? "a birth year is a whole number (1985), read without a format"
                                : "only date and date-time fields take formats")
                        }
                        let formats = try strings(option.value, "\(key).formats")
                        if field.name == "birth_date", let yearOnly = formats.first(where: { !$0.contains("M") && !$0.contains("d") && $0 != "iso8601" }) {
                            throw fail(option.value, "\(key).formats", "`\(yearOnly)` has no month or day; a year alone is not a birth date: map it as `birth_year: {from: …}` (weaker evidence for matching, never shown as a date)")
                        }
                        mapping.formats = formats
                    case "ignore":
                        guard !isItem, field.type != .list else { throw fail(option.keyNode, "\(key).ignore", "only a record's own fields can skip it") }
                        mapping.ignore = Set(try strings(option.value, "\(key).ignore"))
                    case "on_invalid": mapping.onInvalid = try onInvalid(option.value, key: "\(key).on_invalid", field: field, isItem: isItem)
                    case "values":
                        for entry in try self.mapping(option.value, "\(key).values") {
                            mapping.values[entry.key] = try string(entry.value, "\(key).values.\(entry.key)")
                        }
                    default:
                        guard field.type == .list else {
                            throw fail(option.keyNode, "\(key).fields", "only list fields (items) have sub-fields")
                        }
                        mapping.items = try fields(option.value, context: "\(key).fields", canonical: field.itemFields, format: format, isItem: true)
                    }
                }
            }
            if !mapping.derive.isEmpty && (mapping.constant != nil || !mapping.from.isEmpty) {
                throw fail(pair.value, key, "a derived record_id takes no `from` or `const`")
            }
            if mapping.constant != nil && !mapping.from.isEmpty {
                throw fail(pair.value, key, "give either `from` (a source field) or `const` (the same value for every record), not both")
            }
            if mapping.from.isEmpty && mapping.constant == nil && mapping.derive.isEmpty {
                throw fail(pair.value, key, "expected the source field name, e.g. `\(field.name): E-Mail`, `{from: requester.email}`, `[Mobil, Festnetz]` (the first non-empty) or `{const: EUR}`")
            }
            if field.type == .list && mapping.items.isEmpty {
                throw fail(pair.value, "\(key).fields", "missing; a list field names the fields of each item")
            }
            if let allowed = field.allowed {
                if let constant = mapping.constant, !allowed.contains(mapping.values[constant] ?? constant) {
                    throw fail(pair.value, "\(key).const", "`\(constant)` is not a \(field.name); expected one of: \(allowed.joined(separator: ", "))")
                }
                for (_, target) in mapping.values where !allowed.contains(target) {
                    throw fail(pair.value, "\(key).values", "`\(target)` is not a \(field.name); expected one of: \(allowed.joined(separator: ", "))")
                }
            }
            if format == .xml {
                mapping.from = FieldMapping.xmlLocalPath(mapping.from)
                mapping.alternatives = mapping.alternatives.map(FieldMapping.xmlLocalPath)
            }
            result.append(mapping)
        }
        return result
    }
}

extension ConfigReader {
    /// A field's `on_invalid`: `null` or `reject`. A required field cannot be nulled (its record
    /// would be staged without it), nor can a list or a line item's field.
    func onInvalid(_ node: Node, key: String, field: CanonicalField, isItem: Bool) throws(ConfigError) -> InvalidValuePolicy {
        let allowed = InvalidValuePolicy.allCases.map(\.rawValue).joined(separator: ", ")
        guard let policy = InvalidValuePolicy(rawValue: try string(node, key)) else {
            throw fail(node, key, "expected one of: \(allowed)")
        }
        if policy == .null && (isItem || field.type == .list) {
            throw fail(node, key, "not available for list fields and their items; a line item that cannot be typed rejects its record")
        }
        if policy == .null && field.isRequired {
            throw fail(node, key, "`\(field.name)` is required, so a record without it cannot be staged; expected reject (or leave on_invalid out)")
        }
        return policy
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
