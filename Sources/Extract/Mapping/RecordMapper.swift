import Foundation
import PipelineCore

/// Turns a source's raw records into canonical values, as its pipeline mapping says.
///
/// Compiled once per source (formats parsed, paths split) and bound once per file (CSV column
/// positions resolved from the header), so per-record work is lookups and typing only.
public struct RecordMapper: Sendable {
    public let source: SourceConfig
    /// The canonical fields in staging column order; `map` returns one value per field.
    public let fields: [CanonicalField]
    private let plans: [FieldPlan]
    /// CSV column of each plan, resolved per file by `bind(header:file:)`.
    private var columns: [Int?]
    /// CSV columns of each plan's alternatives (`from: [Mobil, Festnetz]`), tried in order when the first is empty.
    private var alternateColumns: [[Int]]
    private let timeZone: TimeZone
    /// JSON records report values of the wrong type at a mapped path (XML leaves and attributes vary too much).
    private let isJSON: Bool
    /// `address:` — a one-line address split into street, postcode and city (those not mapped themselves).
    private let addressPlan: FieldPlan?
    /// Plans with an `ignore:` list.
    private let ignoringPlans: [Int]
    /// The plan of a derived record id (`derive:`), with the positions of the fields it hashes.
    private let derived: (plan: Int, from: [Int])?
    /// Groups of fields of which a record needs one value (`Entity.requiredOneOf`), as positions.
    private let oneOf: [[Int]]
    /// Survey answers checked against their survey's scale (`kpi.surveys`): positions of
    /// survey_id, csat and ces, and the scales.
    private let surveyCheck: (survey: Int, csat: Int, ces: Int, scales: KPIConfig)?
    private var addressColumns: [Int] = []
    /// Fields mapped with `from_all` (every value kept), with the position of the staging column
    /// of their further values (`more_emails`). Empty for most sources: their records pay nothing.
    private let multiValued: [(plan: Int, more: Int)]
    /// Positions in `fields` of street, postcode and city.
    private let addressTargets: (street: Int, postcode: Int, city: Int)?

    /// Compiles the mapping; a bad date format is a `ConfigError` at the field's line.
    /// `kpi`: the survey scales survey answers are checked against (nil: the standard scales).
    public init(source: SourceConfig, configFile: String, timeZone: TimeZone, kpi: KPIConfig? = nil) throws(ConfigError) {
        self.source = source
        // Survey answers: their range depends on the survey (checked per record in `map`).
        let checksScales = source.entity == .surveyResponse && kpi != nil
        self.fields = source.entity.fields.map { field in
            checksScales && (field.name == "csat" || field.name == "ces") ? CanonicalField(field.name, field.type) : field
        }
        self.timeZone = timeZone
        self.isJSON = source.format == .json || source.format == .ndjson
        var plans: [FieldPlan] = []
        for field in fields {
            guard let mapping = source.fields.first(where: { $0.canonical == field.name }) else {
                plans.append(FieldPlan(field: field, mapping: nil, formats: [], items: []))
                continue
            }
            let policy = mapping.onInvalid ?? source.entity.defaultInvalidPolicy(for: field)
            if policy == .null && (field.isRequired || field.type == .list) {
                // The YAML reader refuses this already; a mapping built in code gets the same answer.
                throw ConfigError(file: configFile, line: mapping.line, key: "sources.\(source.name).fields.\(field.name).on_invalid",
                                  problem: "`\(field.name)` cannot be nulled (required or a list); expected reject")
            }
            plans.append(try FieldPlan.compile(field: field, mapping: mapping, dialect: source.dialect,
                                                configFile: configFile, sourceName: source.name, nullsInvalid: policy == .null))
        }
        self.plans = plans
        self.ignoringPlans = plans.indices.filter { plans[$0].ignore != nil }
        let fields = self.fields
        multiValued = plans.indices.compactMap { index in
            guard plans[index].takesAll, let column = CanonicalField.multiValued[fields[index].name],
                  let more = fields.firstIndex(where: { $0.name == column }) else { return nil }
            return (index, more)
        }
        if let index = plans.firstIndex(where: { !($0.mapping?.derive.isEmpty ?? true) }) {
            derived = (index, plans[index].mapping!.derive.compactMap { name in fields.firstIndex { $0.name == name } })
        } else {
            derived = nil
        }
        oneOf = source.entity.requiredOneOf.map { group in group.compactMap { name in fields.firstIndex { $0.name == name } } }
        if checksScales, let kpi, let survey = fields.firstIndex(where: { $0.name == "survey_id" }),
           let csat = fields.firstIndex(where: { $0.name == "csat" }), let ces = fields.firstIndex(where: { $0.name == "ces" }) {
            surveyCheck = (survey, csat, ces, kpi)
        } else {
            surveyCheck = nil
        }
        self.columns = Array(repeating: nil, count: plans.count)
        self.alternateColumns = Array(repeating: [], count: plans.count)
        if let mapping = source.fields.first(where: { $0.canonical == CanonicalField.addressLine.name }),
           let street = fields.firstIndex(where: { $0.name == "street" }), let postcode = fields.firstIndex(where: { $0.name == "postcode" }),
           let city = fields.firstIndex(where: { $0.name == "city" }) {
            addressPlan = try FieldPlan.compile(field: CanonicalField.addressLine, mapping: mapping, dialect: source.dialect,
                                                configFile: configFile, sourceName: source.name)
            addressTargets = (street, postcode, city)
        } else {
            addressPlan = nil
            addressTargets = nil
        }
    }

