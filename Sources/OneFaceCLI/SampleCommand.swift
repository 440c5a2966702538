import ArgumentParser
import Foundation
import SampleGen

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write deterministic German sample exports of the four systems, with ground truth.",
        discussion: "Example: oneface sample --customers 2000 --seed 42 --out SampleData")

    @Option(name: .long, help: "How many people.") var customers: Int = 2000
    @Option(name: .long, help: "Random seed; the same seed gives the same bytes.") var seed: UInt64 = 42
    @Option(name: .long, help: "Output folder.") var out: String
    @Option(name: .long, help: "Export date yyyy-MM-dd.") var asOf: String = "2026-11-21"
    @Option(name: .long, help: "Comma-separated systems: email,support,branch,survey.") var systems: String = "email,support,branch,survey"

    func validate() throws {
        guard customers > 0, customers <= SampleOptions.maximumCustomers else {
            throw ValidationError("--customers must be between 1 and \(SampleOptions.maximumCustomers)")
        }
        guard SampleDate(iso: asOf) != nil else { throw ValidationError("--as-of must be a date yyyy-MM-dd") }
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
        let options = SampleOptions(customers: customers, seed: seed, asOf: SampleDate(iso: asOf)!, systems: try parsedSystems())
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        do {
            let summary = try SampleGenerator.write(options, to: folder)
            for file in summary.files {
                print("\(file.path): \(file.rows) rows, \(file.bytes) bytes")
            }
            print("\(summary.persons) people; ground truth in \((out as NSString).appendingPathComponent("truth.csv"))")
        } catch {
            StandardError.write("oneface: \(error)\n")
            throw ExitCode(70)
        }
    }
}
