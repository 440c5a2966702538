import Foundation
import Identity
import SQLiteDB

/// What a report is built from: the warehouse, the identity model and threshold the pipeline
/// uses, and optionally a truth file.
public struct ReportInput: Sendable {
    public var warehousePath: String
    /// The saved identity model (`<staging>.identity-model.json` unless the pipeline names one).
    public var modelPath: String
    /// The pipeline's `identity.match_threshold` (a match probability).
    public var matchThreshold: Double
    public var truth: TruthLabels?
    /// How many runs the side-by-side views show.
    public var nights: Int

    public init(warehousePath: String, modelPath: String, matchThreshold: Double, truth: TruthLabels? = nil, nights: Int = 7) {
        self.warehousePath = warehousePath
        self.modelPath = modelPath
        self.matchThreshold = matchThreshold
        self.truth = truth
        self.nights = nights
    }
}

/// `oneface report`: one self-contained HTML page about the published warehouse: customer KPIs,
/// identity quality and the night that built it.
///
/// Read-only, bound parameters and fixed SQL only, every string HTML-escaped, no customer data
/// (no names, e-mail addresses or raw values: only counts, KPIs, sources, files and reasons).
/// Deterministic: the same warehouse and model give the same bytes; the "as of" line comes from
/// the warehouse's own run ledger, never from the clock.
public enum NightReport {
    /// The tables the report reads; a file without one of them is not a warehouse of this version.
    static let requiredTables = ["dw_meta", "kpi_month", "agg_branch_month", "agg_rfm_segment", "agg_campaign", "customer_360",
                                 "agg_customer_month", "bridge_customer_source", "match_pair", "customer_id_history",
                                 "etl_run", "etl_stage", "etl_file", "etl_reject", "etl_nulled"]

    /// The page's sections in order. The review section renders nothing until the review workflow exists.
    static let sections: [any ReportSection] = [KPISection(), IdentitySection(), NightSection(), ReviewSection()]

    /// The report as HTML text.
    public static func render(_ input: ReportInput) throws(ReportError) -> String {
        guard FileManager.default.fileExists(atPath: input.warehousePath) else { throw .noWarehouse(path: input.warehousePath) }
        do {
            let db = try Database(path: input.warehousePath, mode: .readOnly)
            for table in requiredTables {
                guard try db.hasTable(table) else { throw ReportError.notAWarehouse(path: input.warehousePath, missing: table) }
            }
            let context = ReportContext(db: db, input: input, model: try loadModel(input.modelPath))
            var rendered: [(section: any ReportSection, body: String)] = []
            for section in sections {
                if let body = try section.body(context) { rendered.append((section, body)) }
            }
            return ReportPage(title: "OneFace night report", facts: try facts(db, input: input), sections: rendered).html()
        } catch let error as ReportError {
            throw error
        } catch let error as SQLiteError {
            throw .database(error)
        } catch {
            throw .database(SQLiteError(code: 1, message: "\(error)", database: input.warehousePath))
        }
    }

    /// Writes the report to `path` atomically (a temporary file in the same folder, then a rename);
    /// returns its size in bytes.
    @discardableResult
    public static func write(_ input: ReportInput, to path: String) throws(ReportError) -> Int {
        let html = try render(input)
        let data = Data(html.utf8)
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/." + (path as NSString).lastPathComponent + ".\(getpid()).tmp"
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw .cannotWrite(path: path, reason: "there is no folder \(folder)")
        }
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw .cannotWrite(path: path, reason: (error as NSError).localizedDescription.trimmingCharacters(in: CharacterSet(charactersIn: ". ")))
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .cannotWrite(path: path, reason: reason)
        }
        return data.count
    }

    static func loadModel(_ path: String) throws(ReportError) -> MatchModel? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try MatchModel.decode(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .modelUnreadable(path: path, reason: "\(error)")
        }
    }

    /// What the report was built from, all from the warehouse itself.
    static func facts(_ db: Database, input: ReportInput) throws -> [String] {
        let asOf = try db.scalar("SELECT value FROM dw_meta WHERE key = 'as_of_date'")?.string ?? "–"
        let zone = try db.scalar("SELECT value FROM dw_meta WHERE key = 'time_zone'")?.string ?? "–"
        let run = try db.rows("SELECT run_id, command, started_at, coalesce(finished_at, ''), status FROM etl_run ORDER BY run_id DESC LIMIT 1").first
        let customers = try db.scalar("SELECT count(*) FROM customer_360")?.int ?? 0
        var facts = ["Data as of \(asOf) (local dates in \(zone)); \(Format.int(customers)) current customers."]
        if let run {
            facts.append("Built by run \(run.int(0) ?? 0) (\(run.text(1)), \(run.text(4))), started \(run.text(2)).")
        }
        facts.append("Warehouse: \((input.warehousePath as NSString).lastPathComponent); match threshold \(input.matchThreshold)"
                     + (input.truth.map { "; truth: \($0.name)" } ?? "") + ".")
        return facts
    }
}