    /// Resolves CSV column names against a file's header. Throws when a mapped column is missing.
    public mutating func bind(header: [String], file: String) throws(ExtractError) {
        let trimmed = header.map { $0.trimmingCharacters(in: .whitespaces) }
        func column(_ name: String, _ field: String) throws(ExtractError) -> Int {
            if let exact = trimmed.firstIndex(of: name) { return exact }
            if let folded = trimmed.firstIndex(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) { return folded }
            if !source.dialect.hasHeader, let position = Int(name), position >= 1, position <= header.count { return position - 1 }
            throw .header(file: file, reason: "column `\(name)` (mapped to \(field)) is not in the header; the header has: \(trimmed.joined(separator: ", "))")
        }
        for index in plans.indices {
            guard let mapping = plans[index].mapping, mapping.constant == nil, mapping.derive.isEmpty else { continue }
            columns[index] = try column(mapping.from, plans[index].field.name)
            alternateColumns[index] = try mapping.alternatives.map { name throws(ExtractError) in try column(name, plans[index].field.name) }
        }
        if let mapping = addressPlan?.mapping, mapping.constant == nil {
            addressColumns = try ([mapping.from] + mapping.alternatives).map { name throws(ExtractError) in try column(name, "address") }
        }
    }

    /// Positions (in `fields`) of the fields this source maps; the others are always NULL.
    public var mappedFieldIndexes: [Int] {
        let own = plans.indices.filter { plans[$0].mapping != nil } + multiValued.map(\.more)
        guard let targets = addressTargets else { return multiValued.isEmpty ? own : own.sorted() }
        return Array(Set(own + [targets.street, targets.postcode, targets.city])).sorted()
    }

    /// The source path each canonical field is mapped from (nil: not mapped, or a constant), as written.
    public var mappedPaths: [String?] {
        plans.map { $0.mapping?.constant == nil && ($0.mapping?.derive.isEmpty ?? true) ? $0.mapping?.from : nil }
    }

    /// For a JSON or XML record: which mapped fields' paths lead to something in it (empty for CSV
    /// rows, whose columns the header already checked). For `validate`: a path present in no
    /// record of a file is a mapping mistake, not missing data.
    public func pathsPresent(in record: RawRecord) -> [Bool] {
        guard case let .tree(node) = record else { return [] }
        return plans.map { plan in
            plan.mapping != nil && (plan.constant != nil || !(plan.mapping?.derive.isEmpty ?? true) || node.lookup(plan.path) != nil
                || plan.alternatives.contains { node.lookup($0) != nil })
        }
    }

