import Dispatch

/// Runs closures one after the other on a thread of its own; each result is waited for later.
final class SerialWorker: Sendable {
    private let queue: DispatchQueue

    init(label: String) { queue = DispatchQueue(label: label) }

    func submit<T>(_ work: @escaping @Sendable () -> T) -> Pending<T> {
        let pending = Pending<T>()
        queue.async { pending.fulfil(work()) }
        return pending
    }
}

/// A result another thread will deliver.
final class Pending<T>: @unchecked Sendable {
    private let ready = DispatchSemaphore(value: 0)
    private var value: T?  // written once before `ready` is signalled, read after it is waited for

    func fulfil(_ value: T) {
        self.value = value
        ready.signal()
    }

    /// Waits for the result. Call once.
    func wait() -> T {
        ready.wait()
        let result = value!
        value = nil
        return result
    }
}
