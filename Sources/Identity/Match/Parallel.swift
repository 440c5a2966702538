import Dispatch

/// Runs independent pieces of work on all cores and hands back their results in index order, so
/// the outcome never depends on which thread finished first.
package enum Parallel {
    /// `body(0) ... body(count - 1)`, spread over the cores; results in index order.
    package static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 1 else { return count == 1 ? [body(0)] : [] }
        let slots = Slots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            slots.store(body(index), at: index)
        }
        return slots.take()
    }
}

/// One result slot per work item.
///
/// `@unchecked Sendable`: every slot is written by exactly one `concurrentPerform` iteration and
/// read only after all of them have returned, so no two threads ever touch the same memory.
private final class Slots<T>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<T?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func store(_ value: T, at index: Int) {
        precondition(index >= 0 && index < count)
        storage[index] = value
    }

    func take() -> [T] {
        (0..<count).map { index in
            guard let value = storage[index] else { preconditionFailure("work item \(index) produced no result") }
            storage[index] = nil
            return value
        }
    }
}

/// A value computed on another thread while the caller goes on; `wait` returns it.
///
/// `@unchecked Sendable`: `value` is written once, by the worker before it leaves the group, and
/// read only after `wait` has seen the group empty.
package final class Background<T: Sendable>: @unchecked Sendable {
    private let group = DispatchGroup()
    private var value: T?

    package init(_ body: @escaping @Sendable () -> T) {
        group.enter()
        DispatchQueue.global().async {
            self.value = body()
            self.group.leave()
        }
    }

    /// The value, once computed.
    package func wait() -> T {
        group.wait()
        return value!
    }
}
