import ArgumentParser
import Foundation
import Pipeline

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show a customer's source records and why each was linked.",
        discussion: """
        Reads staging after `oneface transform`. Exact links (customer number, loyalty card) are named
        with their shared value; matched pairs show their match weight and the weight of each comparison.
        Example: oneface explain C00000042
        """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The customer id, e.g. C00000042.") var customerID: String
    @Option(name: .long, help: "List at most this many source records.") var limit: Int = 50

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        do {
            let config = try options.loadConfig()
            print(try IdentityExplanation.read(config: config, customerID: customerID).text(limit: limit))
        } catch {
            throw Failure.report(error)
        }
    }
}

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure the current clustering against a labelled truth file.",
        discussion: """
        The truth file is CSV with the columns system, source_record_id and the entity, named entity_id
        (as `oneface sample` writes it), person_id or cluster_id, and optionally source (the source's name in
        the pipeline: a record is its source and id; a row without one names the one record of its system
        with that id, and is refused where two sources of the system have it). Prints pairwise and B-cubed precision,
        recall and F1 over the records both sides know, and counts what it skipped: truth rows whose
        record is not in the clustering, clustered records the truth does not label, and truth rows
        with an empty entity.
        Example: oneface evaluate --truth SampleData/truth.csv
        Example: oneface evaluate --truth labels.csv --from warehouse --json
        """)

    @OptionGroup var options: GlobalOptions
    @Option(name: .long, help: "The truth CSV: system, source_record_id, and entity_id, person_id or cluster_id; optionally source (the source's name).") var truth: String
    @Option(name: .long, help: "Read the clustering from staging (id_record) or the warehouse (bridge_customer_source).")
    var from: String = "staging"
    @Flag(name: .long, help: "Print the figures as one JSON object.") var json = false

    func validate() throws {
        guard IdentityEvaluationRun.Clustering(rawValue: from) != nil else {
            throw ValidationError("--from must be staging or warehouse")
        }
    }

    func run() throws {
        do {
            let config = try options.loadConfig()
            let report = try IdentityEvaluationRun.run(config: config, truthPath: truth,
                                                       from: IdentityEvaluationRun.Clustering(rawValue: from) ?? .staging)
            print(json ? report.json() : report.text())
        } catch {
            throw Failure.report(error)
        }
    }
}

/// `oneface transform --explain-blocking`.
enum IdentityCommands {
    static func explainBlocking(_ options: GlobalOptions, truth: String? = nil) throws {
        do {
            let config = try options.loadConfig()
            let report = try TransformStage.explainBlocking(config: config, logger: options.logger, truthPath: truth)
            func grouped(_ value: Int) -> String {
                let digits = String(value)
                var out = ""
                for (index, character) in digits.enumerated() {
                    if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
                    out.append(character)
                }
                return out
            }
            let width = max(20, report.rules.map(\.name.count).max() ?? 0)
            func pad(_ text: String, _ count: Int, left: Bool = false) -> String {
                let padding = String(repeating: " ", count: max(0, count - text.count))
                return left ? padding + text : text + padding
            }
            print("blocking over \(grouped(report.records)) person records in \(grouped(report.exactGroups)) exact-link groups")
            print(pad("rule", width) + "  " + pad("comparisons", 15, left: true) + "  " + pad("new pairs", 15, left: true) + "  "
                  + pad("cap", 15, left: true))
            for rule in report.rules {
                let over = rule.comparisons > rule.cap ? "  OVER CAP" : ""
                print(pad(rule.name, width) + "  " + pad(grouped(rule.comparisons), 15, left: true) + "  "
                      + pad(grouped(rule.newPairs), 15, left: true) + "  " + pad(grouped(rule.cap), 15, left: true) + over)
            }
            print(pad("total", width) + "  " + pad(grouped(report.rules.reduce(0) { $0 + $1.comparisons }), 15, left: true) + "  "
                  + pad(grouped(report.rules.reduce(0) { $0 + $1.newPairs }), 15, left: true))
            print("comparisons: pairs in the rule's blocks; new pairs: those left to score (not inside one exact-link group, not found by an earlier rule)")
            if let reach = report.reach {
                func share(_ count: Int) -> String {
                    reach.truePairs == 0 ? "-" : String(format: "%.2f %%", 100 * Double(count) / Double(reach.truePairs))
                }
                print("")
                print("true pairs of the truth file among these records: \(grouped(reach.truePairs))")
                let transitive = "all rules, through other true pairs"
                let labels = max(width, transitive.count)
                print(pad("rule", labels) + "  " + pad("true pairs reached", 20, left: true))
                for (rule, count) in zip(report.rules, reach.perRule) {
                    print(pad(rule.name, labels) + "  " + pad(share(count), 20, left: true))
                }
                print(pad("all rules", labels) + "  " + pad(share(reach.anyRule), 20, left: true))
                print(pad(transitive, labels) + "  " + pad(share(reach.transitively), 20, left: true))
                print("a pair not reached is never compared; through other true pairs: its records can still be linked by a chain of compared pairs")
            }
            if report.rules.contains(where: { $0.comparisons > $0.cap }) { throw ExitCode(ExitStatus.configError) }
        } catch {
            throw Failure.report(error)
        }
    }
}
