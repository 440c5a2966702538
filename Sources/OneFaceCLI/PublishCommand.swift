import ArgumentParser
import Foundation
import PipelineCore
import Publish

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Copy the warehouse into PostgreSQL (COPY) and swap it in as the live schema in one transaction.",
        discussion: """
        Every table, view and index of the SQLite warehouse goes into a fresh schema <schema>_build by COPY, row counts are checked against the warehouse, then one transaction renames <schema> to <schema>_old and the build schema to <schema>: readers see the old warehouse or the new one, never a mix. A failure leaves the previous schema live. Facts and dim_customer carry customer_key in every key, ready for Citus; on a target with the citus extension the new schema is distributed before it goes live. The password comes from PGPASSWORD or ~/.pgpass, never from the URL (a URL with one is refused). With `publish:` in the pipeline file, `oneface run` and `oneface load` publish after every load.

        Examples:
          oneface publish --target postgres://oneface@db.example.com:5432/analytics
          oneface publish --target postgres://postgres@127.0.0.1:5432/postgres --hash-partitions 8
          oneface publish --citus-script citus.sql   # create_distributed_table calls, for psql -f
        """)

    @OptionGroup var options: GlobalOptions
    @Option(name: .long, help: "postgres://USER@HOST:PORT/DB[?sslmode=require] (no password in it); default: the pipeline's publish.target.")
    var target: String?
    @Option(name: .long, help: "The live schema (default: the pipeline's publish.schema, else oneface).")
    var schema: String?
    @Option(name: .long, help: "Split each fact table into N hash partitions by customer_key (2-256).")
    var hashPartitions: Int?
    @Option(name: .long, help: "Write the Citus distribution script for the live schema to FILE and stop.")
    var citusScript: String?

    func validate() throws {
        if let hashPartitions, !PublishConfig.hashPartitionRange.contains(hashPartitions) {
            throw ValidationError("--hash-partitions must be from \(PublishConfig.hashPartitionRange.lowerBound) to \(PublishConfig.hashPartitionRange.upperBound)")
        }
        if let schema, !PublishConfig.isValidSchema(schema) {
            throw ValidationError("--schema must be a lower-case name of letters, digits and _ (at most 40)")
        }
    }

    func run() throws {
        let config = try options.loadConfig()
        do {
            if let citusScript {
                let schema = schema ?? config.publish?.schema ?? PublishConfig.defaultSchema
                let script = try WarehousePublisher.citusScript(warehousePath: config.warehousePath, schema: schema)
                do {
                    try Data(script.utf8).write(to: URL(fileURLWithPath: citusScript), options: .atomic)
                } catch {
                    throw PublishError.script(path: citusScript, reason: error.localizedDescription)
                }
                return
            }
            let publish = try Self.publishConfig(config, target: target, schema: schema, hashPartitions: hashPartitions)
            _ = try WarehousePublisher(warehousePath: config.warehousePath, config: publish, logger: options.logger).publish()
        } catch {
            throw Failure.report(error)
        }
    }

    /// The pipeline's `publish:` with the command line's overrides.
    static func publishConfig(_ config: PipelineConfig, target: String?, schema: String?, hashPartitions: Int?) throws -> PublishConfig {
        var publish: PublishConfig
        if let target {
            switch PostgresTarget.parse(target) {
            case let .success(parsed):
                publish = config.publish ?? PublishConfig(target: parsed)
                publish.target = parsed
            case let .failure(problem):
                throw PublishError.invalidTarget("--target: \(problem)")
            }
        } else if let configured = config.publish {
            publish = configured
        } else {
            throw PublishError.noTarget(pipeline: config.file)
        }
        if let schema { publish.schema = schema }
        if let hashPartitions { publish.hashPartitions = hashPartitions }
        return publish
    }
}
