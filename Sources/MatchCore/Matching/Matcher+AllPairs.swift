internal import CKernels
import Dispatch
import LinearAlgebra

extension Matcher {
    /// Every participant's best `k` partners, exact in float32.
    ///
    /// Every part of the score is symmetric (s(A→B) of one pair is s(B→A) of the other, and
    /// the harmonic mean does not care about order), so only tiles (I, J) with I ≤ J are
    /// computed; each tile serves the rows of I and, transposed, the rows of J.
    ///
    /// Two phases. The tiles are products of bfloat16 copies of the vectors (`vdpbf16ps`,
    /// twice the arithmetic of float32 per instruction) where the CPU has them, else
    /// `cblas_sgemm`; their error is bounded (`TilePrefilter.margin`). Selection is fused into
    /// the tile loop: each row keeps only the candidates within twice that margin of its
    /// k-th best approximate score, checked before any other work. Then each row's few
    /// candidates are re-scored exactly in float32 and ranked. Whatever the tiling or the
    /// number of workers, the result is the exact float32 top k (ties by row).
    ///
    /// Each core runs its own share of the tiles with its own candidate pools, merged at the
    /// end. The N×N matrix is never held: memory is O(N·d + workers·N·k), a pool holding at
    /// most 8k + 48 candidates, plus workers·tile² on the float32 path.
    /// - Parameters:
    ///   - tileRows: rows per tile; rounded up to a multiple of 16 for the bfloat16 kernel.
    ///   - allow: an extra filter on (row, partner row) pairs; it may be asked from several threads.
    ///   - progress: called now and then with the number of rows' worth of work done.
    public func allTopMatches(k requested: Int, tileRows: Int = 512, workers: Int = max(1, min(8, ProcessInfoCores.count)),
                              allow: (@Sendable (Int, Int) -> Bool)? = nil,
                              progress: ((Int) -> Void)? = nil) -> [[ScoredPartner]] {
        let n = matrix.count
        guard n > 0, requested > 0 else { return [[ScoredPartner]](repeating: [], count: n) }
        let k = min(requested, max(1, n - 1))  // nobody has more partners than that
        let plan = self.plan
        if plan.readsSparse { return sparseTopMatches(k: k, plan: plan, workers: workers, allow: allow, progress: progress) }
        let prefilter = TilePrefilter(matrix: matrix, plan: plan, bfloat16: allPairsKernel == .automatic && AllPairsKernelInfo.bfloat16)
        let t = prefilter.bfloat16 ? (max(1, min(tileRows, n)) + 15) / 16 * 16 : max(1, min(tileRows, n))
        let blocks = (n + t - 1) / t
        var tileList: [(Int, Int)] = []
        for bi in 0..<blocks { for bj in bi..<blocks { tileList.append((bi, bj)) } }
        let tiles = tileList
        nonisolated(unsafe) let report = progress  // only worker 0 calls it
        let workerCount = max(1, min(workers, tiles.count))
        let empty = matrix.isEmptyProfile.map { UInt8($0 ? 1 : 0) }
        let filter = allow.map(AllowFilter.init)
        let minimum = minimumScore

        return withExactJob(margin: prefilter.margin, plan: plan, zero: prefilter.zeroViews) { exactJob in
        empty.withUnsafeBufferPointer { emptyRows in
            nonisolated(unsafe) let job = exactJob  // read-only while the workers run
            let floor = minimum.isFinite ? minimum - prefilter.margin : -.infinity
            let pools = (0..<workerCount).map { _ in
                TilePools(cm_pools_create(n, UInt32(k), 2 * prefilter.margin, floor, emptyRows.baseAddress!, job))
            }
            defer { pools.forEach { cm_pools_free($0.pointer) } }
            withExtendedLifetime(filter) {
                nonisolated(unsafe) let context = filter.map { UnsafeRawPointer(Unmanaged.passUnretained($0).toOpaque()) }
                let allowed: cm_allow? = filter == nil ? nil : allowTrampoline
                BLAS.singleThreaded {
                    _ = concurrentBlocks(tiles.count, minimumBlock: 1, maxWorkers: workerCount) { w, block in
                        let buffers = prefilter.bfloat16 ? nil : TileBuffers(tile: t)
                        var done = 0
                        for index in block {
                            let (bi, bj) = tiles[index]
                            prefilter.select(rows: bi * t, min(n, (bi + 1) * t), columns: bj * t, min(n, (bj + 1) * t),
                                             into: pools[w].pointer, buffers: buffers, allow: allowed, context: context)
                            done += 1
                            if w == 0, let report { report(min(n, n * done / block.count) * 9 / 10) }
                        }
                    }
                }
            }
            // Exact re-scoring of each row's few candidates, on as many workers. The pools of
            // all workers together hold every partner whose approximate score is within the
            // slack of the k-th best, so the result does not depend on which worker saw what.
            var result = [[ScoredPartner]](repeating: [], count: n)
            nonisolated(unsafe) let sets = pools.map { Optional($0.pointer) }
            result.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let out = out
                _ = concurrentBlocks(n, minimumBlock: 1, maxWorkers: workerCount) { _, rows in
                    var candidates = [UInt32](repeating: 0, count: 4 * k + 64)
                    var approximate = [Float](repeating: 0, count: candidates.count)
                    for i in rows {
                        var count = cm_pools_candidates(sets, sets.count, i, &candidates, &approximate, candidates.count)
                        if count > candidates.count {
                            candidates = [UInt32](repeating: 0, count: count)
                            approximate = [Float](repeating: 0, count: count)
                            count = cm_pools_candidates(sets, sets.count, i, &candidates, &approximate, candidates.count)
                        }
                        // Best approximate first: once the list is full, a candidate whose score
                        // cannot reach its k-th best even at the margin ends the row.
                        var top = TopK(k: k)
                        for x in 0..<count {
                            if top.items.count == k && approximate[x] + prefilter.margin < top.threshold { break }
                            let exact = Self.exactScore(job, plan: plan, row: i, partner: Int(candidates[x]))
                            if exact.score >= minimum { top.offer(exact) }
                        }
                        Self.offerSupported(&top, plan: plan, row: i, empty: emptyRows, allow: allow, minimum: minimum) {
                            Self.exactScore(job, plan: plan, row: i, partner: $0)
                        }
                        out[i] = top.items
                    }
                }
            }
            progress?(n)
            return result
        }
        }
    }

    /// Every row's exact top k when lexical products are sparse: each row gathers the exact
    /// products of the partners it shares a term with from the postings (term at a time),
    /// scores those, and scores the others only when they could still reach its top k
    /// (`cm_sparse_top`). Dense products of the plan, if any, are computed for every pair.
    /// Rows are shared out to the workers; memory O(N·k + workers·N·products).
    private func sparseTopMatches(k: Int, plan: ScorePlan, workers: Int, allow: (@Sendable (Int, Int) -> Bool)?,
                                  progress: ((Int) -> Void)?) -> [[ScoredPartner]] {
        let n = matrix.count
        let empty = matrix.isEmptyProfile.map { UInt8($0 ? 1 : 0) }
        let filter = allow.map(AllowFilter.init)
        let products = plan.products.count
        nonisolated(unsafe) let report = progress  // only worker 0 calls it
        var result = [[ScoredPartner]](repeating: [], count: n)
        let bounds = prunesWeakTerms ? TermBounds(plan: plan, index: matrix.lexical) : nil
        withExactJob(margin: 0, plan: plan) { exactJob in
            empty.withUnsafeBufferPointer { emptyRows in
                withExtendedLifetime(filter) {
                    var top = cm_sparse_top_job()
                    top.job = exactJob
                    top.n = n
                    top.k = UInt32(k)
                    top.minimum = minimumScore
                    // A partner sharing no term: every product 0 (every component 0), plus the pair terms.
                    top.untouchedHigh = plan.termsRange.upperBound
                    top.termsHigh = plan.terms.isEmpty ? 0 : plan.termsRange.upperBound
                    top.empty = emptyRows.baseAddress
                    top.allow = filter == nil ? nil : allowTrampoline
                    top.context = filter.map { UnsafeRawPointer(Unmanaged.passUnretained($0).toOpaque()) }
                    bounds?.install(in: &top)
                    top.seedPostings = strongTermPostings ?? 0
                    top.blockPartners = gatheringBlock ?? 0
                    nonisolated(unsafe) let job = top
                    result.withUnsafeMutableBufferPointer { out in
                        nonisolated(unsafe) let out = out
                        _ = concurrentBlocks(n, minimumBlock: 64, maxWorkers: max(1, workers)) { w, rows in
                            var job = job
                            let acc = UnsafeMutablePointer<Float>.allocate(capacity: max(1, products * n))
                            acc.initialize(repeating: 0, count: max(1, products * n))
                            var mark = [UInt8](repeating: 0, count: n)
                            var touched = [UInt32](repeating: 0, count: n + 1)  // + 1: the pruned gathering writes one ahead
                            var partners = [UInt32](repeating: 0, count: k)
                            var scores = [Float](repeating: 0, count: k)
                            var values = [Float](repeating: 0, count: k * Int(CM_MAX_PRODUCTS))
                            // The pruned path's gathered squares and dense row (nil: not pruned).
                            let scratch = bounds == nil ? nil : UnsafeMutablePointer<Float>.allocate(capacity: cm_sparse_top_scratch(&job))
                            scratch?.initialize(repeating: 0, count: cm_sparse_top_scratch(&job))
                            defer { acc.deallocate(); scratch?.deallocate() }
                            for (done, i) in rows.enumerated() {
                                let count = cm_sparse_top(&job, i, acc, &mark, &touched, &partners, &scores, &values, scratch)
                                out[i] = (0..<count).map { x in
                                    plan.partner(row: Int(partners[x]), score: scores[x]) { values[x * Int(CM_MAX_PRODUCTS) + $0] }
                                }
                                if plan.hasSupports {
                                    var top = TopK(k: k)
                                    out[i].forEach { top.offer($0) }
                                    Self.offerSupported(&top, plan: plan, row: i, empty: emptyRows, allow: allow, minimum: minimumScore) {
                                        Self.exactScore(job.job!, plan: plan, row: i, partner: $0)
                                    }
                                    out[i] = top.items
                                }
                                if w == 0, let report, done % 256 == 0 { report(min(n, done * n / max(1, rows.count)) * 9 / 10) }
                            }
                        }
                    }
                }
            }
        }
        withExtendedLifetime(bounds) {}
        progress?(n)
        return result
    }

    /// The views and weights the exact score reads, valid inside `body`.
    func withExactJob<R>(margin: Float, _ body: (UnsafePointer<cm_exact_job>) -> R) -> R {
        withExactJob(margin: margin, plan: plan, body)
    }

    /// - Parameter zero: views that are zero in every row: their products are 0 (the dot
    ///   product of zeros is +0, the value the arithmetic gives), so none is computed.
    func withExactJob<R>(margin: Float, plan: ScorePlan, zero: Set<VectorView> = [], _ body: (UnsafePointer<cm_exact_job>) -> R) -> R {
        let views = Array(plan.views).sorted()
        return matrix.views.withBaseAddresses(views) { base in
            var job = cm_exact_job()
            job.products = Int32(plan.products.count)
            withUnsafeMutableBytes(of: &job.product) { raw in
                let list = raw.bindMemory(to: cm_product.self)
                for (p, product) in plan.products.enumerated() {
                    if product.sparse, let index = matrix.lexical {
                        list[p] = cm_product(dimension: 0, rows: nil, columns: nil, sparseRows: index.view(product.rows)!.rows.sparse,
                                             sparseColumns: index.view(product.columns)!.rows.sparse,
                                             postings: index.view(product.columns)!.postings.sparse)
                    } else {
                        let zeros = zero.contains(product.rows) || zero.contains(product.columns)
                        list[p] = cm_product(dimension: zeros ? 0 : matrix.views.dimension(of: product.rows), rows: base[product.rows],
                                             columns: base[product.columns], sparseRows: nil, sparseColumns: nil, postings: nil)
                    }
                }
            }
            job.components = Int32(plan.components.count)
            withUnsafeMutableBytes(of: &job.component) { raw in
                let list = raw.bindMemory(to: cm_component.self)
                for (c, component) in plan.components.enumerated() { list[c] = component }
            }
            job.margin = margin
            guard !plan.terms.isEmpty else { return withUnsafePointer(to: &job) { body($0) } }
            let terms = PairTermsBox(plan)
            return withExtendedLifetime(terms) {
                job.terms = pairTermsTrampoline
                job.termsContext = UnsafeRawPointer(Unmanaged.passUnretained(terms).toOpaque())
                return withUnsafePointer(to: &job) { body($0) }
            }
        }
    }

    /// Offers row i's partners that a pair term's support may lift (`PairTerm.support`),
    /// scored exactly, under the same rules as the candidates (not itself, no empty
    /// profiles, the filter, the minimum). Partners already in the list are skipped; one that
    /// was scored and dropped before is dropped again, as its score is the same.
    private static func offerSupported(_ top: inout TopK, plan: ScorePlan, row i: Int, empty: UnsafeBufferPointer<UInt8>,
                                       allow: (@Sendable (Int, Int) -> Bool)?, minimum: Float,
                                       score: (Int) -> ScoredPartner) {
        guard plan.hasSupports, empty[i] == 0 else { return }
        let listed = Set(top.items.map(\.row))
        for j in plan.supportedPartners(i) where empty[j] == 0 && !listed.contains(j) {
            if let allow, !allow(i, j) { continue }
            let exact = score(j)
            if exact.score >= minimum { top.offer(exact) }
        }
    }

    private static func exactScore(_ job: UnsafePointer<cm_exact_job>, plan: ScorePlan, row i: Int, partner j: Int) -> ScoredPartner {
        // On the stack: this runs for every candidate of every row.
        withUnsafeTemporaryAllocation(of: Float.self, capacity: Int(CM_MAX_PRODUCTS)) { values in
            let score = cm_exact_score(job, i, j, values.baseAddress!)
            return plan.partner(row: j, score: score) { values[$0] }
        }
    }

    /// The float32 score of one pair and its parts, the same whichever side asks: the score
    /// the all-pairs path ranks by (two dot products per part, not a whole row of them).
    public func score(row i: Int, partner j: Int) -> ScoredPartner {
        let plan = self.plan
        return withExactJob(margin: 0, plan: plan) { Self.exactScore($0, plan: plan, row: i, partner: j) }
    }
}

