import ArgumentParser
import Foundation
import SampleGen

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write deterministic German sample exports of the four systems, with ground truth.",
        discussion: """
            Example: oneface sample --customers 2000 --seed 42 --out SampleData

            The next nights of the same people: `--night N` writes the exports of night N, dated N - 1 days after \
            --as-of, with only that night's records (new people, purchases, tickets, answers; people who moved, \
            married, changed phone or withdrew consent; about 1 % of the people), and a truth.csv of nights 1 to N. \
            Write them into the folder of the nights before; night 1's files are the same with or without it:
              oneface sample --customers 2000 --seed 42 --out in && oneface run --input-root in
              oneface sample --customers 2000 --seed 42 --night 2 --out in && oneface run --input-root in
            """)

    @Option(name: .long, help: "How many people.") var customers: Int = 2000
    @Option(name: .long, help: "Random seed; the same seed gives the same bytes.") var seed: UInt64 = 42
    @Option(name: .long, help: "Output folder.") var out: String
    @Option(name: .long, help: "Export date yyyy-MM-dd.") var asOf: String = "2026-11-21"
    @Option(name: .long, help: "Comma-separated systems: email,support,branch,survey.") var systems: String = "email,support,branch,survey"
    @Option(name: .long, help: "Which night's exports: 1 (everything up to --as-of), or N >= 2 (night N's new and changed records).") var night: Int = 1

    func validate() throws {
        guard customers > 0, customers <= SampleOptions.maximumCustomers else {
            throw ValidationError("--customers must be between 1 and \(SampleOptions.maximumCustomers)")
        }
        guard SampleDate(iso: asOf) != nil else { throw ValidationError("--as-of must be a date yyyy-MM-dd") }
        guard (1...SampleOptions.maximumNight).contains(night) else {
            throw ValidationError("--night must be between 1 and \(SampleOptions.maximumNight)")
        }
        guard SampleOptions.persons(customers: customers, night: night) <= SampleOptions.maximumCustomers else {
            throw ValidationError("--night \(night): by then --customers \(customers) would grow beyond \(SampleOptions.maximumCustomers) people")
        }
        _ = try parsedSystems()
    }

    private func parsedSystems() throws -> Set<SampleSystem> {
        var result = Set<SampleSystem>()
        for name in systems.split(separator: ",") {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let system = SampleSystem(rawValue: trimmed) else {
                throw ValidationError("--systems: unknown system `\(trimmed)`; expected email, support, branch, survey")
            }
            result.insert(system)
        }
        guard !result.isEmpty else { throw ValidationError("--systems must name at least one system") }
        return result
    }

    func run() throws {
        let options = SampleOptions(customers: customers, seed: seed, asOf: SampleDate(iso: asOf)!, systems: try parsedSystems(),
                                    night: night)
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        do {
            let summary = try SampleGenerator.write(options, to: folder)
            for file in summary.files {
                print("\(file.path): \(file.rows) rows, \(file.bytes) bytes")
            }
            let truth = (out as NSString).appendingPathComponent("truth.csv")
            if night > 1 {
                print("night \(night): \(summary.persons) people known by now; ground truth of nights 1 to \(night) in \(truth)")
            } else {
                print("\(summary.persons) people; ground truth in \(truth)")
            }
        } catch {
            StandardError.write("oneface: \(error)\n")
            throw ExitCode(70)
        }
    }
}
