internal import CKernels

/// What an ad-hoc query states: offers, needs. One that states only one of them is scored
/// on the direction that exists (`ScorePlan.forQuery`). Its keywords and codes are not offers
/// made, so they are not read from its vectors (where they fill the offers view, as a
/// participant's do when it states no offers).
public struct QuerySides: Sendable, Hashable {
    public var offers: Bool
    public var needs: Bool
    public init(offers: Bool, needs: Bool) {
        self.offers = offers
        self.needs = needs
    }
}

/// A matcher's score resolved against its matrix: which products of views it computes,
/// how the components combine them, and the pair terms added at the exact re-score.
///
/// A component whose weight is 0, or whose views the matrix does not have, computes
/// nothing and adds 0 (the lexical three stay in the list, so the sum rounds as before).
struct ScorePlan: @unchecked Sendable {
    /// One product: the asking row's `rows` view against the partner's `columns` view.
    struct Product: Hashable {
        var rows: VectorView
        var columns: VectorView
        /// Computed exactly on the sparse lexical views (`CompetenceMatrix.lexical`).
        var sparse = false
    }

    /// The kinds of `cm_component`, as C's `int`.
    static let product = Int32(CM_PRODUCT), reciprocal = Int32(CM_RECIPROCAL)
    static let productAbove = Int32(CM_PRODUCT_ABOVE), reciprocalAbove = Int32(CM_RECIPROCAL_ABOVE)

    /// Whether a kind reads two products (`first`, `first + 1`).
    static func isReciprocal(_ kind: Int32) -> Bool { kind == reciprocal || kind == reciprocalAbove }

    var products: [Product] = []
    /// Aligned with `names`: the C description of each dense component.
    var components: [cm_component] = []
    var names: [ScoreComponent.Name] = []
    /// Pair terms with their weights (non-zero only), in the order of the weights.
    var terms: [(term: PairTerm, weight: Float)] = []
    /// The range of the weighted sum of the pair terms, for partners outside every term's
    /// support (`PairTerm.support`).
    var termsRange: ClosedRange<Float> = 0...0
    /// The supports of the weighted pair terms that have one.
    private var supports: [@Sendable (Int) -> [Int]] = []
    /// The products a scored partner reports: those that add up to its competence
    /// similarity, and the first of complementarity's two directions (resolved once, not
    /// per candidate).
    private var similarityProducts: [Int] = []
    private var directions: Int?
    /// The weighted reciprocal components (by index) and their offer and need views: an
    /// ad-hoc query that states one side only is scored on the direction that exists.
    private var reciprocals: [(component: Int, offers: VectorView, needs: VectorView)] = []

    /// - Parameter sparse: whether lexical products are computed on the sparse views (when
    ///   the matrix has them).
    init(weights: ScoringWeights, matrix: CompetenceMatrix, pairTerms: [PairTerm], sparse: Bool = true) {
        let views = matrix.views
        let exact = sparse && matrix.lexical != nil
        // Small vocabularies: the exact views are dense (`exactTerms`), the products dense too.
        let denseExact = exact && matrix.lexicalIsDense
        func isSparse(_ v: VectorView) -> Bool { exact && !denseExact && VectorView.lexical.contains(v) }
        func view(_ v: VectorView) -> VectorView { denseExact && VectorView.lexical.contains(v) ? v.exactTerms : v }
        var low: Float = 0, high: Float = 0
        for c in weights.components {
            switch c.contribution {
            case .product(let v):
                guard c.weight != 0, views.contains(v) else { add(c.name, kind: ScorePlan.product, first: 0, weight: 0); continue }
                add(c.name, kind: c.threshold > 0 ? ScorePlan.productAbove : ScorePlan.product, first: Int32(products.count),
                    weight: c.weight, threshold: c.threshold)
                products.append(Product(rows: view(v), columns: view(v), sparse: isSparse(v)))
            case .reciprocal(let o, let n):
                guard c.weight != 0, views.contains(o), views.contains(n) else {
                    add(c.name, kind: ScorePlan.reciprocal, first: 0, weight: 0); continue
                }
                add(c.name, kind: c.threshold > 0 ? ScorePlan.reciprocalAbove : ScorePlan.reciprocal, first: Int32(products.count),
                    weight: c.weight, threshold: c.threshold)
                products += [Product(rows: view(o), columns: view(n), sparse: isSparse(o) && isSparse(n)),
                             Product(rows: view(n), columns: view(o), sparse: isSparse(o) && isSparse(n))]
                reciprocals.append((components.count - 1, o, n))
                // A direction exists only where one side offers and the other needs; without
                // rows that declare their sides, every pair has both (the kernels' fast path).
                guard matrix.anyDeclaresSides else { continue }
                let offers = matrix.side(o), needs = matrix.side(n)
                components[components.count - 1].rowOffers = offers.rows
                components[components.count - 1].rowNeeds = needs.rows
                components[components.count - 1].offers = offers.rows
                components[components.count - 1].needs = needs.rows
                components[components.count - 1].offersMask = offers.mask
                components[components.count - 1].needsMask = needs.mask
            case .pairTerm:
                guard c.weight != 0, let term = pairTerms.first(where: { $0.name == c.name }) else { continue }
                terms.append((term, c.weight))
                let a = c.weight * term.range.lowerBound, b = c.weight * term.range.upperBound
                if let support = term.support {
                    // Outside its support the term is its lower bound; supported partners are scored besides.
                    supports.append(support)
                    low += a
                    high += a
                } else {
                    low += min(a, b)
                    high += max(a, b)
                }
            }
        }
        precondition(products.count <= Int(CM_MAX_PRODUCTS) && components.count <= Int(CM_MAX_COMPONENTS),
                     "a score has at most \(CM_MAX_PRODUCTS) products and \(CM_MAX_COMPONENTS) dense components")
        termsRange = low...high
        for (c, k) in components.enumerated() where k.weight != 0 {
            switch names[c] {
            case .similarity, .embedding: similarityProducts.append(Int(k.first))
            case .complementarity: directions = Int(k.first)
            default: break
            }
        }
    }

