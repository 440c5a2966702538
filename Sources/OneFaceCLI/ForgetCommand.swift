import ArgumentParser
import Pipeline

struct ForgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Erase a person (GDPR Art. 17) from staging, quarantine, identities and the warehouse.",
        discussion: """
        Removes every source record of the person, records salted hashes of their identifiers so that
        future exports of them are quarantined as "erased subject", and rebuilds the warehouse.
        Example: oneface forget --email anna.mueller@example.de
        """)

    @OptionGroup var options: GlobalOptions
    @Option(name: .long, help: "The person's e-mail address.") var email: String?
    @Option(name: .long, help: "The person's customer id.") var customerId: String?

    func validate() throws {
        guard (email == nil) != (customerId == nil) else {
            throw ValidationError("give exactly one of --email or --customer-id")
        }
    }

    func run() throws {
        try StageRunner.run(options, RunRequest(command: "forget", stages: [.transform, .load],
                                                erase: ErasureRequest(email: email, customerID: customerId)))
    }
}
