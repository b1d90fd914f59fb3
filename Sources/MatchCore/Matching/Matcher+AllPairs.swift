import CKernels
import Dispatch

extension Matcher {
    /// Every participant's best `k` partners.
    ///
    /// Every part of the score is symmetric (s(A→B) of one pair is s(B→A) of the other, and
    /// the harmonic mean does not care about order), so only tiles (I, J) with I ≤ J are
    /// computed: one `cblas_sgemm` per part, then each tile serves the rows of I and,
    /// transposed, the rows of J. Selection is fused into the tile loop: a row's current
    /// k-th best score is checked before any heap work. Each core runs its own share of the
    /// tiles with a single-threaded BLAS and its own heaps, merged at the end; the result
    /// does not depend on the number of workers. The N×N matrix is never held: memory is
    /// O(N·d + workers·N·k + workers·tile²).
    /// - Parameters:
    ///   - allow: an extra filter on (row, partner row) pairs; it may be asked from several threads.
    ///   - progress: called now and then with the number of rows' worth of work done.
    public func allTopMatches(k: Int, tileRows: Int = 512, workers: Int = max(1, min(8, ProcessInfoCores.count)),
                              allow: (@Sendable (Int, Int) -> Bool)? = nil,
                              progress: ((Int) -> Void)? = nil) -> [[ScoredPartner]] {
        let n = matrix.count
        guard n > 0, k > 0 else { return [[ScoredPartner]](repeating: [], count: n) }
        let t = max(1, min(tileRows, n))
        let blocks = (n + t - 1) / t
        var tileList: [(Int, Int)] = []
        for bi in 0..<blocks { for bj in bi..<blocks { tileList.append((bi, bj)) } }
        let tiles = tileList
        nonisolated(unsafe) let report = progress  // only worker 0 calls it
        let workerCount = max(1, min(workers, tiles.count))

        let states = (0..<workerCount).map { _ in AllPairsWorker(rows: n, k: k, tile: t) }
        let this = self
        BLAS.singleThreaded {
            DispatchQueue.concurrentPerform(iterations: workerCount) { w in
                let state = states[w]
                var done = 0
                for index in stride(from: w, to: tiles.count, by: workerCount) {
                    let (bi, bj) = tiles[index]
                    this.process(tile: (bi * t, min(n, (bi + 1) * t)), (bj * t, min(n, (bj + 1) * t)), state: state, allow: allow)
                    done += 1
                    if w == 0, let report { report(min(n, n * done * workerCount / tiles.count)) }
                }
            }
        }
        // Merge: the ranking order is total (score, then row), so the result is the same
        // whichever worker saw which candidate.
        var result = [[ScoredPartner]](repeating: [], count: n)
        for i in 0..<n {
            if workerCount == 1 { result[i] = states[0].heaps[i].items; continue }
            var top = TopK(k: k)
            for s in states { for item in s.heaps[i].items { top.offer(item) } }
            result[i] = top.items
        }
        progress?(n)
        return result
    }