/// The pair terms of a plan, callable from C.
private final class PairTermsBox {
    let plan: ScorePlan
    init(_ plan: ScorePlan) { self.plan = plan }
}

private let pairTermsTrampoline: cm_pair_terms = { context, i, j, content in
    Unmanaged<PairTermsBox>.fromOpaque(context!).takeUnretainedValue().plan.terms(i, j, content: content)
}

extension VectorViews {
    /// Calls `body` with the base address of each named view's values.
    func withBaseAddresses<R>(_ names: [VectorView], _ body: ([VectorView: UnsafePointer<Float>]) -> R) -> R {
        func nest(_ index: Int, _ acc: [VectorView: UnsafePointer<Float>]) -> R {
            guard index < names.count else { return body(acc) }
            return withValues(names[index]) { values in
                var next = acc
                next[names[index]] = values.baseAddress ?? UnsafePointer(bitPattern: 16)!  // empty view: never read
                return nest(index + 1, next)
            }
        }
        return nest(0, [:])
    }
}

/// Each sparse product's largest value per term in the partners' view: what lets
/// `cm_sparse_top` leave out terms too weak to lift anyone into a row's top k. Made only
/// when every weighted component reads sparse products with a weight ≥ 0 and every value
/// is ≥ 0 (TF-IDF weights are), the conditions under which the bounds hold.
final class TermBounds {
    private var most: [Int: UnsafeMutableBufferPointer<Float>] = [:]
    /// Each partner's squared norm in each product's partners' view (partner-major), and per
    /// product the largest norm.
    private let squared: UnsafeMutableBufferPointer<Float>
    private var largest: [Int: Float] = [:]
    private let terms: Int

