import Foundation

/// The survey tool: `survey/responses_<date>.csv`, UTF-8 with BOM, `,`, LF, RFC 4180 quoting.
///
/// One survey per quarter (`SRV-2025-Q4`). Respondents answer one to three surveys while active;
/// about 2% of responses are sent twice (a double click: same answers, a few minutes later).
/// Scores follow the person's satisfaction, so NPS, CES and CSAT agree with each other; comments
/// match the mood and contain commas, quotes, line breaks and now and then an emoji.
struct SurveyExport {
    struct Response {
        var time: Int
        var person: Int32
        var ordinal: UInt8     // the answer set (a double submission repeats its original's)
        var isDuplicate: Bool
        var survey: UInt8
        /// 0 for night 1's answers, else the night (`--night N`) of the answer.
        var night: UInt16 = 0
    }

    struct Survey {
        var id: [UInt8]
        var firstDay: Int
        var endDay: Int        // exclusive
    }

    static let profile: NoiseProfile = {
        var profile = NoiseProfile()
        profile.missingEmail = 0.08
        profile.missingBirthDate = 0.4
        profile.lower = 0.05 // people type their own name in lower case more often than staff do
        return profile
    }()

    let world: SampleWorld

    func write(to directory: URL, truth: inout TruthCollector) throws -> SampleSummary.File {
        let surveys = makeSurveys()
        let responses = makeResponses(surveys)
        var file = try ByteFile(directory: directory, relativePath: "survey/responses_\(world.options.asOf.compact).csv")
        SurveyExport.appendHeader(to: &file.buffer)
        for (offset, response) in responses.enumerated() {
            writeResponse(response, number: offset + 1, survey: surveys[Int(response.survey)], into: &file.buffer)
            try file.endRow()
            truth.add(.survey, number: offset + 1, person: Int(response.person))
        }
        return try file.finish()
    }

    static func appendHeader(to buffer: inout [UInt8]) {
        buffer.append(contentsOf: [0xEF, 0xBB, 0xBF])
        buffer.appendText("response_id,survey_id,submitted_at,first_name,last_name,email,postcode,birth_date,nps,ces,csat,comment\n")
    }

    /// The quarterly survey running on `day` (a later night's answers): `SRV-2026-Q4`.
    static func survey(on day: Int) -> Survey {
        let date = CivilCalendar.civil(day)
        let quarter = (date.month - 1) / 3
        var id: [UInt8] = []
        id.appendText("SRV-")
        id.appendPadded(date.year, width: 4)
        id.appendText("-Q")
        id.appendInt(quarter + 1)
        return Survey(id: id, firstDay: day, endDay: day + 1)
    }

    /// The quarterly surveys whose quarter overlaps the window.
    func makeSurveys() -> [Survey] {
        var surveys: [Survey] = []
        let start = CivilCalendar.civil(world.windowStart)
        var year = start.year
        var quarter = (start.month - 1) / 3
        while true {
            let first = CivilCalendar.dayNumber(year: year, month: quarter * 3 + 1, day: 1)
            guard first < world.asOfDay else { break }
            let next = quarter == 3 ? CivilCalendar.dayNumber(year: year + 1, month: 1, day: 1)
                                    : CivilCalendar.dayNumber(year: year, month: quarter * 3 + 4, day: 1)
            var id: [UInt8] = []
            id.appendText("SRV-")
            id.appendPadded(year, width: 4)
            id.appendText("-Q")
            id.appendInt(quarter + 1)
            surveys.append(Survey(id: id, firstDay: max(first, world.windowStart), endDay: min(next, world.asOfDay)))
            quarter += 1
            if quarter == 4 { quarter = 0; year += 1 }
        }
        return surveys
    }

