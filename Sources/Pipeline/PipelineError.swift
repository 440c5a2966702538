import Extract
import PipelineCore
import Report
import SQLiteDB
import Staging

/// Why a pipeline command stopped. Each case maps to a documented exit code.
public enum PipelineError: Error, CustomStringConvertible {
    case config(ConfigError)
    /// An input problem the operator must fix (missing files, unreadable export).
    case input(String)
    case lockHeld(lockFile: String, holder: String)
    /// Rows read ≠ rows staged + rows rejected, or an integrity check failed.
    case reconciliation(String)
    case database(SQLiteError)
    case staging(StagingError)
    case report(ReportError)
    case failure(String)

    public var description: String {
        switch self {
        case let .config(error): return "config error: \(error)"
        case let .input(message): return "input error: \(message)"
        case let .lockHeld(lockFile, holder):
            return "another OneFace run holds the lock \(lockFile) (\(holder)); this run did nothing. Wait for it to finish, or check `oneface status`."
        case let .reconciliation(message): return "reconciliation failed: \(message). Nothing was published; report this as a bug."
        case let .database(error): return "database error: \(error)"
        case let .staging(error): return "staging: \(error)"
        case let .report(error): return "\(error)"
        case let .failure(message): return message
        }
    }

    /// Process exit code (documented in the README).
    public var exitCode: Int32 {
        switch self {
        case .config: return ExitStatus.configError
        case .input: return ExitStatus.inputError
        case .lockHeld: return ExitStatus.lockHeld
        case let .staging(error):
            if case .missing = error { return ExitStatus.inputError }
            return ExitStatus.failure
        case let .report(error):
            switch error {
            case .noWarehouse, .notAWarehouse, .modelUnreadable: return ExitStatus.inputError
            case .database, .cannotWrite: return ExitStatus.failure
            }
        case .reconciliation, .database, .failure: return ExitStatus.failure
        }
    }
}

/// The exit codes cron and operators can rely on (sysexits.h values).
public enum ExitStatus {
    public static let success: Int32 = 0
    /// A file could not be read; the run went on with the rest and loaded what it could.
    public static let inputError: Int32 = 65
    public static let failure: Int32 = 70
    public static let lockHeld: Int32 = 75
    public static let configError: Int32 = 78
}