    init?(plan: ScorePlan, index: LexicalIndex?) {
        guard let index else { return nil }
        terms = index.termCount
        let products = plan.products.count
        squared = .allocate(capacity: max(1, index.count * products))
        squared.initialize(repeating: 0)
        for k in plan.components where k.weight != 0 {
            let last = Int(k.first) + (ScorePlan.isReciprocal(k.kind) ? 1 : 0)
            guard k.weight > 0, (Int(k.first)...last).allSatisfy({ plan.products[$0].sparse }) else { return nil }
            for p in Int(k.first)...last where most[p] == nil {
                let product = plan.products[p]
                let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(1, index.termCount))
                most[p] = buffer
                guard let columns = index.view(product.columns), let rows = index.view(product.rows),
                      cm_sparse_max(columns.postings.sparse, index.termCount, buffer.baseAddress) >= 0,
                      rows.rows.value.allSatisfy({ $0 >= 0 }) else { return nil }
                largest[p] = cm_sparse_norms(columns.rows.sparse, index.count, squared.baseAddress! + p, products)
            }
        }
        if most.isEmpty { return nil }
    }

    deinit {
        most.values.forEach { $0.deallocate() }
        squared.deallocate()
    }

    /// Points the job at the bounds (valid while this object lives).
    func install(in job: inout cm_sparse_top_job) {
        job.terms = terms
        withUnsafeMutableBytes(of: &job.termMax) { raw in
            let list = raw.bindMemory(to: UnsafePointer<Float>?.self)
            for (p, buffer) in most { list[p] = UnsafePointer(buffer.baseAddress) }
        }
        job.norm2 = UnsafePointer(squared.baseAddress)
        withUnsafeMutableBytes(of: &job.normMax) { raw in
            let list = raw.bindMemory(to: Float.self)
            for (p, norm) in largest { list[p] = norm }
        }
    }
}

