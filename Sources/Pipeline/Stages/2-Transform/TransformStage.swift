import Foundation
import Identity
#if os(Linux)
import CMalloc
#endif
import Logging
import PipelineCore
import SQLiteDB
import Staging

/// Transform: normalises every person-describing staged record, resolves identities (exact links,
/// blocking, Fellegi-Sunter scoring, guarded clustering), keeps customer ids stable, and writes the
/// identity tables (`id_record`, `match_pair`, `id_golden`, `id_golden_source`), the persistent id
/// state (`id_customer`, `customer_id_history`; `id_record` tells the next night who was who) and
/// the customer versions (`id_customer_version`) the load copies into `dim_customer`.
///
/// Writes in one transaction: a crash leaves the previous night's identities intact. A newly
/// trained model is saved after the commit.
///
/// A transform whose inputs are all as they were for the last one (`TransformInputDigest`: no
/// person export staged, withdrawn or erased since, the same pipeline file, model, reviewed
/// decisions and build) keeps that transform's identities: resolving again would write the same.
public struct TransformStage {
    let store: StagingStore
    let runID: Int64
    let logger: Logger
    let retrain: Bool
    /// Derive customer versions from tonight's staged records alone, dropping the kept history of
    /// customers who vanished from every source.
    let fullRefresh: Bool
    /// Resolve even when nothing changed since the last transform.
    let force: Bool
    /// Shows which step the transform is on, on a terminal.
    var progress: ProgressReporter?

    /// The transform's steps, as the progress line names them (one per `StepClock.step` of `run`).
    static let steps = ["read staged records", "normalise", "features, exact links and blocks", "compare pairs and cluster",
                        "assign stable ids", "write id_record", "write match pairs", "golden records and customer versions",
                        "index", "commit"]

    public init(store: StagingStore, runID: Int64, logger: Logger, retrain: Bool = false, fullRefresh: Bool = false,
                force: Bool = false, progress: ProgressReporter? = nil) {
        self.force = force
        self.progress = progress
        self.store = store
        self.runID = runID
        self.logger = logger
        self.retrain = retrain
        self.fullRefresh = fullRefresh
    }

    public struct Summary: Sendable {
        public var records: Int
        public var customers: Int
        public var events: [String: Int]
        public var comparedPairs: Int
        public var matchedPairs: Int
        public var modelTrained: Bool
        /// Staged person records that identify nobody (listed in `id_unidentified`).
        public var unidentified: Int
        /// Staged values normalisation had to leave empty (listed in `id_nulled`).
        public var nulledValues: Int
        /// The run whose identities were kept, when nothing changed since it (nothing was resolved).
        public var keptFrom: Int64? = nil
        /// When resolved incrementally from the last transform: the records whose pairs were compared
        /// again (new, changed, or beside a change); nil when every record was.
        public var touchedRecords: Int? = nil
    }

    public func run() throws -> Summary {
        let db = store.db
        let inputs = try TransformInputDigest.current(config: store.config, db: db)
        if !(retrain || fullRefresh || force), let inputs, let last = try IdentityInputs(db: db).lastDigest(),
           last.digest == inputs.value(config: store.config) {
            return try kept(from: last.runID)
        }
        var clock = StepClock(logger: logger, progress: progress, steps: Self.steps)
        defer { progress?.finish() }
        var work: Resolved? = try resolve(clock: &clock, inputs: inputs)
        // The identity tables are written in key order, so a small page cache spills whole pages
        // and costs no rereads; the writes run while the records are held. The store's own size
        // comes back afterwards.
        let cacheSize = try db.scalar("PRAGMA cache_size")?.int ?? -65536
        try db.execute("PRAGMA cache_size=-16384")
        defer { try? db.execute("PRAGMA cache_size=\(cacheSize)") }
        let summary = try db.inTransaction { () -> (summary: Summary, trained: MatchModel?) in
            let summary = try write(work!, clock: &clock)
            // The records, features and pairs go before the indexes are built: holding them
            // through the index sorts would make that the transform's memory peak.
            work = nil
            try IdentityTables.indexDerived(db)
            clock.step("indexed")
            // With the model as it will be saved: a model that fails to save changes the digest.
            let model = try summary.trained?.encoded()
            try IdentityInputs(db: db).record(digest: inputs.map { $0.value(config: store.config, model: model) },
                                              basis: inputs.map { $0.basis(config: store.config, model: model) }, runID: runID)
            return summary
        }
        clock.step("committed")
        if let trained = summary.trained {
            try TransformModelFile.save(trained, config: store.config)
        }
        return summary.summary
    }