    private mutating func add(_ name: ScoreComponent.Name, kind: Int32, first: Int32, weight: Float, threshold: Float = 0) {
        components.append(cm_component(kind: kind, first: first, weight: weight, threshold: threshold, scale: 1 / (1 - threshold),
                                       rowOffers: nil, rowNeeds: nil, offers: nil, needs: nil, offersMask: nil, needsMask: nil))
        names.append(name)
    }

    /// The plan for one query scored as row 0: a row of the matrix keeps its own sides; an
    /// ad-hoc query has both (the harmonic mean, as for any participant that does not
    /// declare its sides), unless it states needs and no offers, or offers and no needs
    /// (`stated`, with the `matrix` whose rows it meets): then, like an EEN request, it is
    /// scored on the one direction that exists ("who offers what I need"), where before
    /// the harmonic mean with an empty side gave every partner 0.
    func forQuery(row: Int?, stated: QuerySides? = nil, matrix: CompetenceMatrix? = nil) -> ScorePlan {
        var plan = self
        for c in plan.components.indices where plan.components[c].rowOffers != nil {
            if let row {
                plan.components[c].rowOffers = plan.components[c].rowOffers! + row
                plan.components[c].rowNeeds = plan.components[c].rowNeeds! + row
            } else {
                plan.components[c].rowOffers = Self.yes
                plan.components[c].rowNeeds = Self.yes
            }
        }
        guard row == nil, let stated, stated.offers != stated.needs, let matrix else { return plan }
        let (offers, needs) = (stated.offers, stated.needs)
        for r in reciprocals {
            let partnerOffers = matrix.side(r.offers), partnerNeeds = matrix.side(r.needs)
            plan.components[r.component].rowOffers = offers ? Self.yes : Self.no
            plan.components[r.component].rowNeeds = needs ? Self.yes : Self.no
            plan.components[r.component].offers = partnerOffers.rows
            plan.components[r.component].needs = partnerNeeds.rows
            plan.components[r.component].offersMask = partnerOffers.mask
            plan.components[r.component].needsMask = partnerNeeds.mask
        }
        return plan
    }