/// The products behind the all-pairs prefilter.
enum AllPairsKernel: Sendable {
    /// bfloat16 where the CPU has it, else float32.
    case automatic
    /// `cblas_sgemm` tiles.
    case float32
}

/// A Swift pair filter, callable from the C selection loop.
private final class AllowFilter {
    let allow: @Sendable (Int, Int) -> Bool
    init(_ allow: @escaping @Sendable (Int, Int) -> Bool) { self.allow = allow }
}

private let allowTrampoline: cm_allow = { context, row, partner in
    Unmanaged<AllowFilter>.fromOpaque(context!).takeUnretainedValue().allow(row, partner) ? 1 : 0
}

/// One worker's pools (each worker touches only its own).
private struct TilePools: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer?) { self.pointer = pointer! }
}

/// Tile buffers of the float32 path: one per product, and the combined scores.
final class TileBuffers {
    let products: [UnsafeMutablePointer<Float>]
    let out: UnsafeMutablePointer<Float>
    init(tile: Int) {
        let size = tile * tile
        products = (0..<Int(CM_MAX_PRODUCTS)).map { _ in .allocate(capacity: size) }
        out = .allocate(capacity: size)
    }
    deinit { for p in products + [out] { p.deallocate() } }
}

/// How tiles are scored approximately and offered to the pools, and how far the
/// approximate scores may be from float32.
final class TilePrefilter: @unchecked Sendable {
    let matrix: CompetenceMatrix
    let plan: ScorePlan
    let bfloat16: Bool
    /// Bound on |approximate − exact| of a combined score.
    let margin: Float
    /// Views the weighted components read that are zero in every row (such as the profile
    /// that participants' own vectors blend away at `embeddingWeight` 1).
    let zeroViews: Set<VectorView>
    /// Packed bfloat16 panels of the views the products read, and the job that names them.
    private let panels: [UnsafeMutablePointer<UInt32>]
    private let job: cm_bf16_job

