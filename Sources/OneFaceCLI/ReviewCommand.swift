import ArgumentParser
import Foundation
import Pipeline

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Look at the match pairs near the threshold and record a person's decision.",
        discussion: """
        Reads staging after `oneface transform`. Without options, lists the pairs waiting for a decision
        (within identity.review_margin bits of the match threshold either way, or refused by a guard),
        closest to the threshold first, each with both records side by side and what every comparison
        added to the match weight. `--link N` or `--keep-apart N` records a decision about pair N in the
        pipeline's reviewed-decisions file (identity.review_decisions, CSV, kept under version control);
        every later night applies it before clustering, and `oneface explain` shows it.
        `--interactive` asks about each waiting pair in turn: l = link, a = keep apart, s = skip, q = quit.
        Examples: oneface review --limit 5
                  oneface review --keep-apart 17 --note "twins, different birth dates in the shop"
        """)

    @OptionGroup var options: GlobalOptions
    @Option(name: .long, help: "Show at most this many waiting pairs.") var limit: Int = 10
    @Option(name: .long, help: "Show one pair, by its number.") var pair: Int?
    @Option(name: .long, help: "Record that the two records of this pair are one customer.") var link: Int?
    @Option(name: .customLong("keep-apart"), help: "Record that the two records of this pair are different customers.") var keepApart: Int?
    @Option(name: .long, help: "Who decides (default: $USER).") var by: String?
    @Option(name: .long, help: "A note kept with the decision.") var note: String = ""
    @Flag(name: .long, help: "Ask about each waiting pair in turn, reading answers from standard input.") var interactive = false

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        let modes = [pair != nil, link != nil, keepApart != nil, interactive].filter { $0 }.count
        guard modes <= 1 else { throw ValidationError("use one of --pair, --link, --keep-apart and --interactive at a time") }
    }

    func run() throws {
        do {
            let queue = try ReviewQueue(config: try options.loadConfig())
            let person = by ?? ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"] ?? "unknown"
            if let id = link ?? keepApart {
                let decision = try queue.decide(id, link != nil ? .link : .keepApart, by: person, note: note)
                print("recorded: \(decision.verdict.rawValue.replacingOccurrences(of: "_", with: " ")) \(decision.systemA.rawValue)/\(decision.recordA) ~ \(decision.systemB.rawValue)/\(decision.recordB) in \(queue.config.identity.reviewDecisionsPath ?? "")")
                print("It takes effect at the next `oneface transform` (or `oneface run`).")
            } else if let id = pair {
                print(queue.card(try queue.pair(id)))
            } else if interactive {
                try ask(queue, person: person)
            } else {
                let (pairs, total) = try queue.waiting(limit: limit)
                print("\(total) pair\(total == 1 ? "" : "s") waiting for a decision, \(queue.decisions.count) decided in the reviewed-decisions file.")
                for pair in pairs { print("\n" + queue.card(pair)) }
                if total > pairs.count { print("\n... \(total - pairs.count) more (use --limit)") }
                if total > 0 { print("\nDecide with: oneface review --link N | --keep-apart N [--note TEXT], or oneface review --interactive") }
            }
        } catch {
            throw Failure.report(error)
        }
    }

    /// Walks the waiting pairs, asking for each; an answer is written at once, so quitting keeps it.
    private func ask(_ queue: ReviewQueue, person: String) throws {
        let (pairs, total) = try queue.waiting(limit: limit)
        print("\(total) pair\(total == 1 ? "" : "s") waiting; asking about \(pairs.count).")
        var decided = 0
        loop: for pair in pairs {
            print("\n" + queue.card(pair))
            while true {
                print("[l]ink, keep [a]part, [s]kip, [q]uit? ", terminator: "")
                guard let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() else { break loop }
                let verdict: ReviewVerdict
                switch answer {
                case "l", "link": verdict = .link
                case "a", "apart", "keep apart", "keep_apart": verdict = .keepApart
                case "s", "skip", "": continue loop
                case "q", "quit": break loop
                default:
                    print("answer l, a, s or q")
                    continue
                }
                try queue.decide(pair.pairID, verdict, by: person, note: note)
                decided += 1
                continue loop
            }
        }
        print("\n\(decided) decision\(decided == 1 ? "" : "s") recorded in \(queue.config.identity.reviewDecisionsPath ?? "the reviewed-decisions file"); they take effect at the next `oneface transform`.")
    }
}
