import Foundation
import PipelineCore
import Testing
import TestSupport

@Suite("pipeline file")
struct PipelineConfigTests {
    static let valid = """
    version: 1
    warehouse: out/w.sqlite
    staging: out/s.sqlite
    input_root: data
    sources:
      - name: contacts
        system: email
        entity: contact
        format: csv
        path: contacts_*.csv
        dialect: {delimiter: ";", encoding: windows-1252}
        fields:
          record_id: Nr
          email: {from: E-Mail}
    """

    @Test("the sample pipeline loads, with paths resolved against its folder")
    func samplePipeline() throws {
        let path = RepositoryPaths.root.appendingPathComponent("Pipelines/sample.yml").path
        let config = try PipelineConfig.load(path: path)
        #expect(config.sources.count == 6)
        #expect(config.inputRoot == RepositoryPaths.root.appendingPathComponent("SampleData").path)
        #expect(config.source(named: "email_contacts")?.dialect.encoding == "windows-1252")
        #expect(config.source(named: "email_contacts")?.dialect.delimiter == UInt8(ascii: ";"))
        #expect(config.source(named: "branch_transactions")?.dialect.recordElement == ["export", "transactions", "transaction"])
        #expect(config.source(named: "branch_transactions")?.fields.first { $0.canonical == "items" }?.items.count == 4)
    }

    @Test("relative paths resolve against the pipeline file's folder")
    func relativePaths() throws {
        let config = try PipelineConfig.parse(yaml: Self.valid, file: "/etc/oneface/nightly.yml")
        #expect(config.warehousePath == "/etc/oneface/out/w.sqlite")
        #expect(config.inputRoot == "/etc/oneface/data")
        #expect(config.timeZone == "Europe/Berlin")
    }

    @Test("errors name the line and key and say what is expected", arguments: [
        ("entity: contact", "entity: kontakt", "sources.contacts.entity", "expected one of"),
        ("format: csv", "format: xlsx", "sources.contacts.format", "csv, json, ndjson, xml"),
        ("encoding: windows-1252", "encoding: ebcdic", "sources.contacts.dialect.encoding", "utf-8, windows-1252"),
        ("record_id: Nr", "recordid: Nr", "sources.contacts.fields.recordid", "not a canonical field"),
        ("name: contacts", "name: Contacts-2", "sources[0].name", "lower-case"),
        ("delimiter: \";\"", "delimiter: \";;\"", "sources.contacts.dialect.delimiter", "one ASCII character"),
        ("system: email", "system: crm", "sources.contacts.system", "email, support, branch, survey"),
    ])
    func errors(original: String, replacement: String, key: String, expectation: String) throws {
        let yaml = Self.valid.replacingOccurrences(of: original, with: replacement)
        let line = yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(replacement) }! + 1
        let error = try #require(throws: ConfigError.self) { try PipelineConfig.parse(yaml: yaml, file: "p.yml") }
        #expect(error.key == key)
        #expect(error.line == line, "\(error)")
        #expect(error.description.contains(expectation), "\(error)")
        #expect(error.description.hasPrefix("p.yml:\(line): "))
    }

    @Test("a missing required field of the entity is named")
    func requiredField() throws {
        let yaml = Self.valid.replacingOccurrences(of: "      record_id: Nr\n", with: "")
        let error = try #require(throws: ConfigError.self) { try PipelineConfig.parse(yaml: yaml, file: "p.yml") }
        #expect(error.key == "sources.contacts.fields.record_id")
    }

    @Test("YAML syntax errors carry a line")
    func syntax() throws {
        let error = try #require(throws: ConfigError.self) { try PipelineConfig.parse(yaml: "version: 1\nsources: [\n", file: "p.yml") }
        #expect(error.line != nil)
        #expect(error.key == "(syntax)")
    }

    @Test("an unknown top-level key is refused")
    func unknownKey() throws {
        let error = try #require(throws: ConfigError.self) { try PipelineConfig.parse(yaml: Self.valid + "\nwarehous: x\n", file: "p.yml") }
        #expect(error.key == "warehous")
        #expect(error.description.contains("unknown key"))
    }

    @Test("a missing pipeline file says so")
    func missingFile() throws {
        let error = try #require(throws: ConfigError.self) { try PipelineConfig.load(path: "/nonexistent/p.yml") }
        #expect(error.description.contains("cannot read the pipeline file"))
    }
}
