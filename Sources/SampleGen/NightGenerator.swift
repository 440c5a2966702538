import Foundation

/// Writes the export files of a night after the first (`SampleOptions.night` >= 2) and the ground
/// truth of every record of nights 1 to N.
///
/// Night N's files are new files, dated N - 1 days after `asOf` (`email/contacts_20261122.csv`, ...),
/// so the sample pipeline's globs read them beside night 1's. They hold only what is new since the
/// night before: the records of the night's day (`NightPlan`), the e-mail events whose time falls
/// between the two exports (late opens and clicks of the last campaigns, tonight's unsubscriptions),
/// and the tickets the help desk answered, closed or reopened since: those again under their id, as
/// the help desk exports a changed ticket. Record ids continue each system's numbering after the
/// nights before, so `truth.csv` (which covers every record of nights 1 to N) stays sorted.
///
/// To make night N, the generator replays nights 1 to N - 1 in memory (their plans, and night 1's
/// contacts for the e-mail events); it writes only night N's files and `truth.csv`.
enum NightGenerator {
    static func write(_ options: SampleOptions, world: SampleWorld, to directory: URL) throws -> SampleSummary {
        let night = options.night
        var plans: [NightPlan] = []
        for k in 2...night {
            plans.append(NightPlan.make(night: k, world: world))
        }
        let instants = [world.exportInstant] + plans.map(\.exportInstant)
        let date = NightPlan.exportDate(options.asOf, night: night).compact
        var truth = TruthCollector()
        var files: [SampleSummary.File] = []
        for system in SampleSystem.allCases where options.systems.contains(system) {
            switch system {
            case .email: files += try writeEmail(world: world, plans: plans, instants: instants, date: date, to: directory, truth: &truth)
            case .support: files.append(try writeSupport(world: world, plans: plans, instants: instants, date: date, to: directory, truth: &truth))
            case .branch: files.append(try writeBranch(world: world, plans: plans, date: date, to: directory, truth: &truth))
            case .survey: files.append(try writeSurvey(world: world, plans: plans, date: date, to: directory, truth: &truth))
            }
        }
        files.append(try truth.write(to: directory))
        files.append(try writeChanges(plans, to: directory))
        var records: [SampleSystem: Int] = [:]
        for system in SampleSystem.allCases where options.systems.contains(system) {
            records[system] = truth.count(system)
        }
        let persons = world.population.count
        return SampleSummary(files: files, persons: persons, personsInOutput: truth.personsInOutput(total: persons),
                             records: records)
    }

    /// `changes.csv`: who was new or changed on which night (2 to N), the ground truth of the
    /// customer history: UTF-8, `,`, LF, header `night,entity_id,change` (`new`, `moved`, `married`,
    /// `phone`, `consent`), by night, then entity.
    private static func writeChanges(_ plans: [NightPlan], to directory: URL) throws -> SampleSummary.File {
        var file = try ByteFile(directory: directory, relativePath: "changes.csv")
        file.buffer.appendText("night,entity_id,change\n")
        for plan in plans {
            var rows: [(person: Int, change: StaticString)] = plan.newPersons.map { ($0, "new") }
            rows += plan.changes.map { (person: $0.person, change: $0.change.name) }
            rows.sort { $0.person < $1.person }
            for row in rows {
                file.buffer.appendInt(plan.night)
                file.buffer.append(UInt8(ascii: ","))
                RecordID.appendPerson(row.person, to: &file.buffer)
                file.buffer.append(UInt8(ascii: ","))
                file.buffer.appendText(row.change)
                file.buffer.append(0x0A)
                try file.endRow()
            }
        }
        return try file.finish()
    }

    // MARK: E-mail

    private static func writeEmail(world: SampleWorld, plans: [NightPlan], instants: [Int], date: String, to directory: URL,
                                   truth: inout TruthCollector) throws -> [SampleSummary.File] {
        let export = EmailExport(world: world)
        // Night 1's contacts, rendered and dropped: consent and deliverability decide their events.
        var contacts = export.makeContacts()
        var scratch: [UInt8] = []
        var firstContact: [Int: Int] = [:]
        for index in contacts.indices {
            scratch.removeAll(keepingCapacity: true)
            export.writeContact(&contacts[index], number: index + 1, into: &scratch)
            truth.add(.email, number: index + 1, person: Int(contacts[index].person))
            if contacts[index].ordinal == 0 { firstContact[Int(contacts[index].person)] = index }
        }
        var number = contacts.count
        for plan in plans.dropLast() {
            for contact in plan.contacts {
                number += 1
                truth.add(.email, number: number, person: Int(contact.person))
            }
        }
        var file = try ByteFile(directory: directory, relativePath: "email/contacts_\(date).csv")
        EmailExport.appendContactsHeader(to: &file.buffer)
        var row: [UInt8] = []
        for var contact in plans[plans.count - 1].contacts {
            number += 1
            row.removeAll(keepingCapacity: true)
            export.writeContact(&contact, number: number, into: &row)
            file.buffer.appendWindows1252(row)
            try file.endRow()
            truth.add(.email, number: number, person: Int(contact.person))
        }
        let contactsFile = try file.finish()

        // Events: night k's are those between export k - 1 and export k, then its unsubscriptions.
        let lastNight = plans.count + 1
        var eventsBefore = 0
        var tonight: [(contact: Int, campaign: EmailExport.Campaign, kind: Int, time: Int)] = []
        let isStopped = export.simulateEvents(contacts) { index, campaign, kind, time in
            guard time < instants[lastNight - 1] else { return }
            if time < instants[lastNight - 2] {
                eventsBefore += 1
            } else {
                tonight.append((index, campaign, kind, time))
            }
        }
        let campaigns = export.campaigns()
        let latest = campaigns[campaigns.count - 1]
        func unsubscribing(_ plan: NightPlan) -> [(contact: Int, time: Int)] {
            plan.unsubscribes.compactMap { entry in
                guard let contact = firstContact[entry.person], contacts[contact].hasConsent, !isStopped[contact] else { return nil }
                return (contact, entry.time)
            }
        }
        for plan in plans.dropLast() { eventsBefore += unsubscribing(plan).count }
        for entry in unsubscribing(plans[plans.count - 1]) {
            tonight.append((entry.contact, latest, 4, entry.time)) // via the link in the latest newsletter
        }
        var events = try ByteFile(directory: directory, relativePath: "email/events_\(date).csv")
        EmailExport.appendEventsHeader(to: &events.buffer)
        var eventNumber = eventsBefore
        for event in tonight {
            eventNumber += 1
            EmailExport.appendEvent(number: eventNumber, contact: event.contact + 1, campaign: event.campaign, kind: event.kind,
                                    time: event.time, to: &events.buffer)
            try events.endRow()
        }
        return [contactsFile, try events.finish()]
    }