    /// Every dotted path in a JSON or XML record (arrays looked through), for suggesting the
    /// nearest existing path to a mistyped one.
    public static func paths(in record: RawRecord) -> Set<String> {
        guard case let .tree(node) = record else { return [] }
        var result = Set<String>()
        func walk(_ node: RawNode, _ prefix: String) {
            switch node {
            case let .object(members):
                for member in members {
                    let path = prefix.isEmpty ? member.key : prefix + "." + member.key
                    result.insert(path)
                    walk(member.value, path)
                }
            case let .array(elements):
                for element in elements.prefix(3) { walk(element, prefix) }
            case .text, .null:
                break
            }
        }
        walk(node, "")
        return result
    }

    /// The canonical values of one record, or why it must be quarantined. Values nulled under
    /// `on_invalid: null` are dropped silently; the extract uses `map(_:nulled:)`.
    public func map(_ record: RawRecord) -> Result<[CanonicalValue], MappingFailure> {
        var nulled: [NulledValue] = []
        return map(record, nulled: &nulled)
    }

    /// The canonical values of one record, or why it must be quarantined. A field whose value cannot
    /// be typed and whose policy is `on_invalid: null` becomes `.null` and is appended to `nulled`
    /// (emptied first), with the reason and the value as read; on failure `nulled` means nothing.
    public func map(_ record: RawRecord, nulled: inout [NulledValue]) -> Result<[CanonicalValue], MappingFailure> {
        nulled.removeAll(keepingCapacity: true)
        // A value nobody wants skips the record before anything else is judged.
        for index in ignoringPlans {
            let plan = plans[index]
            let raw: String?
            switch record {
            case let .row(fields): raw = columns[index].flatMap { $0 < fields.count ? fields[$0] : nil }
            case let .tree(node): raw = node.lookup(plan.path)?.scalarText
            }
            if let raw, plan.ignore!.contains(raw.trimmedForMapping) {
                return .failure(MappingFailure(field: plan.field.name, reason: "ignored value (`ignore:` in the mapping)", isIgnored: true))
            }
        }
        var values: [CanonicalValue] = []
        values.reserveCapacity(plans.count)
        let decimalComma = source.dialect.decimalComma
        for (index, plan) in plans.enumerated() {
            // Multi-valued fields (`from_all`) are filled after this loop.
            guard plan.isMapped, index != derived?.plan, !plan.takesAll else { values.append(.null); continue }
            let result: Result<CanonicalValue, MappingFailure>
            let text: String?
            switch record {
            case _ where plan.constant != nil:
                text = plan.constant
                result = plan.value(text: text, decimalComma: decimalComma, timeZone: timeZone)
            case let .row(fields):
                // CSV: the field text goes straight to typing, without wrapping it in a RawNode.
                var found = columns[index].flatMap { $0 < fields.count ? fields[$0] : nil }
                if found?.trimmedForMapping.isEmpty ?? true, !plan.alternatives.isEmpty {
                    // The first non-empty of several columns.
                    for column in alternateColumns[index] where column < fields.count && !fields[column].trimmedForMapping.isEmpty {
                        found = fields[column]
                        break
                    }
                }
                text = found
                result = plan.value(text: text, decimalComma: decimalComma, timeZone: timeZone)
            case let .tree(node):
                var found = node.lookup(plan.path)
                if !plan.alternatives.isEmpty, found?.scalarText?.trimmedForMapping.isEmpty ?? true {
                    found = plan.alternatives.lazy.compactMap { node.lookup($0) }
                        .first { !($0.scalarText?.trimmedForMapping.isEmpty ?? true) } ?? found
                }
                text = plan.nullsInvalid ? found?.scalarText : nil
                if isJSON, let mismatch = node.typeMismatch(plan.path, found: found, wantsList: plan.type == .list) {
                    // A value of the wrong JSON type at the mapped path (`"requester": "anna@…"` where
                    // `requester.email` is mapped) is invalid, not silently missing.
                    result = .failure(MappingFailure(field: plan.field.name, reason: mismatch))
                } else if isJSON, plan.type == .integer, let whole = found?.scalarText.flatMap(Self.wholeNumber) {
                    // A JSON number written with a zero fraction (`9.0`, as many tools write every
                    // number) is that whole number; JSON has no thousands separators to confuse it with.
                    result = plan.value(text: whole, decimalComma: decimalComma, timeZone: timeZone)
                } else {
                    result = plan.value(from: found, decimalComma: decimalComma, timeZone: timeZone)
                }
            }
            switch result {
            case let .success(value): values.append(value)
            case let .failure(failure) where plan.nullsInvalid:
                values.append(.null)
                nulled.append(NulledValue(field: failure.field, reason: failure.reason, rawValue: text))
            case let .failure(failure): return .failure(failure)
            }
        }
        for field in multiValued {
            if let failure = fillAll(field.plan, more: field.more, record, &values, &nulled) { return .failure(failure) }
        }
        if let addressPlan, let targets = addressTargets {
            fillAddress(addressPlan, targets, record, &values)
        }
        if let check = surveyCheck {
            let surveyID: String? = if case let .text(id) = values[check.survey] { id } else { nil }
            let scale = check.scales.scale(for: surveyID)
            for (index, range, name) in [(check.csat, scale.csat, "csat"), (check.ces, scale.ces, "ces")] {
                guard case let .integer(answer) = values[index], !range.contains(answer) else { continue }
                let reason = "outside \(range.lowerBound)-\(range.upperBound) (the survey's \(name) scale, kpi.surveys)"
                guard plans[index].nullsInvalid else { return .failure(.init(field: name, reason: reason)) }
                values[index] = .null
                nulled.append(NulledValue(field: name, reason: reason, rawValue: String(answer)))
            }
        }
        for group in oneOf where group.allSatisfy({ values[$0] == .null }) {
            return .failure(.init(field: fields[group[0]].name, reason: "missing (needs one of \(group.map { fields[$0].name }.joined(separator: ", ")))"))
        }
        if let derived {
            values[derived.plan] = .text((plans[derived.plan].prefix ?? "") + Self.derivedID(derived.from.map { values[$0] }))
        }
        return .success(values)
    }