    /// The summary of the identities the transform of `runID` wrote, which tonight keeps.
    private func kept(from runID: Int64) throws -> Summary {
        func count(_ table: String) throws -> Int { Int(try store.db.scalar("SELECT count(*) FROM \(table)")?.int ?? 0) }
        logger.info("transform: nothing that identifies people changed since run \(runID) (person exports, erasures, pipeline file, model, reviewed decisions, OneFace build); its identities stand")
        return Summary(records: try count("id_record"), customers: try count("id_golden"), events: [:], comparedPairs: 0,
                       matchedPairs: Int(try store.db.scalar("SELECT count(*) FROM match_pair WHERE decision = 'linked'")?.int ?? 0),
                       modelTrained: false, unidentified: try count("id_unidentified"), nulledValues: try count("id_nulled"),
                       keptFrom: runID)
    }

    /// What resolution found, held until it is written; the features and compared pairs only until
    /// the match pairs are (`releaseMatches`), last night's ids only until the ids are assigned.
    private final class Resolved {
        /// The records, each with the e-mail and phone its customer's records share most shown
        /// first.
        var records: [IdentityRecord] { input.records }
        let input: TransformInput.Input
        private(set) var table: FeatureTable?
        private(set) var outcome: IdentityResolver.Outcome?
        let members: [[Int]]
        var previousID: [String?]
        let redelivered: [Bool]
        let review: TransformReview
        let recordsPerSource: [String: Int]
        let customers: Int
        let comparedPairs: Int
        let matchedPairs: Int
        let model: MatchModel
        let wasTrained: Bool
        let touchedRecords: Int?
        /// The SHA-256 of the model file the model was read from (nil: none was).
        let savedModel: String?

        init(input: TransformInput.Input, table: FeatureTable, outcome: IdentityResolver.Outcome, matchedPairs: Int,
             members: [[Int]], previousID: [String?], redelivered: [Bool], review: TransformReview, recordsPerSource: [String: Int],
             savedModel: String?) {
            self.savedModel = savedModel
            self.input = input
            self.table = table
            self.outcome = outcome
            self.members = members
            self.previousID = previousID
            self.redelivered = redelivered
            self.review = review
            self.recordsPerSource = recordsPerSource
            customers = outcome.clusterCount
            comparedPairs = outcome.comparedPairs
            self.matchedPairs = matchedPairs
            model = outcome.model
            wasTrained = outcome.wasTrained
            touchedRecords = outcome.incremental?.touchedRecords
        }

        /// Frees the features and the compared pairs: the golden records do not need them.
        func releaseMatches() {
            table = nil
            outcome = nil
        }
    }

