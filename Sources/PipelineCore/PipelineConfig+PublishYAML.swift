import Yams

extension ConfigReader {
    /// `publish: {target: postgres://USER@HOST:PORT/DB, schema: oneface, hash_partitions: 8}`.
    func publish(_ node: Node) throws(ConfigError) -> PublishConfig {
        let pairs = try mapping(node, "publish")
        try checkKeys(pairs, allowed: ["target", "schema", "hash_partitions"], in: "publish")
        guard let targetNode = pairs.first(where: { $0.key == "target" })?.value else {
            throw fail(node, "publish.target", "missing; give the PostgreSQL URL, e.g. postgres://oneface@db.example.com:5432/analytics")
        }
        let target: PostgresTarget
        switch PostgresTarget.parse(try string(targetNode, "publish.target")) {
        case let .success(parsed): target = parsed
        case let .failure(problem): throw fail(targetNode, "publish.target", problem.description)
        }
        var config = PublishConfig(target: target)
        if let schemaNode = pairs.first(where: { $0.key == "schema" })?.value {
            let schema = try string(schemaNode, "publish.schema")
            guard PublishConfig.isValidSchema(schema) else {
                throw fail(schemaNode, "publish.schema", "expected a lower-case name of letters, digits and _ (at most 40), e.g. oneface")
            }
            config.schema = schema
        }
        if let partitionsNode = pairs.first(where: { $0.key == "hash_partitions" })?.value {
            let range = PublishConfig.hashPartitionRange
            guard let count = Int(try string(partitionsNode, "publish.hash_partitions")), range.contains(count) else {
                throw fail(partitionsNode, "publish.hash_partitions", "expected a whole number from \(range.lowerBound) to \(range.upperBound), e.g. 8")
            }
            config.hashPartitions = count
        }
        return config
    }
}
