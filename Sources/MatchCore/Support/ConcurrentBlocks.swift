import Dispatch

/// Splits `0..<count` into one contiguous block per worker and runs `body` on the blocks at
/// the same time: the one way this package spreads work over the cores.
///
/// Block `w` of `W` is `count·w/W ..< count·(w+1)/W`, and results come back in block order,
/// so joining them gives the same answer as `body(0, 0..<count)` whatever the number of
/// cores. `body` also gets its block's number (`0..<W`): state kept per worker (a cache, an
/// analyser, a buffer) is indexed by it, and no two blocks run with the same number.
/// `body` must not share other mutable state.
///
/// - Parameters:
///   - count: items to split.
///   - minimumBlock: fewer items than this per worker are not worth a thread: then fewer
///     workers, down to one, which runs `body` on the calling thread.
///   - maxWorkers: at most this many blocks (default: the cores online).
/// - Complexity: the work of `body` over `count` items, divided over min(cores, maxWorkers,
///   count / minimumBlock) threads.
package func concurrentBlocks<R>(_ count: Int, minimumBlock: Int = 1024, maxWorkers: Int = ProcessInfoCores.count,
                                 _ body: (_ worker: Int, _ block: Range<Int>) -> R) -> [R] {
    let workers = max(1, min(maxWorkers, count / max(1, minimumBlock)))
    if workers == 1 { return [body(0, 0..<count)] }
    var results = [R?](repeating: nil, count: workers)
    results.withUnsafeMutableBufferPointer { out in
        nonisolated(unsafe) let buffer = out  // each worker writes its own element only
        withoutActuallyEscaping(body) { f in
            nonisolated(unsafe) let fn = f
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                buffer[w] = fn(w, count * w / workers ..< count * (w + 1) / workers)
            }
        }
    }
    return results.map { $0! }
}

/// `concurrentBlocks` for bodies that keep no state per worker.
package func concurrentBlocks<R>(_ count: Int, minimumBlock: Int = 1024, _ body: (Range<Int>) -> R) -> [R] {
    concurrentBlocks(count, minimumBlock: minimumBlock) { _, block in body(block) }
}