    /// Reads and normalises the staged person records, and resolves them into customers.
    private func resolve(clock: inout StepClock, inputs: TransformInputDigest?) throws -> Resolved {
        let db = store.db
        let config = store.config
        // The records are read through `input` only: a second reference to their array would make
        // showing the shared values below copy all of it.
        var input = try TransformInput.readAll(config: config, db: db, clock: &clock)
        Self.warnAmbiguousContacts(input.records, config: config, logger: logger)
        clock.step("read and normalised \(input.records.count) person records (\(input.unidentified.count) identify nobody, \(input.nulled.count) values left empty)")
        let table = FeatureTable.build(input.records)
        let links = ExactLinks(table, rules: config.identity.rules)
        // Held once, and handed over to whichever resolution runs (it is the comparison's second
        // largest structure).
        var plan: BlockingPlan? = BlockingPlan(table, rules: config.identity.blocking)
        let resolver = IdentityResolver(config: config.identity)
        try Self.checkCaps(resolver, plan!, config: config)
        clock.step("built features, \(links.nodeCount) exact-link groups and blocks")
        var recordsPerSource: [String: Int] = [:]
        for index in input.records.indices { recordsPerSource[input.records[index].source, default: 0] += 1 }
        var model = retrain ? nil : try TransformModelFile.load(config, logger: logger)
        if let saved = model, saved.training.method == "em",
           let reason = saved.training.outgrown(by: recordsPerSource, growthLimit: config.identity.modelGrowthLimit) {
            if config.identity.autoRetrain {
                logger.notice("transform: the data has outgrown the identity model (\(reason)); retraining (auto_retrain)")
                model = nil
            } else {
                logger.warning("transform: the data has outgrown the identity model (\(reason)); run `oneface transform --retrain` or set identity.auto_retrain")
            }
        }
        let previous = try previousIDs(records: input.records)
        let (previousID, redelivered) = (previous.ids, previous.changed)
        let review = try TransformReview.read(config: config, records: input.records, logger: logger)
        // The saved model's file, by its SHA-256, names the term frequencies kept with it.
        let savedModel = model == nil ? nil : TransformInputDigest.model(config: store.config)
        let kept = try savedModel.flatMap { try keptTermFrequencies(of: $0) }
        let keptLinks = try keptPairs(records: input.records, previous: previous)
        var incremental: IdentityResolver.Outcome?
        if let model, let kept,
           let last = try lastResolution(records: input.records, previous: previous, resolver: resolver, review: review, inputs: inputs) {
            incremental = resolver.resolveIncrementally(table, links: links, plan: plan.take()!, model: model, termFrequencies: kept,
                                                        kept: keptLinks, previous: last)
            if let outcome = incremental {
                logger.info("transform: resolved incrementally from the last transform: \(outcome.incremental?.touchedRecords ?? 0) of \(input.records.count) records new, changed or beside a change; \(outcome.incremental?.reclusteredGroups ?? 0) of \(links.nodeCount) exact-link groups clustered again")
            } else {
                logger.warning("transform: the last transform's pairs do not fit tonight's records; resolving every record")
            }
        } else if model != nil, kept == nil {
            logger.info("transform: resolving every record: no term frequencies are kept with the identity model yet")
        }
        let outcome = incremental ?? resolver.resolve(table, links: links, plan: plan.take() ?? BlockingPlan(table, rules: config.identity.blocking),
                                                      model: model, kept: keptLinks, reviewed: review.pairs, termFrequencies: kept)
        if model != nil && !outcome.wasTrained && outcome.countedTermFrequencies != nil {
            logger.notice("transform: no term frequencies kept with the identity model yet; counted them among tonight's records and keep them with it from now on")
        }
        let linked = outcome.decisions.filter { $0 == .linked }.count
        clock.step("compared \(outcome.comparedPairs) pairs\(outcome.wasTrained ? " (model trained)" : ""), linked \(linked)")
        if outcome.model.training.method == "built_in" {
            logger.notice("transform: too few compared pairs (\(outcome.comparedPairs)) to train an identity model; used the built-in one and will train once there are more")
        }

        var members = [[Int]](repeating: [], count: outcome.clusterCount)
        for (index, cluster) in outcome.clusterOfRecord.enumerated() { members[Int(cluster)].append(index) }
        // Records with several e-mails or phones show the one their customer's records share most.
        // Nothing after this reads which one a record delivered first.
        GoldenRecordBuilder.preferSharedValues(&input.records, clusterOf: outcome.clusterOfRecord, members: members)
        return Resolved(input: input, table: table, outcome: outcome, matchedPairs: linked, members: members,
                        previousID: previousID, redelivered: redelivered, review: review, recordsPerSource: recordsPerSource,
                        savedModel: savedModel)
    }