    // MARK: Support

    private static func writeSupport(world: SampleWorld, plans: [NightPlan], instants: [Int], date: String, to directory: URL,
                                     truth: inout TruthCollector) throws -> SampleSummary.File {
        let export = SupportExport(world: world)
        var earlier = export.makeTickets().enumerated().map { (number: $0.offset + 1, ticket: $0.element) }
        for (number, ticket) in earlier { truth.add(.support, number: number, person: Int(ticket.person)) }
        for plan in plans.dropLast() {
            for ticket in plan.tickets {
                earlier.append((earlier.count + 1, ticket))
                truth.add(.support, number: earlier.count, person: Int(ticket.person))
            }
        }
        var file = try ByteFile(directory: directory, relativePath: "support/tickets_\(date).ndjson")
        // Tickets answered, closed or reopened since the last export, again under their id.
        let before = instants[instants.count - 2], now = instants[instants.count - 1]
        var then: [UInt8] = []
        var current: [UInt8] = []
        for (number, ticket) in earlier {
            then.removeAll(keepingCapacity: true)
            current.removeAll(keepingCapacity: true)
            export.writeTicket(ticket, number: number, exportInstant: before, into: &then)
            export.writeTicket(ticket, number: number, exportInstant: now, into: &current)
            guard then != current else { continue }
            file.buffer += current
            try file.endRow()
        }
        var number = earlier.count
        for ticket in plans[plans.count - 1].tickets {
            number += 1
            export.writeTicket(ticket, number: number, exportInstant: now, into: &file.buffer)
            try file.endRow()
            truth.add(.support, number: number, person: Int(ticket.person))
        }
        return try file.finish()
    }

    // MARK: Branches

    private static func writeBranch(world: SampleWorld, plans: [NightPlan], date: String, to directory: URL,
                                    truth: inout TruthCollector) throws -> SampleSummary.File {
        let export = BranchExport(world: world)
        var number = 0
        for transaction in export.makeTransactions() {
            number += 1
            if transaction.person >= 0 { truth.add(.branch, number: number, person: Int(transaction.person)) }
        }
        for plan in plans.dropLast() {
            for transaction in plan.transactions {
                number += 1
                if transaction.person >= 0 { truth.add(.branch, number: number, person: Int(transaction.person)) }
            }
        }
        let plan = plans[plans.count - 1]
        var file = try ByteFile(directory: directory, relativePath: "branch/pos_\(date).xml")
        export.appendHead(day: plan.day + 1, to: &file.buffer)
        for transaction in plan.transactions {
            number += 1
            export.writeTransaction(transaction, number: number, into: &file.buffer)
            try file.endRow()
            if transaction.person >= 0 { truth.add(.branch, number: number, person: Int(transaction.person)) }
        }
        BranchExport.appendTail(to: &file.buffer)
        return try file.finish()
    }

    // MARK: Survey

    private static func writeSurvey(world: SampleWorld, plans: [NightPlan], date: String, to directory: URL,
                                    truth: inout TruthCollector) throws -> SampleSummary.File {
        let export = SurveyExport(world: world)
        var number = 0
        for response in export.makeResponses(export.makeSurveys()) {
            number += 1
            truth.add(.survey, number: number, person: Int(response.person))
        }
        for plan in plans.dropLast() {
            for response in plan.responses {
                number += 1
                truth.add(.survey, number: number, person: Int(response.person))
            }
        }
        let plan = plans[plans.count - 1]
        let survey = SurveyExport.survey(on: plan.day)
        var file = try ByteFile(directory: directory, relativePath: "survey/responses_\(date).csv")
        SurveyExport.appendHeader(to: &file.buffer)
        for response in plan.responses {
            number += 1
            export.writeResponse(response, number: number, survey: survey, into: &file.buffer)
            try file.endRow()
            truth.add(.survey, number: number, person: Int(response.person))
        }
        return try file.finish()
    }
}