    /// `9` for `9.0` (how Python and pandas write a float); nil for anything else (`9.5`, `9`,
    /// `1e1`, and `1.000`, which may be a thousand with a grouping dot).
    static func wholeNumber(_ text: String) -> String? {
        guard text.hasSuffix(".0"), let dot = text.lastIndex(of: ".") else { return nil }
        let integer = text[..<dot]
        let digits = integer.hasPrefix("-") ? integer.dropFirst() : integer[...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return String(integer)
    }

    /// `h` and 20 hex digits of the SHA-256 of the values (unit-separated): the same values give
    /// the same id on every night, different ones a different id (80 bits: collisions are not a
    /// concern below billions of records).
    static func derivedID(_ values: [CanonicalValue]) -> String {
        var bytes: [UInt8] = []
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(0x1F) }
            switch value {
            case .null: bytes.append(0x00)
            case let .integer(number): bytes += Array(String(number).utf8)
            case let .text(text): bytes += Array(text.utf8)
            }
        }
        let hash = SHA256()
        hash.update(bytes)
        return "h" + hash.finalizeHex().prefix(20)
    }

    /// Every value of a `from_all` field: each typed on its own (an invalid one is nulled and
    /// recorded, or rejects the record, as `on_invalid` says), duplicates dropped; the first goes
    /// into the field's column, the others into its `more_…` column as a JSON array.
    private func fillAll(_ index: Int, more: Int, _ record: RawRecord, _ values: inout [CanonicalValue],
                         _ nulled: inout [NulledValue]) -> MappingFailure? {
        let plan = plans[index]
        let decimalComma = source.dialect.decimalComma
        var found: [String] = []
        func add(_ raw: String?, invalid: String? = nil) -> MappingFailure? {
            let result: Result<CanonicalValue, MappingFailure>
            if let invalid {
                result = .failure(MappingFailure(field: plan.field.name, reason: invalid))
            } else {
                result = plan.value(text: raw, decimalComma: decimalComma, timeZone: timeZone)
            }
            switch result {
            case let .success(.text(text)): if !found.contains(text) { found.append(text) }
            case .success: break
            case let .failure(failure) where plan.nullsInvalid:
                nulled.append(NulledValue(field: failure.field, reason: failure.reason, rawValue: raw))
            case let .failure(failure): return failure
            }
            return nil
        }
        switch record {
        case let .row(fields):
            for column in [columns[index]].compactMap({ $0 }) + alternateColumns[index] where column < fields.count {
                if let failure = add(fields[column]) { return failure }
            }
        case let .tree(node):
            for path in [plan.path] + plan.alternatives {
                for leaf in node.lookupAll(path) {
                    switch leaf {
                    case .null: continue
                    case .object where isJSON:
                        if let failure = add(leaf.jsonText, invalid: "expected a value at `\(path.joined(separator: "."))`, found an object") { return failure }
                    default:
                        if let failure = add(leaf.scalarText) { return failure }
                    }
                }
            }
        }
        values[index] = found.first.map { .text($0) } ?? .null
        values[more] = MultiValue.encode(Array(found.dropFirst())).map { .text($0) } ?? .null
        return nil
    }

    /// Splits the one-line address into street, postcode and city, where the mapping left them empty.
    private func fillAddress(_ plan: FieldPlan, _ targets: (street: Int, postcode: Int, city: Int), _ record: RawRecord,
                             _ values: inout [CanonicalValue]) {
        var line: String?
        if let constant = plan.constant {
            line = constant
        } else {
            switch record {
            case let .row(fields):
                line = addressColumns.lazy.compactMap { $0 < fields.count ? fields[$0] : nil }.first { !$0.trimmedForMapping.isEmpty }
            case let .tree(node):
                line = ([plan.path] + plan.alternatives).lazy.compactMap { node.lookup($0)?.scalarText }.first { !$0.trimmedForMapping.isEmpty }
            }
        }
        guard let text = line?.trimmedForMapping, !text.isEmpty else { return }
        let parts = AddressLine.split(text)
        for (index, value) in [(targets.street, parts.street), (targets.postcode, parts.postcode), (targets.city, parts.city)] {
            if let value, values[index] == .null { values[index] = .text(value) }
        }
    }
}

