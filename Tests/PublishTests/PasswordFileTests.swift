import Foundation
import Testing
@testable import Publish
import TestSupport

@Suite("~/.pgpass read by libpq's rules")
struct PasswordFileTests {
    static let text = """
    # comment: host:port:database:user:password
    db.example.com:5432:dw:etl:first
    db.example.com:5432:dw:etl:second
    *:6432:*:etl:any\\:colon\\\\back
    db.example.com:*:*:*:fallback
    short:line
    """

    @Test("the first matching line wins; * matches any value; \\: and \\\\ are escapes", arguments: [
        ("db.example.com", 5432, "dw", "etl", "first"),
        ("other", 6432, "x", "etl", "any:colon\\back"),
        ("db.example.com", 5433, "x", "y", "fallback"),
    ])
    func match(host: String, port: Int, database: String, user: String, password: String) {
        #expect(PasswordFile(text: Self.text).password(host: host, port: port, database: database, user: user) == password)
    }

    @Test("no matching line, no password")
    func noMatch() {
        #expect(PasswordFile(text: Self.text).password(host: "other", port: 5432, database: "dw", user: "etl") == nil)
    }

    @Test("PGPASSWORD comes first; a password file others may read is ignored with a warning; PGPASSFILE names the file")
    func lookup() throws {
        let dir = try TemporaryDirectory("oneface-pgpass")
        let file = try dir.write("pgpass", text: "127.0.0.1:5432:dw:etl:fromfile\n")
        chmod(file, 0o600)
        let env = ["PGPASSFILE": file, "HOME": dir.path]
        #expect(PasswordFile.lookup(host: "127.0.0.1", port: 5432, database: "dw", user: "etl", environment: env) == "fromfile")
        #expect(PasswordFile.lookup(host: "127.0.0.1", port: 5432, database: "dw", user: "etl",
                                    environment: env.merging(["PGPASSWORD": "fromenv"]) { $1 }) == "fromenv")
        chmod(file, 0o644)
        var warnings: [String] = []
        #expect(PasswordFile.lookup(host: "127.0.0.1", port: 5432, database: "dw", user: "etl", environment: env) { warnings.append($0) } == nil)
        #expect(warnings.count == 1 && warnings[0].contains("chmod 0600"))
        #expect(!warnings[0].contains("fromfile"))
    }
}