    /// Writes what `resolve` found (inside the transform's transaction); with the model to save
    /// once committed, when one was trained.
    private func write(_ work: Resolved, clock: inout StepClock) throws -> (summary: Summary, trained: MatchModel?) {
        let counted = work.outcome!.countedTermFrequencies
        let assignment = try assignIDs(records: work.records, members: work.members, previousID: work.previousID)
        work.previousID = []
        clock.step("assigned stable ids")
        let output = TransformOutput(db: store.db, config: store.config, runID: runID, records: work.records, members: work.members,
                                     assignment: assignment, unidentified: work.input.unidentified, nulled: work.input.nulled,
                                     review: work.review, redelivered: work.redelivered, fullRefresh: fullRefresh)
        let customerOf = output.customerOf(work.outcome!)
        try output.writeMatches(table: work.table!, outcome: work.outcome!, customerOf: customerOf, clock: &clock)
        work.releaseMatches()
        try output.writeCustomers(customerOf: customerOf, clock: &clock)
        var events: [String: Int] = [:]
        for event in assignment.events { events[event.kind.rawValue, default: 0] += 1 }
        let summary = Summary(records: work.records.count, customers: work.customers, events: events,
                              comparedPairs: work.comparedPairs, matchedPairs: work.matchedPairs, modelTrained: work.wasTrained,
                              unidentified: work.input.unidentified.count, nulledValues: work.input.nulled.count,
                              touchedRecords: work.touchedRecords)
        guard work.wasTrained else {
            // A model read from its file keeps them; the built-in one is not saved, so nothing
            // would read them.
            if let saved = work.savedModel { try keep(counted, with: saved) }
            return (summary, nil)
        }
        var trained = work.model
        trained.training.sources = work.recordsPerSource
        trained.training.trainedAt = ISO8601DateFormatter().string(from: Date())
        try keep(counted, with: TransformInputDigest.model(config: store.config, saving: try trained.encoded())!)
        return (summary, trained)
    }

    /// The term frequencies kept with the model file whose SHA-256 is `model`, when they were kept
    /// for it; nil means count them among tonight's records.
    private func keptTermFrequencies(of model: String) throws -> TermFrequencies? {
        guard let kept = try TermFrequencyTable(db: store.db).read(model: model) else { return nil }
        var fields: [ComparisonField: TermCounts] = [:]
        for (name, counts) in kept {
            guard let comparison = ComparisonField(rawValue: name) else { return nil }
            fields[comparison] = counts
        }
        return TermFrequencies(fields: fields)
    }

    /// Keeps the term frequencies counted tonight with the model file whose SHA-256 is `model`: the
    /// model the next nights reuse.
    private func keep(_ counted: TermFrequencies?, with model: String) throws {
        guard let counted else { return }
        let fields = Dictionary(uniqueKeysWithValues: counted.fields.map { ($0.key.rawValue, $0.value) })
        try TermFrequencyTable(db: store.db).replace(model: model, runID: runID, fields: fields)
    }

    /// Last night's customer id of each record, from the `id_record` this transform replaces, and
    /// whether the record came again with other values (a contact exported again with a new
    /// address: a change the record carries no time of; see `CustomerVersions.keepDeliveredChanges`).
    private func previousIDs(records: [IdentityRecord]) throws -> PreviousIDs {
        // Merged in one pass: records are sorted by system, then record id in byte order, then
        // source, which is the order staging hands last night's assignments out in.
        var previousID = [String?](repeating: nil, count: records.count)
        var changed = [Bool](repeating: false, count: records.count)
        var moved = [Bool](repeating: false, count: records.count)
        var gone = Set<String>()
        var tonightOfKey: [Int32] = []
        let state = IdentityState(db: store.db)
        let describing = IdentityState.describingColumns.count
        var index = 0
        for system in SourceSystem.allCases {
            while index < records.count && records[index].system < system { index += 1 }
            try state.previousIDs(system: system.rawValue) { id, source, customerID, values in
                while index < records.count && records[index].system == system
                    && (records[index].sourceRecordID.utf8.lexicographicallyPrecedes(id.utf8)
                        || (records[index].sourceRecordID == id && records[index].source < source)) { index += 1 }
                if index < records.count && records[index].system == system && records[index].sourceRecordID == id
                    && records[index].source == source {
                    previousID[index] = customerID
                    // Equal values say the same (the common case, no descriptions built); other
                    // values may still, with their e-mails or phones in another order.
                    let current = Self.describingValues(records[index])
                    let said = Array(values.prefix(describing))
                    changed[index] = said != current && Self.description(said) != Self.description(current)
                    moved[index] = changed[index] || Array(values[describing..<(values.count - 1)]) != Self.furtherMatchingValues(records[index])
                    if let key = values.last?.int, key > 0, key < Int64(Int32.max) {
                        if Int(key) >= tonightOfKey.count { tonightOfKey += Array(repeating: -1, count: Int(key) + 1 - tonightOfKey.count) }
                        tonightOfKey[Int(key)] = Int32(index)
                    }
                } else if let customerID {
                    gone.insert(customerID)
                }
            }
        }
        return PreviousIDs(ids: previousID, changed: changed, moved: moved, gone: gone, tonightOfKey: tonightOfKey)
    }