    convenience init(matrix: CompetenceMatrix, weights: ScoringWeights, bfloat16: Bool) {
        self.init(matrix: matrix, plan: ScorePlan(weights: weights, matrix: matrix, pairTerms: []), bfloat16: bfloat16)
    }

    init(matrix: CompetenceMatrix, plan: ScorePlan, bfloat16: Bool) {
        precondition(!bfloat16 || cm_bf16_supported() != 0, "the bfloat16 kernel needs AVX-512 BF16")
        self.matrix = matrix
        self.plan = plan
        self.bfloat16 = bfloat16
        let n = matrix.count
        // |â·b̂ − a·b| = |(a − â)·b + â·(b − b̂)| ≤ ‖a − â‖‖b‖ + ‖â‖‖b − b̂‖, with the rounding
        // errors ‖a − â‖ measured row by row when packing (Cauchy–Schwarz: typically half
        // the worst case 2u‖a‖‖b‖, u = 2⁻⁸). Float accumulation of d terms, in the tile and
        // in the exact re-score, adds γ_d‖a‖‖b‖ each. The harmonic mean at most doubles an error.
        var norms: [VectorView: Float] = [:], zero: Set<VectorView> = []
        /// The largest row norm of a view (read once per view, however many products use it).
        func norm(_ view: VectorView) -> Float {
            if let known = norms[view] { return known }
            let d = matrix.views.dimension(of: view)
            var best = 0.0
            matrix.views.withValues(view) { p in
                for i in 0..<n {
                    var sum = 0.0
                    for x in 0..<d { let value = Double(p[i * d + x]); sum += value * value }
                    best = max(best, sum)
                }
            }
            let result = Float(best.squareRoot() * 1.0001) + 1e-30
            norms[view] = result
            if best == 0 { zero.insert(view) }
            return result
        }
        var packed: [VectorView: (panels: UnsafePointer<UInt32>, error: Float)] = [:]
        var owned: [UnsafeMutablePointer<UInt32>] = []
        func pack(_ view: VectorView) -> (panels: UnsafePointer<UInt32>, error: Float) {
            if let p = packed[view] { return p }
            let d = matrix.views.dimension(of: view)
            let p = UnsafeMutablePointer<UInt32>.allocate(capacity: max(1, cm_bf16_panel_words(n, d)))
            var errors = [Float](repeating: 0, count: n)
            matrix.views.withValues(view) { if n > 0 { cm_bf16_pack($0.baseAddress!, n, d, p, &errors) } }
            owned.append(p)
            let result = (UnsafePointer(p), (errors.max() ?? 0) * 1.0001 + 1e-30)
            packed[view] = result
            return result
        }
        /// The bound for one product's values, rows of `a` against rows of `b`.
        func bound(_ product: ScorePlan.Product) -> Float {
            let a = product.rows, b = product.columns
            let gamma = Float(matrix.views.dimension(of: a) + 2) * 0x1p-24 * 1.01
            let na = norm(a), nb = norm(b)
            guard bfloat16 else { return 2 * gamma * na * nb }
            let ea = pack(a).error, eb = pack(b).error
            return ea * nb + (na + ea) * eb + gamma * (na + ea) * (nb + eb) + gamma * na * nb
        }
        var total: Float = 0
        // |weights|: a negative weight (allowed by ScoringWeights) adds its error too.
        for c in plan.components where c.weight != 0 {
            let first = Int(c.first)
            // The harmonic mean and a threshold scale a product's error (`ScorePlan.slope`).
            if ScorePlan.isReciprocal(c.kind) {
                total += abs(c.weight) * ScorePlan.slope(c) * max(bound(plan.products[first]), bound(plan.products[first + 1]))
            } else {
                total += abs(c.weight) * ScorePlan.slope(c) * bound(plan.products[first])
            }
        }
        // What the prefilter cannot see of the pair terms: half their range either way.
        margin = total * 1.001 + 1e-6 + plan.termsHalfRange
        zeroViews = zero
        panels = owned
        guard bfloat16 else { job = cm_bf16_job(); return }

        let (products, components) = Self.tileProducts(plan) { zero.contains($0.rows) || zero.contains($0.columns) }
        var job = cm_bf16_job()
        job.products = Int32(products.count)
        withUnsafeMutableBytes(of: &job.dimension) { raw in
            let list = raw.bindMemory(to: Int.self)
            for (p, product) in products.enumerated() { list[p] = matrix.views.dimension(of: product.rows) }
        }
        withUnsafeMutableBytes(of: &job.rowSide) { raw in
            let list = raw.bindMemory(to: UnsafePointer<UInt32>?.self)
            for (p, product) in products.enumerated() { list[p] = pack(product.rows).panels }
        }
        withUnsafeMutableBytes(of: &job.columnSide) { raw in
            let list = raw.bindMemory(to: UnsafePointer<UInt32>?.self)
            for (p, product) in products.enumerated() { list[p] = pack(product.columns).panels }
        }
        job.components = Int32(components.count)
        withUnsafeMutableBytes(of: &job.component) { raw in
            let list = raw.bindMemory(to: cm_component.self)
            for (c, component) in components.enumerated() { list[c] = component }
        }
        job.offset = plan.termsOffset
        self.job = job
    }

