import Extract
import Foundation
import Identity
import PipelineCore
import SQLiteDB

/// Salted hashes of the identifiers of erased people (GDPR Art. 17), so their records are
/// quarantined as "erased subject" instead of being imported again. Only hashes are kept.
///
/// The salt is random, made once per staging database and kept in it: the hashes cannot be
/// matched against a list of known e-mail addresses without it.
public final class Tombstones: @unchecked Sendable {
    // @unchecked: immutable after init; read concurrently by the extract worker.
    let salt: String
    let hashes: Set<String>
    private let phone: PhoneNormalizer
    private let emailProviderRules: Bool
    /// The country of records that name none, as the transform reads them.
    private let defaultCountry: String?
    /// The person sources each source's `contact_id` names records of.
    private let contactSources: [String: [String]]

    /// The kind of an erased record's tombstone: its source and id (`crm:C-1001`).
    static let recordKind = "source_record"
    /// Tombstones written before sources owned record ids: system and id (`email:C-1001`). Still
    /// honoured, for every source of the system (then, a system and id named one record).
    static let legacyRecordKind = "record"

    /// Loads the tombstones of `db` (creating the salt on first use; the tables are staging's).
    init(db: Database, config: PipelineConfig) throws {
        let identity = config.identity
        contactSources = Dictionary(uniqueKeysWithValues: config.sources.map { ($0.name, config.contactSources(of: $0)) })
        if let existing = try db.scalar("SELECT value FROM id_secret WHERE key = 'erasure_salt'")?.string {
            salt = existing
        } else {
            var generator = SystemRandomNumberGenerator()
            salt = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
            try db.execute("INSERT INTO id_secret(key, value) VALUES ('erasure_salt', ?)", [.text(salt)])
        }
        hashes = Set(try db.rows("SELECT hash FROM erasure_tombstone").compactMap { $0[0].string })
        phone = PhoneNormalizer(defaultCountryCode: identity.defaultCountryCode)
        emailProviderRules = identity.emailProviderRules
        defaultCountry = identity.defaultCountry ?? CountryNormalizer.alpha2(callingCode: identity.defaultCountryCode)
    }

    var isEmpty: Bool { hashes.isEmpty }

    func hash(kind: String, value: String) -> String {
        let hasher = SHA256()
        hasher.update(Array((salt + "\u{1F}" + kind + "\u{1F}" + value).utf8))
        return hasher.finalizeHex()
    }

    /// The normalised identifiers of a staged record, as (kind, value) pairs; a phone is read by the
    /// record's country exactly as the transform reads it, so an erased foreign number matches.
    func identifiers(source: SourceConfig, fields: [CanonicalField], values: [CanonicalValue]) -> [(String, String)] {
        let system = source.system
        var result: [(String, String)] = []
        var country = defaultCountry
        if let index = fields.firstIndex(where: { $0.name == "country" }), index < values.count,
           case let .text(text) = values[index], let code = CountryNormalizer.alpha2(text) {
            country = code
        }
        for (field, value) in zip(fields, values) {
            guard case let .text(text) = value else { continue }
            switch field.name {
            case "record_id":
                result.append((Self.recordKind, source.name + ":" + text))
                result.append((Self.legacyRecordKind, system.rawValue + ":" + text))
            case "contact_id":
                for contacts in contactSources[source.name] ?? [] { result.append((Self.recordKind, contacts + ":" + text)) }
                result.append((Self.legacyRecordKind, system.rawValue + ":" + text))
            case "email": if let email = EmailNormalizer.normalize(text, providerRules: emailProviderRules) { result.append(("email", email)) }
            case "phone": if let e164 = phone.e164(text, country: country) { result.append(("phone", e164)) }
            case "more_emails":
                for value in MultiValue.decode(text) {
                    if let email = EmailNormalizer.normalize(value, providerRules: emailProviderRules) { result.append(("email", email)) }
                }
            case "more_phones":
                for value in MultiValue.decode(text) {
                    if let e164 = phone.e164(value, country: country) { result.append(("phone", e164)) }
                }
            case "customer_number": result.append(("customer_number", text.uppercased()))
            case "loyalty_card": result.append(("loyalty_card", text.uppercased()))
            default: break
            }
        }
        return result
    }

    /// True when any identifier of the record belongs to an erased person.
    func matches(source: SourceConfig, fields: [CanonicalField], values: [CanonicalValue]) -> Bool {
        guard !hashes.isEmpty else { return false }
        return identifiers(source: source, fields: fields, values: values).contains { hashes.contains(hash(kind: $0.0, value: $0.1)) }
    }
}