    /// Last night's customer id of each of tonight's records, and what changed since.
    struct PreviousIDs {
        var ids: [String?]
        /// The record came again with other values than last night (`describingColumns`).
        var changed: [Bool]
        /// The record has other values than last night that matching reads (`matchingColumns`).
        var moved: [Bool]
        /// Customers with a record last night that is gone tonight.
        var gone: Set<String>
        /// Tonight's number of each record by its `id_record` key last night (-1: gone).
        var tonightOfKey: [Int32]

        /// Tonight's number of the record whose `id_record` key was `key` last night.
        func tonight(_ key: Int64) -> Int32? {
            key >= 0 && key < Int64(tonightOfKey.count) && tonightOfKey[Int(key)] >= 0 ? tonightOfKey[Int(key)] : nil
        }

        /// A record named by last night's tables among tonight's records: by its key where the row
        /// kept it, else by its name.
        func find(_ name: IdentityState.RecordName, in records: [IdentityRecord]) -> Lookup {
            if let key = name.key { return tonight(key).map(Lookup.found) ?? .missing }
            return TransformStage.record(records, name.system.flatMap(SourceSystem.init(rawValue:)), name.id, source: name.source)
        }
    }

    /// A record's values of `IdentityState.matchingColumns` after the describing ones.
    static func furtherMatchingValues(_ record: IdentityRecord) -> [SQLValue] {
        [SQLValue(record.birthDate), record.birthYear.map { .integer(Int64($0)) } ?? .null, SQLValue(record.customerNumber),
         SQLValue(record.loyaltyCard), SQLValue(record.addressLine2)]
    }

    /// A record's values of `IdentityState.describingColumns`, as `id_record` holds them.
    static func describingValues(_ record: IdentityRecord) -> [SQLValue] {
        func flag(_ value: Bool?) -> SQLValue { value.map { .integer($0 ? 1 : 0) } ?? .null }
        return [SQLValue(record.salutation), SQLValue(record.title), SQLValue(record.firstName), SQLValue(record.lastName),
                SQLValue(record.email), SQLValue(MultiValue.encode(record.moreEmails)), SQLValue(record.phone),
                SQLValue(MultiValue.encode(record.morePhones)), SQLValue(record.street), SQLValue(record.houseNumber),
                SQLValue(record.postcode), SQLValue(record.city), SQLValue(record.country), SQLValue(record.gender),
                flag(record.consent), flag(record.consentSMS), flag(record.consentPhone), flag(record.consentPost)]
    }

    /// What a record says, whichever of its e-mails and phones it shows first (the shown one is the
    /// one its customer's records share most, which may change with the customer, not the record).
    static func description(_ values: [SQLValue]) -> [String?] {
        let columns = IdentityState.describingColumns
        var result: [String?] = []
        for (column, value) in zip(columns, values) {
            switch column {
            case "more_emails", "more_phones":
                let first = result.removeLast()
                result.append((MultiValue.decode(value.string) + [first].compactMap { $0 }).sorted().joined(separator: "\u{1F}"))
            default: result.append(value.string)
            }
        }
        return result
    }

