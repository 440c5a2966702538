import Extract
import Foundation
import PipelineCore

/// One record after reading and mapping: values to stage, or a row to quarantine.
enum MappedRow: Sendable {
    /// `nulled`: the values stored as NULL under `on_invalid: null`.
    case staged(line: Int, values: [CanonicalValue], nulled: [NulledValue])
    case rejected(line: Int, reason: String, rawText: String)
    /// Skipped: a value the mapping's `ignore:` lists (counted, neither staged nor rejected).
    case ignored(line: Int)
}

/// A batch of mapped rows packed for the SQLite writer: the values of the mapped fields in one flat
/// array and all their text bytes in one arena, so the writer binds without copying (`SQLITE_STATIC`)
/// and frees one buffer per batch instead of one String per value.
struct PackedBatch: Sendable {
    enum Row: Sendable {
        /// `first` is the index in `fields` of this row's first mapped value.
        case staged(line: Int, first: Int)
        case rejected(line: Int, reason: String, rawText: String)
        case ignored(line: Int)
    }

    struct Field: Sendable {
        enum Kind: UInt8, Sendable { case null, integer, text }
        var kind: Kind
        /// The integer, or the text's offset in `bytes`.
        var value: Int64
        var length: Int32
    }

    /// A value staged as NULL under `on_invalid: null`, with the line of its row (for `etl_nulled`).
    struct Nulled: Sendable {
        var line: Int
        var value: NulledValue
    }

    var rows: [Row] = []
    var fields: [Field] = []
    var bytes: [UInt8] = []
    var nulled: [Nulled] = []
    /// Staged rows with at least one nulled value.
    var nulledRows = 0
    /// Bytes of the file read when the batch was full (for progress).
    var position: Int64 = 0

    mutating func append(line: Int, values: [CanonicalValue], mapped: [Int], nulled rowNulled: [NulledValue] = []) {
        if !rowNulled.isEmpty {
            nulledRows += 1
            nulled += rowNulled.map { Nulled(line: line, value: $0) }
        }
        rows.append(.staged(line: line, first: fields.count))
        for index in mapped {
            switch values[index] {
            case .null: fields.append(Field(kind: .null, value: 0, length: 0))
            case let .integer(number): fields.append(Field(kind: .integer, value: number, length: 0))
            case let .text(text):
                let offset = bytes.count
                bytes.append(contentsOf: text.utf8)
                fields.append(Field(kind: .text, value: Int64(offset), length: Int32(bytes.count - offset)))
            }
        }
    }

    var isEmpty: Bool { rows.isEmpty }
    var count: Int { rows.count }
}

/// Reads and maps a file on a background thread while the caller writes to SQLite, so parsing
/// and inserting use both cores. Batches go through a small bounded queue: memory stays flat.
final class MappedBatches: @unchecked Sendable {
    // @unchecked: all mutable state is guarded by `condition`; the reader and mapper are owned by
    // the producer thread alone after `start`.
    private let condition = NSCondition()
    private var queue: [PackedBatch] = []
    private var finished = false
    private var failure: ExtractError?
    private var cancelled = false
    private let capacity = 8
    private let batchSize = 2048

    /// Starts producing from `reader` on a new thread.
    /// The reject reason of a record of an erased person.
    static let erasedReason = "erased subject"

    /// `tombstones`: records of erased people become rejects "erased subject", without their text.
    /// `bytes`: the file the reader reads, whose position each batch records (read on the reader's thread).
    func start(reader: any RecordReader, mapper: RecordMapper, delimiter: UInt8, tombstones: Tombstones? = nil, bytes: ByteSource? = nil) {
        nonisolated(unsafe) let bytes = bytes
        nonisolated(unsafe) var reader = reader
        let mapped = mapper.mappedFieldIndexes
        let erased = tombstones.flatMap { $0.isEmpty ? nil : $0 }
        let source = mapper.source
        let thread = Thread { [self] in
            var batch = PackedBatch()
            var nulled: [NulledValue] = []
            do throws(ExtractError) {
                while let outcome = try reader.next() {
                    switch outcome {
                    case let .record(line, record):
                        switch mapper.map(record, nulled: &nulled) {
                        case let .success(values):
                            if let erased, erased.matches(source: source, fields: mapper.fields, values: values) {
                                // Nothing of an erased subject is kept, nulled values included.
                                batch.rows.append(.rejected(line: line, reason: Self.erasedReason, rawText: ""))
                            } else {
                                batch.append(line: line, values: values, mapped: mapped, nulled: nulled)
                            }
                        case let .failure(failure) where failure.isIgnored:
                            batch.rows.append(.ignored(line: line))
                        case let .failure(failure):
                            // A CSV row or an XML record as it stood in the file; a JSON record as compact JSON.
                            let rawText = (reader as? CSVReader)?.lastRecordText()
                                ?? (reader as? XMLRecordReader)?.lastRecordText()
                                ?? record.rawText(delimiter: delimiter)
                            batch.rows.append(.rejected(line: line, reason: failure.description, rawText: rawText))
                        }
                    case let .reject(line, reason, rawText):
                        batch.rows.append(.rejected(line: line, reason: reason, rawText: rawText))
                    }
                    if batch.count == batchSize {
                        batch.position = bytes?.position ?? 0
                        guard push(batch) else { finish(nil); return }
                        batch = PackedBatch()
                    }
                }
                if !batch.isEmpty {
                    batch.position = bytes?.position ?? 0
                    _ = push(batch)
                }
                finish(nil)
            } catch {
                finish(error)
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    private func push(_ batch: PackedBatch) -> Bool {
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
    func next() throws(ExtractError) -> PackedBatch? {
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