/// A value that could not be typed and was staged as NULL (`on_invalid: null`), for `etl_nulled`.
/// `rawValue` is customer data: it goes to the database, never into a log line or message.
public struct NulledValue: Sendable, Equatable {
    public let field: String
    /// Why it could not be typed, in the words of a reject reason (no value).
    public let reason: String
    /// The value as read from the file.
    public let rawValue: String?

    public init(field: String, reason: String, rawValue: String?) {
        self.field = field
        self.reason = reason
        self.rawValue = rawValue
    }
}

/// Why a record could not be mapped. Names the field and the expectation, never the value.
public struct MappingFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public let reason: String
    /// The record holds a value the mapping's `ignore:` lists: skip it, counted, not rejected.
    public var isIgnored = false

    public init(field: String, reason: String, isIgnored: Bool = false) {
        self.field = field
        self.reason = reason
        self.isIgnored = isIgnored
    }
    public var description: String { "\(field): \(reason)" }
}

/// How one canonical field is found and typed. A class, immutable after compiling: the per-record
/// loop walks the plans without copying their strings and arrays.
final class FieldPlan: Sendable {
    let field: CanonicalField
    let mapping: FieldMapping?
    let formats: [DateFormat]
    let items: [FieldPlan]
    let path: [String]
    // Copied out of `field` and `mapping` so the per-value path touches no struct with strings.
    let isMapped: Bool
    let type: FieldType
    let isRequired: Bool
    let valueMap: [String: String]?
    /// `on_invalid: null`: a value that cannot be typed is staged as NULL and recorded.
    let nullsInvalid: Bool
    /// Put before the value of a text field (`prefix:` in the mapping).
    let prefix: String?
    /// Paths tried in order where `path` finds nothing (`from: [a, b]`).
    let alternatives: [[String]]
    /// The same value for every record (`const:`).
    let constant: String?
    /// `from_all:` — every value at the paths, not the first non-empty.
    let takesAll: Bool
    /// `ignore:` — source values that skip their record.
    let ignore: Set<String>?
    /// `"name":` as UTF-8: this field's key in the JSON of a line item, quoted once here.
    let jsonKey: [UInt8]