    /// Last night's resolution in tonight's record numbers, when tonight can start from it (see
    /// `IdentityResolver.resolveIncrementally`); nil, with the reason logged, when every record must be
    /// resolved: asked for (`--force`, `--retrain`, `--full-refresh`), no transform before, reviewed
    /// decisions, settings that rule it out, or another build, pipeline file, model or reviewed
    /// decisions than the last transform's.
    private func lastResolution(records: [IdentityRecord], previous: PreviousIDs, resolver: IdentityResolver, review: TransformReview,
                                inputs: TransformInputDigest?) throws -> PreviousResolution? {
        func full(_ reason: String) -> PreviousResolution? {
            logger.info("transform: resolving every record: \(reason)")
            return nil
        }
        if force || retrain || fullRefresh { return full("asked for (--force, --retrain or --full-refresh)") }
        if let blocker = resolver.incrementalBlocker(reviewed: review.pairs.count) { return full(blocker) }
        guard let inputs, let last = try IdentityInputs(db: store.db).lastDigest(), let basis = last.basis,
              basis == inputs.basis(config: store.config) else {
            return full("the last transform scored its pairs with another build, pipeline file, model or reviewed decisions (or there was none)")
        }
        if try store.db.scalar("SELECT count(*) FROM id_review_decision")?.int ?? 0 > 0 {
            return full("reviewed decisions were in force in the last transform")
        }
        guard previous.ids.contains(where: { $0 != nil }) else { return full("no record was resolved before") }

        var touched = records.indices.map { previous.ids[$0] == nil || previous.moved[$0] }
        var number: [String: Int32] = [:]
        var cluster = [Int32](repeating: -1, count: records.count)
        for (index, id) in previous.ids.enumerated() {
            guard let id else { continue }
            if previous.gone.contains(id) { touched[index] = true }
            if let known = number[id] {
                cluster[index] = known
            } else {
                cluster[index] = Int32(number.count)
                number[id] = Int32(number.count)
            }
        }
        var ruleOf: [String: UInt8] = [:]
        for (index, rule) in store.config.identity.blocking.enumerated() { ruleOf[rule.name] = UInt8(index) }
        var edges: [MatchEdge] = []
        var decisions: [EdgeDecision] = []
        var unreadable: String?
        let keyed = try IdentityState(db: store.db).previousPairs { pair in
            guard unreadable == nil else { return }
            let a = previous.tonight(pair.keyA), b = previous.tonight(pair.keyB)
            guard let x = a, let y = b else {
                // A pair with a record gone: the other one lost a pair, so it is looked at again.
                if let x = a { touched[Int(x)] = true }
                if let y = b { touched[Int(y)] = true }
                return
            }
            guard let rule = ruleOf[pair.rule], let decision = EdgeDecision(rawValue: pair.decision) else {
                unreadable = "match_pair names a blocking rule or decision this pipeline does not have"
                return
            }
            edges.append(MatchEdge(a: min(x, y), b: max(x, y), weight: pair.weight, rule: rule, pattern: pair.pattern))
            decisions.append(decision)
        }
        guard keyed else { return full("the last transform's pairs were written by an older OneFace") }
        if let unreadable { return full(unreadable) }
        return PreviousResolution(touched: touched, cluster: cluster, edges: edges, decisions: decisions)
    }

    /// The record pairs that joined two customers last night, as record numbers of tonight's records.
    private func keptPairs(records: [IdentityRecord], previous: PreviousIDs) throws -> [KeptPair] {
        var kept: [KeptPair] = []
        try IdentityState(db: store.db).linkedPairs { a, b in
            if case let .found(x) = previous.find(a, in: records), case let .found(y) = previous.find(b, in: records) {
                kept.append(KeptPair(a: x, b: y))
            }
        }
        return kept
    }

    /// A record looked up among tonight's records by system, id and source.
    enum Lookup: Equatable {
        case found(Int32)
        case missing
        /// No source was given, and records of several sources of the system have the id.
        case ambiguous
    }

    /// The record of `source` with `system` and `id` among tonight's records; without a source (a
    /// name written before sources owned record ids), the one record of that system and id.
    static func record(_ records: [IdentityRecord], _ system: SourceSystem?, _ id: String?, source: String?) -> Lookup {
        guard let first = recordNumber(records, system, id) else { return .missing }
        var index = Int(first)
        guard let source, !source.isEmpty else {
            let next = index + 1
            return next < records.count && records[next].system == system && records[next].sourceRecordID == id ? .ambiguous : .found(first)
        }
        while index < records.count && records[index].system == system && records[index].sourceRecordID == id {
            if records[index].source == source { return .found(Int32(index)) }
            index += 1
        }
        return .missing
    }

