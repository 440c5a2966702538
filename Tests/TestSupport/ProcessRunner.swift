import Foundation

/// Runs a real program and collects its exit status and output.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

public enum ProcessRunner {
    /// Runs `executable` with `arguments`; stdin is empty.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], cwd: String? = nil,
                           environment: [String: String] = [:]) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes concurrently so a chatty child never blocks on a full pipe.
        nonisolated(unsafe) var errData = Data()
        let errReader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        errReader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errReader.isFinished { usleep(1000) }
        return ProcessResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The `oneface` binary under test.
    public static func oneface(_ arguments: [String], cwd: String? = nil) throws -> ProcessResult {
        try run(RepositoryPaths.onefaceBinary, arguments, cwd: cwd ?? RepositoryPaths.root.path)
    }

    /// The real `sqlite3` shell, as an analyst would use it. Returns stdout; throws on a non-zero exit.
    public static func sqlite3(_ database: String, _ sql: String, options: [String] = ["-batch", "-noheader", "-separator", "|"]) throws -> String {
        let result = try run("/usr/bin/sqlite3", options + [database, sql])
        guard result.status == 0 else {
            throw ShellError(message: "sqlite3 exited \(result.status): \(result.stderr)")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

public struct ShellError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