    func makeResponses(_ surveys: [Survey]) -> [Response] {
        var responses: [Response] = []
        let population = world.population
        for index in 0..<world.options.customers {
            let person = population[index]
            guard person.isIn(.survey) else { continue }
            var random = SampleRandom.stream(world.base, .surveyPerson, index)
            let from = Int(person.activeFrom)
            let to = Int(person.activeTo)
            var candidates = surveys.indices.filter { surveys[$0].firstDay < to && surveys[$0].endDay > from }
            if candidates.isEmpty { candidates = [surveys.count - 1] }
            let countDraw = random.unit()
            let count = min(candidates.count, countDraw < 0.7 ? 1 : (countDraw < 0.92 ? 2 : 3))
            for ordinal in 0..<count {
                let pick = ordinal + random.below(candidates.count - ordinal)
                candidates.swapAt(ordinal, pick)
                let survey = surveys[candidates[ordinal]]
                let first = max(survey.firstDay, from)
                let end = max(first + 1, min(survey.endDay, to))
                let day = first + random.below(end - first)
                let second = random.chance(0.9) ? (7 + random.below(16)) * 3_600 + random.below(3_600) : random.below(86_400)
                let time = CivilCalendar.utc(localDay: day, secondOfDay: second)
                responses.append(Response(time: time, person: Int32(index), ordinal: UInt8(ordinal),
                                          isDuplicate: false, survey: UInt8(candidates[ordinal])))
                if random.chance(0.02) {
                    responses.append(Response(time: time + 20 + random.below(600), person: Int32(index),
                                              ordinal: UInt8(ordinal), isDuplicate: true, survey: UInt8(candidates[ordinal])))
                }
            }
        }
        responses.sort {
            ($0.time, $0.person, $0.ordinal, $0.isDuplicate ? 1 : 0) < ($1.time, $1.person, $1.ordinal, $1.isDuplicate ? 1 : 0)
        }
        return responses
    }

    func writeResponse(_ response: Response, number: Int, survey: Survey, into out: inout [UInt8]) {
        let personIndex = Int(response.person)
        let person = world.population[personIndex]
        // A double submission draws from its original's stream: identical answers.
        let random = response.night == 0
            ? SampleRandom.stream(world.base, .response, personIndex, Int(response.ordinal))
            : SampleRandom.stream(world.base, .nightResponse, personIndex, Int(response.night) << 4 | Int(response.ordinal))
        var view = NoisyPerson(world: world, person: person, profile: SurveyExport.profile, random: random,
                               day: CivilCalendar.floorDiv(response.time + 3_600, 86_400))
        let comma = UInt8(ascii: ",")
        RecordID.append(.survey, number, to: &out)
        out.append(comma)
        out.append(contentsOf: survey.id)
        out.append(comma)
        out.appendISODateTime(utc: response.time)
        out.append(comma)
        out.appendCSVField(view.firstName(), delimiter: comma)
        out.append(comma)
        out.appendCSVField(view.surname(), delimiter: comma)
        out.append(comma)
        if let email = view.email() { out.appendCSVField(email, delimiter: comma) }
        out.append(comma)
        if view.random.chance(0.75) { out.append(contentsOf: view.postcode()) }
        out.append(comma)
        if let birthDate = view.birthDate() { out.appendISODate(birthDate) }
        out.append(comma)

        let satisfaction = Double(person.satisfaction) / 100
        let nps = clamp(Int((4.5 + satisfaction * 6 + (view.random.unit() * 5 - 2.5)).rounded(.down)), 0, 10)
        if !view.random.chance(0.03) { out.appendInt(nps) }
        out.append(comma)
        let ces = clamp(Int((2 + satisfaction * 4 + (view.random.unit() * 3 - 1.5)).rounded()), 1, 7)
        if !view.random.chance(0.15) { out.appendInt(ces) }
        out.append(comma)
        let csat = clamp(Int((1 + satisfaction * 4 + (view.random.unit() * 2 - 1)).rounded()), 1, 5)
        if !view.random.chance(0.1) { out.appendInt(csat) }
        out.append(comma)
        if view.random.chance(0.4) {
            let mood = nps <= 6 ? 0 : (nps <= 8 ? 1 : 2)
            let comments = world.shop.comments[mood]
            out.appendCSVField(comments[view.random.below(comments.count)], delimiter: comma)
        }
        out.append(0x0A)
    }

    private func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int { min(high, max(low, value)) }
}
