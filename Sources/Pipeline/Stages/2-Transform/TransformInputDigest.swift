import Extract
import Foundation
import PipelineCore
import SQLiteDB
import Staging

/// The digest of everything a transform resolves identities from: the staged person records (as
/// the file manifest and the erasures describe them, `IdentityInputs.manifest`), the pipeline
/// file, the reviewed decisions, the identity model and the OneFace build itself. Two transforms
/// with the same digest resolve the same identities (a rerun decides as the night before), so a
/// transform whose digest equals the last one's keeps what it wrote instead of resolving again.
///
/// Conservative by design: a file staged again with the same content, a pipeline file with only a
/// comment changed, or a new build of the same code all count as changes; a change that escapes
/// the digest is impossible only because every writer of staged person rows goes through the
/// manifest or an erasure (which also forgets the digest).
struct TransformInputDigest {
    /// The lines known before resolving (everything but the model).
    let lines: [String]

    /// Tonight's inputs, or nil when one of them cannot be read (then the transform always resolves).
    static func current(config: PipelineConfig, db: Database) throws -> TransformInputDigest? {
        guard let build = Self.build, let pipeline = Self.digest(ofFile: config.file) else { return nil }
        var lines = ["build \(build)", "pipeline \(pipeline)", "staging schema \(StagingSchema.version)"]
        if let review = config.identity.reviewDecisionsPath {
            lines.append("review decisions \(Self.digest(ofFile: review) ?? "absent")")
        }
        let basisCount = lines.count
        lines += try IdentityInputs(db: db).manifest(of: config.sources.filter { $0.entity.describesPerson })
        return TransformInputDigest(lines: lines, basisCount: basisCount)
    }

    /// The lines before the records' (build, pipeline file, schema, reviewed decisions).
    let basisCount: Int

    /// The digest of what pairs are scored with: these lines without the records', and the model
    /// (`model` as in `value`). Two transforms with the same basis score a pair of unchanged
    /// records alike, so one can start from the other's pairs.
    func basis(config: PipelineConfig, model: Data? = nil) -> String {
        Self.digest(of: lines.prefix(basisCount), model: Self.model(config: config, saving: model))
    }

    /// The digest with the identity model as its file stands: `model` is the content the transform
    /// saves, nil for the file as it is now (absent: no model).
    func value(config: PipelineConfig, model: Data? = nil) -> String {
        Self.digest(of: lines[...], model: Self.model(config: config, saving: model))
    }

    /// The SHA-256 of the identity model: of `saving`, the content the transform is about to save,
    /// else of the model file as it stands (nil: there is none). It also names the term frequencies
    /// kept with the model.
    static func model(config: PipelineConfig, saving: Data? = nil) -> String? {
        saving.map { digest(of: [UInt8]($0)) } ?? digest(ofFile: config.identityModelPath)
    }

    private static func digest(of lines: ArraySlice<String>, model: String?) -> String {
        digest(of: Array((lines + ["model \(model ?? "absent")"]).joined(separator: "\n").utf8))
    }

    /// The running executable's SHA-256, read once: any other build may resolve differently.
    static let build: String? = digest(ofFile: "/proc/self/exe")

    private static func digest(ofFile path: String) -> String? {
        try? FileDigest.of(path: path).sha256
    }

    private static func digest(of bytes: [UInt8]) -> String {
        let hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }
}
