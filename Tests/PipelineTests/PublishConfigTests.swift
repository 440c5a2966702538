import PipelineCore
import Testing

@Suite("pipeline file: publish section")
struct PublishConfigTests {
    @Test("without a publish section nothing is published")
    func absent() throws {
        #expect(try PipelineConfig.parse(yaml: PipelineConfigTests.valid, file: "p.yml").publish == nil)
    }

    @Test("publish: reads the target, the schema and the partitions")
    func section() throws {
        let yaml = PipelineConfigTests.valid + "\npublish:\n  target: postgres://etl@db.example.com:6432/dw\n  schema: crm\n  hash_partitions: 8\n"
        let publish = try #require(try PipelineConfig.parse(yaml: yaml, file: "p.yml").publish)
        #expect(publish.target == PostgresTarget(user: "etl", host: "db.example.com", port: 6432, database: "dw"))
        #expect(publish.schema == "crm")
        #expect(publish.hashPartitions == 8)
    }

    @Test("a bad publish entry names its line and key", arguments: [
        ("target: postgres://etl:geheim@db:5432/dw", "publish.target", "contains a password"),
        ("target: mysql://etl@db/dw", "publish.target", "postgres://"),
        ("target: postgres://db:5432/dw", "publish.target", "names no user"),
        ("target: postgres://etl@db:99999/dw", "publish.target", "port"),
        ("target: postgres://etl@db:5432/", "publish.target", "names no database"),
        ("target: postgres://etl@db/dw?sslmode=verify", "publish.target", "sslmode"),
        ("schema: One-Face", "publish.schema", "lower-case"),
        ("hash_partitions: 1", "publish.hash_partitions", "from 2 to 256"),
        ("password: x", "publish.password", "unknown key"),
    ])
    func badEntry(entry: String, key: String, expectation: String) throws {
        let target = entry.hasPrefix("target:") ? "" : "  target: postgres://etl@db/dw\n"
        let yaml = PipelineConfigTests.valid + "\npublish:\n\(target)  \(entry)\n"
        let line = yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(entry) }! + 1
        let error = try #require(throws: ConfigError.self) { try PipelineConfig.parse(yaml: yaml, file: "p.yml") }
        #expect(error.key == key)
        #expect(error.line == line, "\(error)")
        #expect(error.description.contains(expectation), "\(error)")
        #expect(!error.description.contains("geheim"), "a password never appears in a message")
    }

    @Test("a target without port is 5432; the description shows no secret and round-trips")
    func targetDefaults() throws {
        let target = try PostgresTarget.parse("postgresql://etl@[::1]/dw?sslmode=require").get()
        #expect(target.port == 5432 && target.host == "::1" && target.tls == .require)
        #expect(target.description == "postgres://etl@[::1]:5432/dw?sslmode=require")
        #expect(try PostgresTarget.parse(target.description).get() == target)
    }
}