    private func process(tile rowsI: (Int, Int), _ rowsJ: (Int, Int), state: AllPairsWorker,
                         allow: (@Sendable (Int, Int) -> Bool)?) {
        let (i0, i1) = rowsI, (j0, j1) = rowsJ
        let m = i1 - i0, nn = j1 - j0, d = matrix.dimension
        let diagonal = i0 == j0
        let w = weights
        state.ensure(m * nn)
        matrix.profile.withUnsafeBufferPointer { p in
        matrix.offers.withUnsafeBufferPointer { o in
        matrix.needs.withUnsafeBufferPointer { nd in
        matrix.keywords.withUnsafeBufferPointer { kw in
            let P = p.baseAddress!, O = o.baseAddress!, N = nd.baseAddress!, K = kw.baseAddress!
            if w.similarity != 0 { BLAS.multiplyTransposed(P + i0 * d, rows: m, P + j0 * d, rows: nn, depth: d, into: state.s) }
            if w.complementarity != 0 {
                BLAS.multiplyTransposed(O + i0 * d, rows: m, N + j0 * d, rows: nn, depth: d, into: state.f)
                BLAS.multiplyTransposed(N + i0 * d, rows: m, O + j0 * d, rows: nn, depth: d, into: state.g)
            }
            if w.keywords != 0 { BLAS.multiplyTransposed(K + i0 * d, rows: m, K + j0 * d, rows: nn, depth: d, into: state.k) }
        }}}}
        cm_combine(m, nn, w.similarity != 0 ? state.s : nil, w.complementarity != 0 ? state.f : nil,
                   w.complementarity != 0 ? state.g : nil, w.keywords != 0 ? state.k : nil,
                   w.similarity, w.complementarity, w.keywords, state.out, state.outT)

        let empty = matrix.isEmptyProfile
        let minimum = minimumScore
        // Rows of I against the columns of J (on the diagonal: only the upper triangle).
        for r in 0..<m where !empty[i0 + r] {
            let i = i0 + r
            let start = diagonal ? r + 1 : 0
            guard start < nn else { continue }
            let found = cm_collect(state.out + r * nn + start, nn - start, max(state.threshold(i), minimum), Int.max, state.index, state.value)
            for c in 0..<found {
                let col = start + Int(state.index[c]), j = j0 + col
                if empty[j] { continue }
                if let allow, !allow(i, j) { continue }
                let at = r * nn + col
                state.heaps[i].offer(ScoredPartner(row: j, score: state.value[c], similarity: state.s[at],
                                                   forward: state.f[at], backward: state.g[at]))
            }
        }
        // Rows of J against the columns of I, from the transposed tile; the same pair scores
        // serve both sides, so s(J→I) is the G tile and s(I→J) the F tile.
        for c in 0..<nn where !empty[j0 + c] {
            let j = j0 + c
            let count = diagonal ? c : m
            guard count > 0 else { continue }
            let found = cm_collect(state.outT + c * m, count, max(state.threshold(j), minimum), Int.max, state.index, state.value)
            for x in 0..<found {
                let r = Int(state.index[x]), i = i0 + r
                if empty[i] { continue }
                if let allow, !allow(j, i) { continue }
                let at = r * nn + c
                state.heaps[j].offer(ScoredPartner(row: i, score: state.value[x], similarity: state.s[at],
                                                   forward: state.g[at], backward: state.f[at]))
            }
        }
    }
}

/// One worker's heaps and tile buffers.
final class AllPairsWorker: @unchecked Sendable {
    var heaps: [TopK]
    private(set) var capacity = 0
    var s: UnsafeMutablePointer<Float>, f: UnsafeMutablePointer<Float>, g: UnsafeMutablePointer<Float>, k: UnsafeMutablePointer<Float>
    var out: UnsafeMutablePointer<Float>, outT: UnsafeMutablePointer<Float>
    var index: UnsafeMutablePointer<UInt32>, value: UnsafeMutablePointer<Float>

    init(rows: Int, k keep: Int, tile: Int) {
        heaps = [TopK](repeating: TopK(k: keep), count: rows)
        let size = tile * tile
        capacity = size
        s = .allocate(capacity: size); f = .allocate(capacity: size); g = .allocate(capacity: size); k = .allocate(capacity: size)
        out = .allocate(capacity: size); outT = .allocate(capacity: size)
        index = .allocate(capacity: tile); value = .allocate(capacity: tile)
        for p in [s, f, g, k] { p.initialize(repeating: 0, count: size) }
    }

    func ensure(_ size: Int) { precondition(size <= capacity) }

    @inline(__always)
    func threshold(_ row: Int) -> Float { heaps[row].threshold }

    deinit {
        for p in [s, f, g, k, out, outT, value] { p.deallocate() }
        index.deallocate()
    }
}

/// The number of cores to use.
public enum ProcessInfoCores {
    public static var count: Int {
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? Int(n) : 1
    }
}

#if canImport(Glibc)
import Glibc
#endif