    /// The number of the first record with `system` and `id` among tonight's records (sorted by
    /// system, then record id in byte order, then source), by binary search; nil when there is none.
    static func recordNumber(_ records: [IdentityRecord], _ system: SourceSystem?, _ id: String?) -> Int32? {
        guard let system, let id else { return nil }
        var low = 0, high = records.count
        while low < high {
            let middle = (low + high) / 2
            if records[middle].system < system
                || (records[middle].system == system && records[middle].sourceRecordID.utf8.lexicographicallyPrecedes(id.utf8)) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        guard low < records.count, records[low].system == system, records[low].sourceRecordID == id else { return nil }
        return Int32(low)
    }

    /// Stable ids from last night's assignments (the `id_record` this transform replaces).
    private func assignIDs(records: [IdentityRecord], members: [[Int]], previousID: [String?]) throws -> StableIDAssigner.Assignment {
        var anchorOf: [String: StableIDAssigner.Anchor] = [:]
        var live = Set<String>()
        for customer in try IdentityState(db: store.db).customers() {
            anchorOf[customer.id] = StableIDAssigner.Anchor(seenAt: customer.anchorSeenAt, system: customer.anchorSystem ?? "~",
                                                            recordID: customer.anchorRecordID ?? customer.id,
                                                            source: customer.anchorSource ?? "")
            if customer.status == .active { live.insert(customer.id) }
        }
        let anchor = { (index: Int) in StableIDAssigner.Anchor(record: records[index]) }
        return StableIDAssigner.assign(members: members, anchor: anchor, previousID: previousID, anchorOf: anchorOf, liveIDs: live)
    }

    /// Warns when a source's `contact_id` is looked up in two person sources that share record ids
    /// tonight: such a reference names no customer unless both records are one customer's. Sources
    /// own their record ids, so the overlap itself is fine (`oneface validate` refuses the ambiguity).
    static func warnAmbiguousContacts(_ records: [IdentityRecord], config: PipelineConfig, logger: Logger) {
        guard config.sources.contains(where: { config.contactSources(of: $0).count > 1 }) else { return }
        // Records come sorted by system, record id and source: an overlap sits side by side.
        var shared: [String: Int] = [:]
        var start = 0
        while start < records.count {
            var end = start + 1
            while end < records.count && records[end].system == records[start].system
                && records[end].sourceRecordID == records[start].sourceRecordID { end += 1 }
            if end - start > 1 {
                for i in start..<end { for j in (i + 1)..<end { shared[records[i].source + " " + records[j].source, default: 0] += 1 } }
            }
            start = end
        }
        guard !shared.isEmpty else { return }
        for overlap in ContactReferences.overlaps(config: config, shared: { a, b in shared[min(a, b) + " " + max(a, b)] ?? 0 }) {
            logger.warning("transform: `contact_id` of source \(overlap.source.name) is looked up in sources \(overlap.first) and \(overlap.second), which share \(overlap.shared) record id(s); a reference to one of those ids attaches to no customer unless both records are one customer's. Set `contacts_from` on source \(overlap.source.name) (`oneface validate` shows where)")
        }
    }

    /// Refuses blocking rules over their caps as a pipeline-file problem naming the rule.
    static func checkCaps(_ resolver: IdentityResolver, _ plan: BlockingPlan, config: PipelineConfig) throws {
        do {
            try resolver.checkCaps(plan)
        } catch {
            guard case let .tooManyComparisons(_, index, _, _) = error else { throw PipelineError.failure("\(error)") }
            throw PipelineError.config(ConfigError(file: config.file, line: plan.rules[index].line,
                                                   key: "identity.blocking[\(index)]", problem: error.description))
        }
    }

    // MARK: - Explain blocking

    /// What each blocking rule would compare, for `oneface transform --explain-blocking`.
    public struct BlockingReport: Sendable {
        public struct Rule: Sendable {
            public var name: String
            /// Σ n·(n−1)/2 over the rule's blocks: what the cap limits.
            public var comparisons: Int
            /// Pairs left to score: not inside one exact-link group, not found by an earlier rule.
            public var newPairs: Int
            public var cap: Int
        }
        public var records: Int
        public var exactGroups: Int
        public var rules: [Rule]
        /// With a truth file: the true pairs each rule and all rules together reach.
        public var reach: BlockingPlan.Reach?
    }

    /// Counts the comparisons of every blocking rule over the current staged records; writes nothing.
    /// With `truthPath`, also the share of the truth file's true pairs (records of one entity) each
    /// rule reaches.
    public static func explainBlocking(config: PipelineConfig, logger: Logger, truthPath: String? = nil) throws -> BlockingReport {
        let store = try StagingStore(config: config, readOnly: true)
        var clock = StepClock(logger: logger)
        let records = try TransformInput.read(config: config, db: store.db, clock: &clock)
        let table = FeatureTable.build(records)
        let links = ExactLinks(table, rules: config.identity.rules)
        let plan = BlockingPlan(table, rules: config.identity.blocking)
        let newPairs = plan.newPairs(nodeOf: links.nodeOf)
        let rules = plan.rules.indices.map { index in
            BlockingReport.Rule(name: plan.rules[index].name + (plan.rules[index].maxBlockSize.map { " (blocks of at most \($0))" } ?? ""), comparisons: plan.comparisons[index], newPairs: newPairs[index],
                                cap: plan.rules[index].maxComparisons ?? config.identity.maxComparisonsPerRule)
        }
        var reach: BlockingPlan.Reach?
        if let truthPath {
            var index: [String: Int] = [:]
            let directory = RecordDirectory(records.map { ($0.system.rawValue, $0.source, $0.sourceRecordID) })
            for (number, record) in records.enumerated() { index[RecordDirectory.key(source: record.source, id: record.sourceRecordID)] = number }
            var members: [String: [Int]] = [:]
            let truth = try TruthFile(path: truthPath)
            for row in truth.rows where !row.entity.isEmpty {
                if let key = try directory.key(of: row, in: truth), let number = index[key] { members[row.entity, default: []].append(number) }
            }
            var pairs: [(Int, Int)] = []
            for entity in members.keys.sorted() {
                let group = members[entity]!
                for i in group.indices { for j in (i + 1)..<group.count { pairs.append((group[i], group[j])) } }
            }
            reach = plan.reach(truePairs: pairs)
        }
        return BlockingReport(records: records.count, exactGroups: links.nodeCount, rules: rules, reach: reach)
    }
}

/// Logs how long each step of a stage took (no customer data).
struct StepClock {
    let logger: Logger
    var last = Date()
    let began = Date()
    let progress: ProgressReporter?
    /// The names of the steps, for the progress line: `step` finishes one and starts the next.
    let steps: [String]
    var index = 0

    init(logger: Logger, progress: ProgressReporter? = nil, steps: [String] = []) {
        self.logger = logger
        self.progress = progress
        self.steps = steps
        announce()
    }

    mutating func step(_ what: String) {
        let now = Date()
        Self.returnFreedMemory()
        logger.info("transform: \(what) in \(String(format: "%.2f", now.timeIntervalSince(last))) s (resident \(Self.residentMegabytes()) MB)")
        last = now
        index += 1
        announce()
    }

    private func announce() {
        guard let progress, index < steps.count else { return }
        progress.step(stage: "transform", index: index + 1, count: steps.count, name: steps[index], elapsed: Date().timeIntervalSince(began))
    }

    /// Hands the memory the finished step freed back to the system. glibc keeps freed chunks in the
    /// arena of the thread that used them, and the next step's threads allocate from other arenas:
    /// without this, each parallel step's garbage stays resident through the steps after it (about
    /// 100 MB at a million records), and the resident figures below would count it.
    static func returnFreedMemory() {
        #if os(Linux)
        _ = malloc_trim(0)
        #endif
    }

    /// The process's resident memory now, from /proc/self/statm (0 where that is not available).
    static func residentMegabytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }
}