    /// One-row side flags for ad-hoc queries (written once, then only read).
    nonisolated(unsafe) private static let yes: UnsafePointer<UInt8> = { let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1); p.pointee = 1; return UnsafePointer(p) }()
    nonisolated(unsafe) private static let no: UnsafePointer<UInt8> = { let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1); p.pointee = 0; return UnsafePointer(p) }()

    /// The dense views the products read.
    var views: Set<VectorView> { Set(products.filter { !$0.sparse }.flatMap { [$0.rows, $0.columns] }) }

    /// Whether a weighted component reads a sparse product.
    var readsSparse: Bool {
        components.contains { k in k.weight != 0 && products[Int(k.first)].sparse }
    }

    /// Whether a weighted component reads a dense product.
    var readsDense: Bool {
        components.contains { k in
            k.weight != 0 && (!products[Int(k.first)].sparse || (ScorePlan.isReciprocal(k.kind) && !products[Int(k.first) + 1].sparse))
        }
    }

    /// How many times faster than its products a component's value can change: the harmonic
    /// mean at most doubles a change, a threshold t scales it by 1/(1 − t). A prefilter's
    /// error bound on a product times this bounds the component's error.
    static func slope(_ k: cm_component) -> Float {
        let above = k.kind == productAbove || k.kind == reciprocalAbove
        return (isReciprocal(k.kind) ? 2 : 1) * (above ? k.scale : 1)
    }

    /// The middle of the pair terms' range, added to every approximate score.
    var termsOffset: Float { termsRange.isEmpty ? 0 : (termsRange.lowerBound + termsRange.upperBound) / 2 }
    /// Half the pair terms' range: what an approximate score cannot know about them.
    var termsHalfRange: Float { (termsRange.upperBound - termsRange.lowerBound) / 2 }

    /// The partners of row i that a pair term with a support may lift above what the
    /// prefilter assumed (ascending, without i): they are scored exactly besides the candidates.
    func supportedPartners(_ i: Int) -> [Int] {
        switch supports.count {
        case 0: return []
        case 1: return supports[0](i).filter { $0 != i }
        default: return Array(Set(supports.flatMap { $0(i) })).filter { $0 != i }.sorted()
        }
    }

    /// Whether some weighted pair term has a support.
    var hasSupports: Bool { !supports.isEmpty }

    /// The weighted sum of the pair terms for rows (i, j), in a fixed order.
    /// The weighted sum of the pair terms for rows (i, j) whose component score is `content`
    /// (gated terms, `PairTerm.related`, count only where it is above 0 or the pair is related).
    func terms(_ i: Int, _ j: Int, content: Float) -> Float {
        var sum: Float = 0
        for (term, weight) in terms { sum += weight * term.value(i, j, content: content) }
        return sum
    }

    /// A component's value from the products' values, for asking row i (0 for a query
    /// plan) and partner j, as `cm_exact_score` reads it.
    func value(_ c: Int, _ value: (Int) -> Float, _ i: Int, _ j: Int) -> Float {
        var k = components[c]
        guard k.weight != 0 else { return 0 }
        let first = Int(k.first)
        return cm_component_value(&k, value(first), ScorePlan.isReciprocal(k.kind) ? value(first + 1) : 0, i, j)
    }

    /// The score from the products' values, as `cm_exact_score` adds it up.
    func combine(_ products: (Int) -> Float, _ i: Int, _ j: Int) -> Float {
        var score: Float = 0
        for (c, k) in components.enumerated() {
            let v = value(c, products, i, j)
            score = c == 0 ? k.weight * v : score + k.weight * v
        }
        return score
    }

    /// A scored partner from the products' values: `similarity` is the competence
    /// similarity (the profile product, plus the participants' own vectors' when blended
    /// in), `forward`/`backward` the directions of complementarity.
    func partner(row: Int, score: Float, _ value: (Int) -> Float) -> ScoredPartner {
        var s: Float = 0
        for p in similarityProducts { s += value(p) }
        let f = directions.map { value($0) } ?? 0, g = directions.map { value($0 + 1) } ?? 0
        return ScoredPartner(row: row, score: score, similarity: s, forward: f, backward: g)
    }

    /// Each component's value and weight, for explanations.
    func parts(_ products: (Int) -> Float, terms i: Int?, _ j: Int) -> [ScorePart] {
        var parts: [ScorePart] = []
        for (c, k) in components.enumerated() {
            parts.append(ScorePart(name: names[c], value: value(c, products, i ?? 0, j), weight: k.weight))
        }
        // The gate reads the components' score, added up as `combine` does.
        let content = parts.enumerated().reduce(Float(0)) { sum, p in p.offset == 0 ? p.element.contribution : sum + p.element.contribution }
        for (term, weight) in terms {
            parts.append(ScorePart(name: term.name, value: i.map { term.value($0, j, content: content) } ?? 0, weight: weight))
        }
        return parts
    }
}
