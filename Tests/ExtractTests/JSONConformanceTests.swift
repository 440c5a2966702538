import Extract
import Foundation
import Testing

/// The JSONTestSuite files vendored under `Conformance/JSONTestSuite/test_parsing`.
enum JSONTestSuite {
    /// Found from this source file (symlinks resolved, so a scratch package pointing here works too).
    static let folder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent()
        .appendingPathComponent("Conformance/JSONTestSuite/test_parsing")

    /// Names of the suite's files starting with `prefix` (`y_`, `n_`, `i_`), sorted; empty if the folder is missing.
    static func files(_ prefix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.sorted()
    }

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
}

/// RFC 8259 conformance of `JSONReader` (`.document` layout) against JSONTestSuite.
///
/// `y_` files must be read as one record, `n_` files refused with a `.malformed` error naming the file
/// and a position, `i_` files may go either way but must not crash or hang. Each file is also read one
/// byte per chunk, which must not change the outcome.
@Suite("JSONTestSuite conformance")
struct JSONConformanceTests {
    @Test("the vendored suite is present")
    func suiteIsPresent() {
        #expect(FileManager.default.fileExists(atPath: JSONTestSuite.folder.path),
                "JSONTestSuite is missing at \(JSONTestSuite.folder.path)")
        #expect(JSONTestSuite.files("y_").count >= 95)
        #expect(JSONTestSuite.files("n_").count >= 188)
        #expect(JSONTestSuite.files("i_").count >= 35)
    }

    @Test("y_: accepted as one record", .timeLimit(.minutes(1)), arguments: JSONTestSuite.files("y_"))
    func accepted(name: String) {
        let path = JSONTestSuite.path(name)
        let result = JSONReadResult(path, layout: .document)
        #expect(result.error == nil, "\(name): \(String(describing: result.error))")
        #expect(result.records.count == 1)
        #expect(JSONReadResult(path, layout: .document, chunkSize: 1).outcomes == result.outcomes)
    }

    @Test("n_: refused with file and position", .timeLimit(.minutes(1)), arguments: JSONTestSuite.files("n_"))
    func refused(name: String) {
        let path = JSONTestSuite.path(name)
        let result = JSONReadResult(path, layout: .document)
        guard case let .malformed(file, line, column, reason)? = result.error else {
            Issue.record("\(name) was not refused as malformed: \(String(describing: result.error))")
            return
        }
        #expect(result.outcomes.isEmpty, "a document that is refused yields no record")
        #expect(file == path)
        #expect(line >= 1 && column >= 1)
        #expect(!reason.isEmpty)
        let description = result.error?.description ?? ""
        #expect(description.contains(name) && description.contains("line \(line), column \(column)"))
        #expect(JSONReadResult(path, layout: .document, chunkSize: 1).error == result.error)
    }

    @Test("i_: read or refused, without crash or hang", .timeLimit(.minutes(1)), arguments: JSONTestSuite.files("i_"))
    func implementationDefined(name: String) {
        let path = JSONTestSuite.path(name)
        let result = JSONReadResult(path, layout: .document)
        if let error = result.error {
            guard case .malformed = error else {
                Issue.record("\(name): refused with \(error), expected .malformed")
                return
            }
            #expect(result.outcomes.isEmpty)
        } else {
            #expect(result.records.count == 1)
        }
        let bytewise = JSONReadResult(path, layout: .document, chunkSize: 1)
        #expect(bytewise.outcomes == result.outcomes && bytewise.error == result.error)
    }
}