    deinit { panels.forEach { $0.deallocate() } }

    /// The products and components the bfloat16 tiles compute: the plan's, less the
    /// components whose products are all `isZero` (a view that is zero in every row, such
    /// as the profile blended away by participants' own vectors at `embeddingWeight` 1).
    /// Such a component adds exactly 0 to every approximate score (bfloat16 keeps zeros,
    /// and a harmonic mean of zeros is 0), so leaving it out changes no score and saves its
    /// products; its weight becomes 0, which the kernel skips. The exact re-score still
    /// reads the whole plan. When every component would go, the plan is kept as it is.
    static func tileProducts(_ plan: ScorePlan, isZero: (ScorePlan.Product) -> Bool) -> ([ScorePlan.Product], [cm_component]) {
        var products: [ScorePlan.Product] = [], components = plan.components
        for (c, k) in plan.components.enumerated() where k.weight != 0 {
            let own = plan.products[Int(k.first)..<(Int(k.first) + (ScorePlan.isReciprocal(k.kind) ? 2 : 1))]
            if own.allSatisfy(isZero) {
                components[c].weight = 0
                components[c].first = 0
            } else {
                components[c].first = Int32(products.count)
                products += own
            }
        }
        return products.isEmpty ? (plan.products, plan.components) : (products, components)
    }