    init(field: CanonicalField, mapping: FieldMapping?, formats: [DateFormat], items: [FieldPlan], path: [String] = [],
         nullsInvalid: Bool = false) {
        self.field = field
        self.mapping = mapping
        self.formats = formats
        self.items = items
        self.path = path
        self.isMapped = mapping != nil
        self.type = field.type
        self.isRequired = field.isRequired
        self.valueMap = mapping.flatMap { $0.values.isEmpty ? nil : $0.values }
        self.prefix = mapping?.prefix
        self.nullsInvalid = nullsInvalid
        self.alternatives = (mapping?.alternatives ?? []).map { $0.split(separator: ".").map(String.init) }
        self.constant = mapping?.constant
        self.takesAll = mapping?.takesAll ?? false
        self.ignore = mapping.flatMap { $0.ignore.isEmpty ? nil : $0.ignore }
        var jsonKey: [UInt8] = []
        JSONText.appendQuoted(field.name, to: &jsonKey)
        self.jsonKey = jsonKey + [UInt8(ascii: ":")]
    }

    static func compile(field: CanonicalField, mapping: FieldMapping, dialect: Dialect,
                        configFile: String, sourceName: String, nullsInvalid: Bool = false) throws(ConfigError) -> FieldPlan {
        var formats: [DateFormat] = []
        if field.type == .date || field.type == .datetime {
            // A date-time field also takes a date alone in the dialect's date formats, as local midnight
            // (`ValueParser.dateTime`): hand-written exports put `01.11.2026` where a tool writes a time.
            // The date-time formats come first; a format must match the whole value, so `dd.MM.yyyy`
            // never takes `01.11.2026 10:15`.
            let patterns = mapping.formats ?? (field.type == .date ? dialect.dateFormats : dialect.dateTimeFormats + dialect.dateFormats)
            for pattern in patterns {
                do {
                    formats.append(try DateFormat(pattern: pattern))
                } catch {
                    throw ConfigError(file: configFile, line: mapping.line, key: "sources.\(sourceName).fields.\(field.name)",
                                      problem: "\(error)")
                }
            }
        }
        var items: [FieldPlan] = []
        for itemField in field.itemFields {
            guard let itemMapping = mapping.items.first(where: { $0.canonical == itemField.name }) else {
                items.append(FieldPlan(field: itemField, mapping: nil, formats: [], items: []))
                continue
            }
            items.append(try compile(field: itemField, mapping: itemMapping, dialect: dialect,
                                     configFile: configFile, sourceName: sourceName))
        }
        return FieldPlan(field: field, mapping: mapping, formats: formats, items: items,
                         path: mapping.from.split(separator: ".").map(String.init), nullsInvalid: nullsInvalid)
    }

    func value(from node: RawNode?, decimalComma: Bool, timeZone: TimeZone) -> Result<CanonicalValue, MappingFailure> {
        if type == .list { return list(from: node, decimalComma: decimalComma, timeZone: timeZone) }
        return value(text: node?.scalarText, decimalComma: decimalComma, timeZone: timeZone)
    }

