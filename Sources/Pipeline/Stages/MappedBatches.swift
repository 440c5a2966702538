import Extract
import Foundation
import PipelineCore

/// One record after reading and mapping: values to stage, or a row to quarantine.
enum MappedRow: Sendable {
    case staged(line: Int, values: [CanonicalValue])
    case rejected(line: Int, reason: String, rawText: String)
}

/// Reads and maps a file on a background thread while the caller writes to SQLite, so parsing
/// and inserting use both cores. Batches go through a small bounded queue: memory stays flat.
final class MappedBatches: @unchecked Sendable {
    // @unchecked: all mutable state is guarded by `condition`; the reader and mapper are owned by
    // the producer thread alone after `start`.
    private let condition = NSCondition()
    private var queue: [[MappedRow]] = []
    private var finished = false
    private var failure: ExtractError?
    private var cancelled = false
    private let capacity = 8
    private let batchSize = 2048

    /// Starts producing from `reader` on a new thread.
    func start(reader: any RecordReader, mapper: RecordMapper, delimiter: UInt8) {
        nonisolated(unsafe) var reader = reader
        let thread = Thread { [self] in
            var batch: [MappedRow] = []
            batch.reserveCapacity(batchSize)
            do throws(ExtractError) {
                while let outcome = try reader.next() {
                    switch outcome {
                    case let .record(line, record):
                        switch mapper.map(record) {
                        case let .success(values): batch.append(.staged(line: line, values: values))
                        case let .failure(failure):
                            batch.append(.rejected(line: line, reason: failure.description, rawText: record.rawText(delimiter: delimiter)))
                        }
                    case let .reject(line, reason, rawText):
                        batch.append(.rejected(line: line, reason: reason, rawText: rawText))
                    }
                    if batch.count == batchSize {
                        guard push(batch) else { finish(nil); return }
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty { _ = push(batch) }
                finish(nil)
            } catch {
                finish(error)
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    private func push(_ batch: [MappedRow]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        queue.append(batch)
        condition.broadcast()
        return true
    }

    private func finish(_ error: ExtractError?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, nil at the end; throws the reader's file-level error.
    func next() throws(ExtractError) -> [MappedRow]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !finished { condition.wait() }
        if !queue.isEmpty {
            let batch = queue.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }

    /// Stops the producer (the consumer failed) and waits until it has let go.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
