import Foundation

/// Runs async work to its end from synchronous code (the CLI's commands are synchronous).
///
/// The work runs as a detached task on the cooperative pool while the calling thread waits on a
/// semaphore; the caller is never a pool thread (it is the process's main thread), so the wait
/// cannot starve the pool.
enum Blocking {
    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }

    /// Written once by the task before `signal`, read once by the caller after `wait`: the
    /// semaphore orders the two, so no other synchronisation is needed.
    private final class ResultBox<T>: @unchecked Sendable {
        var result: Result<T, Error>?
    }
}