    /// Types one scalar text value.
    func value(text raw: String?, decimalComma: Bool, timeZone: TimeZone) -> Result<CanonicalValue, MappingFailure> {
        guard var text = raw?.trimmedForMapping, !text.isEmpty else {
            return isRequired ? .failure(.init(field: field.name, reason: "missing")) : .success(.null)
        }
        if let valueMap {
            if let translated = valueMap[text] {
                text = translated
            } else if let allowed = field.allowed, !allowed.contains(text) {
                // A value that already is a canonical one passes through unlisted.
                return .failure(.init(field: field.name, reason: "value not listed under `values` in the mapping (nor one of \(allowed.joined(separator: ", ")))"))
            }
        }
        switch type {
        case .text:
            if let allowed = field.allowed, !allowed.contains(text) {
                return .failure(.init(field: field.name, reason: "expected one of \(allowed.joined(separator: ", "))"))
            }
            return .success(.text(prefix.map { $0 + text } ?? text))
        case .integer:
            guard let number = ValueParser.integer(text) else { return .failure(.init(field: field.name, reason: "not a whole number")) }
            if let range = field.range, !range.contains(number) {
                return .failure(.init(field: field.name, reason: "outside \(range.lowerBound)-\(range.upperBound)"))
            }
            return .success(.integer(number))
        case .decimal:
            guard let number = ValueParser.decimal(text, decimalComma: decimalComma) else {
                return .failure(.init(field: field.name, reason: decimalComma ? "not a number like 1.234,56" : "not a number like 1234.56"))
            }
            return .success(.text(number.description))
        case .money:
            guard let cents = ValueParser.cents(text, decimalComma: decimalComma) else {
                return .failure(.init(field: field.name, reason: decimalComma ? "not an amount like 1.234,56" : "not an amount like 1234.56"))
            }
            return .success(.integer(cents))
        case .date:
            guard let date = ValueParser.date(text, formats: formats) else {
                return .failure(.init(field: field.name, reason: "not a valid date in \(formatNames)"))
            }
            return .success(.text(date))
        case .datetime:
            guard let moment = ValueParser.dateTime(text, formats: formats, timeZone: timeZone) else {
                return .failure(.init(field: field.name, reason: "not a valid date-time in \(formatNames)"))
            }
            return .success(.text(moment))
        case .boolean:
            guard let flag = ValueParser.boolean(text) else { return .failure(.init(field: field.name, reason: "not yes/no (ja/nein, true/false, 1/0)")) }
            return .success(.integer(flag ? 1 : 0))
        case .list:
            return .success(.null)
        }
    }

    private var formatNames: String { (mapping?.formats ?? []).isEmpty ? "the configured formats" : mapping!.formats!.joined(separator: " or ") }

    /// Line items: each element at the path becomes a JSON object of its item fields.
    private func list(from node: RawNode?, decimalComma: Bool, timeZone: TimeZone) -> Result<CanonicalValue, MappingFailure> {
        let elements: [RawNode]
        switch node {
        case nil, .null?: return .success(.null)
        case let .array(array)?: elements = array
        case let single?: elements = [single]
        }
        // Built as UTF-8 bytes and made a String once: a String per piece, appended scalar by
        // scalar, was a third of the XML extract (measured with perf on scripts/bench extract).
        var json: [UInt8] = []
        json.reserveCapacity(96 * elements.count + 2)
        json.append(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            json.append(UInt8(ascii: "{"))
            var first = true
            for item in items where item.isMapped {
                let value: CanonicalValue
                switch item.value(from: element.lookup(item.path), decimalComma: decimalComma, timeZone: timeZone) {
                case let .success(v): value = v
                case let .failure(failure):
                    return .failure(.init(field: "\(field.name)[\(index + 1)].\(failure.field)", reason: failure.reason))
                }
                if !first { json.append(UInt8(ascii: ",")) }
                first = false
                json.append(contentsOf: item.jsonKey)
                switch value {
                case .null: json.append(contentsOf: "null".utf8)
                case let .integer(n): json.append(contentsOf: String(n).utf8)
                case let .text(s): JSONText.appendQuoted(s, to: &json)
                }
            }
            json.append(UInt8(ascii: "}"))
        }
        json.append(UInt8(ascii: "]"))
        return .success(.text(String(decoding: json, as: UTF8.self)))
    }
}

