import Foundation
import Identity
import Logging
import PipelineCore

/// Reads and writes the identity model file (`identity.model`, by default next to staging).
enum TransformModelFile {
    /// The saved model if there is one that fits the configured comparisons; nil means "train".
    static func load(_ config: PipelineConfig, logger: Logger) throws -> MatchModel? {
        let path = config.identityModelPath
        guard FileManager.default.fileExists(atPath: path) else {
            logger.info("transform: no identity model yet; training one", metadata: ["model": "\(path)"])
            return nil
        }
        let model: MatchModel
        do {
            model = try MatchModel.decode(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let error as MatchError {
            throw PipelineError.input("\(path): \(error)")
        } catch {
            throw PipelineError.input("\(path): the identity model file cannot be read (\(error)). Delete it or run `oneface transform --retrain`")
        }
        guard model.fits(config.identity.comparisons) else {
            logger.notice("transform: the identity model was trained for other comparisons; training a new one",
                          metadata: ["model": "\(path)"])
            return nil
        }
        return model
    }

    /// Writes the model atomically (a temporary file, then a rename), so a reader never sees half a file.
    static func save(_ model: MatchModel, config: PipelineConfig) throws {
        let path = config.identityModelPath
        let temporary = path + ".writing"
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try model.encoded().write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else {
                throw PipelineError.failure("cannot write the identity model \(path): \(String(cString: strerror(errno)))")
            }
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError.failure("cannot write the identity model \(path): \(error)")
        }
    }
}
