import Dispatch

/// Splits `0..<count` into one contiguous block per core and runs `body` on the blocks at
/// the same time. Results come back in block order, so joining them gives the same answer
/// as `body(0..<count)`, whatever the number of cores.
///
/// `body` may keep state of its own per block (caches), but must not share mutable state.
/// Fewer than `minimumBlock` items per core run on the calling thread alone.
package func concurrentBlocks<R>(_ count: Int, minimumBlock: Int = 1024, _ body: (Range<Int>) -> R) -> [R] {
    let workers = max(1, min(ProcessInfoCores.count, count / max(1, minimumBlock)))
    if workers == 1 { return [body(0..<count)] }
    var results = [R?](repeating: nil, count: workers)
    results.withUnsafeMutableBufferPointer { out in
        nonisolated(unsafe) let buffer = out
        withoutActuallyEscaping(body) { f in
            nonisolated(unsafe) let fn = f
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                buffer[w] = fn(count * w / workers ..< count * (w + 1) / workers)
            }
        }
    }
    return results.map { $0! }
}