extension RawNode {
    /// Follows a dotted path. `#text` selects an element's text; an array on the way yields its first
    /// element (a single-valued field reads the first of repeated elements).
    func lookup(_ path: [String]) -> RawNode? {
        var node = self
        for component in path {
            if case let .array(elements) = node, let first = elements.first { node = first }
            // The cheap case test first: most steps are objects, and a String compare is not free.
            if case .text = node, component == "#text" { continue }
            guard let next = node[component] else { return nil }
            node = next
        }
        return node
    }

    /// Every node at a dotted path, through every element of the arrays on the way (`phones.number`
    /// over `"phones": [{"number": …}, {"number": …}]`, repeated XML elements), arrays at the end
    /// flattened: the values of a multi-valued field.
    func lookupAll(_ path: [String]) -> [RawNode] {
        var nodes = [self]
        for component in path {
            var next: [RawNode] = []
            for node in nodes {
                let elements: [RawNode]
                if case let .array(array) = node { elements = array } else { elements = [node] }
                for element in elements {
                    if component == "#text", case .text = element { next.append(element); continue }
                    if let member = element[component] { next.append(member) }
                }
            }
            nodes = next
        }
        return nodes.flatMap { node -> [RawNode] in
            if case let .array(elements) = node { return elements } else { return [node] }
        }
    }

    /// Why `path` found no usable value although the record has something on the way: a scalar
    /// where the path goes on into an object, or an object or array where a single value is
    /// mapped. nil when the path is simply absent or fine. For JSON records.
    func typeMismatch(_ path: [String], found: RawNode?, wantsList: Bool) -> String? {
        if let found {
            guard !wantsList else { return nil }
            switch found {
            case .object: return "expected a value at `\(path.joined(separator: "."))`, found an object"
            case let .array(elements) where elements.contains(where: { if case .object = $0 { return true } else { return false } }):
                return "expected a value at `\(path.joined(separator: "."))`, found an array of objects"
            default: return nil
            }
        }
        var node = self
        for (index, component) in path.enumerated() {
            if case let .array(elements) = node, let first = elements.first { node = first }
            switch node {
            case .object:
                guard let next = node[component] else { return nil }
                node = next
            case .text:
                return "expected an object at `\(path.prefix(index).joined(separator: "."))`, found a value"
            case .null, .array:
                return nil
            }
        }
        return nil
    }

    /// The text of a leaf, an XML element's `#text`, or the first element of an array.
    var scalarText: String? {
        switch self {
        case let .text(text): return text
        case .null: return nil
        case .object: return self["#text"]?.scalarText
        case let .array(elements): return elements.first?.scalarText
        }
    }
}

extension String {
    /// Surrounding whitespace removed; the common case (none) costs two byte checks.
    ///
    /// Whitespace is what Foundation's `.whitespacesAndNewlines` holds (Unicode's White_Space and
    /// U+200B), looked at scalar by scalar: a tenth of German names end in a non-ASCII letter (`Strauß`,
    /// `Renée`), and Foundation's trimming cost 6 % of a CSV extract's CPU.
    var trimmedForMapping: String {
        func isPlain(_ b: UInt8) -> Bool { b > 0x20 && b < 0x80 }
        let plain = utf8.withContiguousStorageIfAvailable { bytes in
            bytes.isEmpty || (isPlain(bytes[0]) && isPlain(bytes[bytes.count - 1]))
        }
        if plain == true { return self }
        // Foundation's set is White_Space plus the zero-width space (checked over every scalar).
        func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isWhitespace || scalar == "\u{200B}" }
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end && isSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start && isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        if start == scalars.startIndex && end == scalars.endIndex { return self }
        return String(scalars[start..<end])
    }
}