    /// Scores tile (i0..<i1) × (j0..<j1) approximately and offers its pairs to the pools.
    func select(rows i0: Int, _ i1: Int, columns j0: Int, _ j1: Int, into pools: OpaquePointer, buffers: TileBuffers?,
                allow: cm_allow?, context: UnsafeRawPointer?) {
        let m = i1 - i0, nn = j1 - j0, diagonal: Int32 = i0 == j0 ? 1 : 0
        if bfloat16 {
            withUnsafePointer(to: job) { cm_bf16_select_tile($0, pools, i0, m, j0, nn, diagonal, allow, context) }
            return
        }
        guard let b = buffers else { return }
        let plan = self.plan
        matrix.views.withBaseAddresses(Array(plan.views).sorted()) { base in
            for (p, product) in plan.products.enumerated() {
                let d = matrix.views.dimension(of: product.rows)
                BLAS.multiplyTransposed(base[product.rows]! + i0 * d, rows: m, base[product.columns]! + j0 * d, rows: nn,
                                        depth: d, into: b.products[p])
            }
        }
        let tiles = b.products.map { Optional(UnsafePointer($0)) }
        tiles.withUnsafeBufferPointer { t in
            cm_combine(m, nn, t.baseAddress!, plan.components, Int32(plan.components.count), plan.termsOffset, i0, j0, b.out)
        }
        cm_pools_select_tile(pools, b.out, i0, m, j0, nn, diagonal, allow, context)
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

/// Which kernel the all-pairs prefilter runs on this CPU, for `doctor`.
public enum AllPairsKernelInfo {
    /// Whether the bfloat16 kernel runs: the CPU has AVX-512 BF16 and the environment does
    /// not ask for float32 (`CLUSTERMATCH_ALLPAIRS_KERNEL=float32`, to compare the two).
    public static var bfloat16: Bool {
        cm_bf16_supported() != 0 && getenv("CLUSTERMATCH_ALLPAIRS_KERNEL").map { String(cString: $0) } != "float32"
    }

    /// Whether sparse all-pairs leaves out weak terms, unless `CLUSTERMATCH_ALLPAIRS_PRUNE=off`.
    public static let prunesWeakTerms = getenv("CLUSTERMATCH_ALLPAIRS_PRUNE").map { String(cString: $0) } != "off"

    /// "bfloat16" (AVX-512 BF16 products, then float32 re-score) or "float32" (BLAS sgemm tiles).
    public static var name: String { bfloat16 ? "bfloat16" : "float32" }
}
