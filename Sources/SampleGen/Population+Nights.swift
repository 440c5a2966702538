/// The changes of the nights after the first (`NightPlan`), each effective from its day, so that
/// every record made before that day reads the person as before.
extension Population {
    /// A move on `day` to a new address (two thirds in the same city, abroad inside the country),
    /// with a new landline number where the city changes (or, half the time, within it).
    mutating func move(_ index: Int, day: Int, random: inout SampleRandom) {
        var person = persons[index]
        let country = person.home.country
        let city: Int
        if random.chance(0.65) {
            city = Int(person.home.city)
        } else {
            city = country == 0 ? random.pick(cumulative: builder.places.cityWeights) : random.below(builder.foreign[country].cities.count)
        }
        var target = builder.makeAddress(country: country, city: city, random: &random)
        if target == person.home { target.houseNumber += 2 }
        person.movedTo = target
        person.moveDay = Int32(day)
        if person.landline != 0 {
            person.movedLandline = target.city == person.home.city && random.chance(0.5)
                ? person.landline : builder.landlineNumber(target, random: &random)
        }
        persons[index] = person
    }

    /// A marriage on `day`: the partner's surname (a plain one) from then on.
    mutating func marry(_ index: Int, day: Int, random: inout SampleRandom) {
        var person = persons[index]
        var surname = builder.names.surnames.draw(&random)
        if !person.hasParticle && surname == Int(person.surname) { surname = (surname + 1) % builder.names.surnames.count }
        person.marriedSurname = Int32(surname)
        person.marriageDay = Int32(day)
        persons[index] = person
    }

    /// A new mobile number from `day` on (someone without one gets their first).
    mutating func changePhone(_ index: Int, day: Int, random: inout SampleRandom) {
        var person = persons[index]
        var changed = person
        changed.mobile = 0
        builder.makeMobile(&changed, random: &random, share: 1)
        if changed.mobile == person.mobile { changed.mobile += 1 }
        person.newMobilePrefix = changed.mobilePrefix
        person.newMobile = changed.mobile
        person.phoneChangeDay = Int32(day)
        persons[index] = person
    }

    /// Newsletter consent withdrawn on `day`: contacts from then on say `nein`.
    mutating func withdrawConsent(_ index: Int, day: Int) {
        persons[index].consentWithdrawnDay = Int32(day)
    }
}
