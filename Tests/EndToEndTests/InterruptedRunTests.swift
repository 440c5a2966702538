import Foundation
import Testing
import TestSupport

@Suite("interrupted runs", .serialized)
struct InterruptedRunTests {
    /// Starts `oneface run` and kills it with SIGKILL as soon as `marker` exists.
    static func killRun(in dir: TemporaryDirectory, when marker: String) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RepositoryPaths.onefaceBinary)
        process.arguments = ["run", "--force", "--pipeline", SampleRunTests.pipeline, "--warehouse", dir.file("warehouse.sqlite"),
                             "--staging", dir.file("staging.sqlite"), "--quiet"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        var killed = false
        while process.isRunning {
            if FileManager.default.fileExists(atPath: marker) {
                kill(process.processIdentifier, SIGKILL)
                killed = true
                break
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        return killed
    }

    static func compare(_ dir: TemporaryDirectory, with reference: TemporaryDirectory) throws {
        var a = try WarehouseSnapshot.content(of: dir.file("warehouse.sqlite"))
        var b = try WarehouseSnapshot.content(of: reference.file("warehouse.sqlite"))
        for table in ["etl_file", "etl_reject", "etl_nulled"] { a[table] = nil; b[table] = nil }
        let differing = Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
        #expect(differing.isEmpty, "tables differ: \(differing)")
        #expect(try ProcessRunner.sqlite3(dir.file("warehouse.sqlite"), "PRAGMA integrity_check") == "ok")
        #expect(try ProcessRunner.sqlite3(dir.file("warehouse.sqlite"), "PRAGMA foreign_key_check") == "")
    }

    @Test("a load killed halfway leaves the previous warehouse; the next run finishes the job")
    func killedLoad() throws {
        let reference = try TemporaryDirectory(), dir = try TemporaryDirectory()
        #expect(try SampleRunTests.oneface(["run"], in: reference).status == 0)
        #expect(try SampleRunTests.oneface(["run"], in: dir).status == 0)
        let lastRun = "SELECT max(run_id) FROM etl_run"
        let published = try ProcessRunner.sqlite3(dir.file("warehouse.sqlite"), lastRun)
        // The next night (re-extracting everything) is killed while it builds the new warehouse.
        #expect(try Self.killRun(in: dir, when: dir.file("warehouse.sqlite.building")))
        // The published warehouse is still the previous one, intact.
        #expect(try ProcessRunner.sqlite3(dir.file("warehouse.sqlite"), "PRAGMA integrity_check") == "ok")
        #expect(try ProcessRunner.sqlite3(dir.file("warehouse.sqlite"), lastRun) == published)
        #expect(try ProcessRunner.sqlite3(dir.file("staging.sqlite"), "SELECT status FROM etl_run ORDER BY run_id DESC LIMIT 1") == "running")
        let rerun = try SampleRunTests.oneface(["run"], in: dir)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("warehouse.sqlite.building")))
        try Self.compare(dir, with: reference)
        #expect(try ProcessRunner.sqlite3(dir.file("warehouse.sqlite"), "SELECT count(*) FROM etl_run WHERE status = 'interrupted'") == "1")
    }

    @Test("an extract killed halfway stages nothing of the file; the next run finishes without duplicates")
    func killedExtract() throws {
        let reference = try TemporaryDirectory(), dir = try TemporaryDirectory()
        #expect(try SampleRunTests.oneface(["run"], in: reference).status == 0)
        #expect(try SampleRunTests.oneface(["run"], in: dir).status == 0)
        #expect(try Self.killRun(in: dir, when: dir.file("staging.sqlite-journal")))
        let rerun = try SampleRunTests.oneface(["run"], in: dir)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try ProcessRunner.sqlite3(dir.file("staging.sqlite"), "PRAGMA integrity_check") == "ok")
        try Self.compare(dir, with: reference)
    }
}
