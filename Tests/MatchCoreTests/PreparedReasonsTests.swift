import Foundation
import Testing
import _Evaluation
@testable import MatchCore

/// Reasons from terms prepared once per participant (`ExplainableTerms`) against the
/// reasons as they were computed before, pair by pair from the features' dictionaries
/// (kept here as the reference), on the planted landscape.
@Suite("Prepared reasons equal the reasons computed pair by pair")
struct PreparedReasonsTests {
    /// The former implementation: weights by dictionary, shared features by lookup.
    static func referenceReasons(_ a: ParticipantFeatures, _ b: ParticipantFeatures, space: VectorSpace, limit: Int = 3) -> [Reason] {
        func overlap(_ x: FeatureBag, _ y: FeatureBag, direction: Reason.Direction, limit: Int, swapped: Bool = false) -> [Reason] {
            let wx = space.weighted(x), wy = space.weighted(y)
            let nx = wx.values.reduce(0) { $0 + $1 * $1 }.squareRoot(), ny = wy.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard nx > 0, ny > 0 else { return [] }
            var items: [(feature: String, value: Double)] = []
            for (feature, v) in wx { if let w = wy[feature] { items.append((feature, v * w / (nx * ny))) } }
            items.sort { $0.value != $1.value ? $0.value > $1.value : $0.feature < $1.feature }
            var reasons: [Reason] = []
            var shown: [(x: Set<String>, y: Set<String>)] = []
            for item in items {
                let sx = x.sources[item.feature] ?? [], sy = y.sources[item.feature] ?? []
                if FeatureKind(feature: item.feature) == .term && shown.contains(where: { !$0.x.isDisjoint(with: sx) && !$0.y.isDisjoint(with: sy) }) {
                    continue
                }
                shown.append((Set(sx), Set(sy)))
                reasons.append(Reason(direction: direction, term: Explainer.label(item.feature, space: space),
                                      yours: swapped ? sy : sx, theirs: swapped ? sx : sy, contribution: item.value))
                if reasons.count == limit { break }
            }
            return reasons
        }
        var result: [Reason] = []
        result += overlap(a.offers, b.needs, direction: .youOffer, limit: limit)
        result += overlap(b.offers, a.needs, direction: .theyOffer, limit: limit, swapped: true)
        let named = Set(result.map(\.term))
        result += overlap(a.profile, b.profile, direction: .shared, limit: limit + named.count).filter { !named.contains($0.term) }.prefix(limit)
        var seen: Set<String> = []
        return result.filter { seen.insert(referenceSummary($0).lowercased()).inserted }
    }

    /// The former `Reason.summary`: sets of phrases, lowercased strings.
    static func referenceSummary(_ r: Reason) -> String {
        func list(_ phrases: [String], fallback: String) -> String {
            let shown = phrases.isEmpty ? [fallback] : Array(phrases.prefix(2))
            return shown.map { "\"\($0)\"" }.joined(separator: " and ")
        }
        let mine = list(r.yours, fallback: r.term), other = list(r.theirs, fallback: r.term)
        let same = Set(r.yours) == Set(r.theirs)
        let named = (r.yours + r.theirs).contains { $0.lowercased() == r.term.lowercased() }
        let suffix = named ? "" : " (\(r.term))"
        switch r.direction {
        case .youOffer: return same ? "you offer \(mine), which they need\(suffix)" : "you offer \(mine), they need \(other)\(suffix)"
        case .theyOffer: return same ? "they offer \(other), which you need\(suffix)" : "they offer \(other), you need \(mine)\(suffix)"
        case .shared: return same ? "both: \(mine)\(suffix)" : "both work on \(r.term): you \(mine), they \(other)"
        }
    }

    @Test func sameReasonsOnThePlantedLandscape() {
        var settings = PlantedLandscape.Settings()
        settings.pairs = 60
        settings.distractors = 120
        let l = PlantedLandscape(settings)
        let index = VectorIndex.build(participants: l.participants, taxonomy: l.taxonomy, configuration: VectorSpaceConfiguration())
        let space = index.space
        let features = l.participants.map(space.features(of:))
        let prepared = features.map { ExplainableTerms($0, space: space) }
        // Numbered by the vocabulary (what match-all uses): integer merges, the same reasons.
        let vocabulary = ExplanationVocabulary(space)
        let numbered = features.map { ExplainableTerms($0, space: space, vocabulary: vocabulary) }
        #expect(numbered.allSatisfy { $0.profile.byID && $0.offers.byID && $0.needs.byID })
        var compared = 0, nonEmpty = 0
        for i in 0..<features.count {
            // Planted partners (rich reasons) and a spread of others.
            var partners = stride(from: (i * 7) % features.count, to: features.count, by: 37).map { $0 }
            if let p = l.planted[l.participants[i].id], let j = l.participants.firstIndex(where: { $0.id == p }) { partners.append(j) }
            for j in partners where j != i {
                let want = Self.referenceReasons(features[i], features[j], space: space)
                let got = Explainer.reasons(prepared[i], prepared[j], space: space)
                #expect(got.map(\.summary) == want.map(Self.referenceSummary), "\(l.participants[i].id) – \(l.participants[j].id)")
                #expect(got.map { [$0.direction.rawValue, $0.term] + $0.yours + ["|"] + $0.theirs }
                        == want.map { [$0.direction.rawValue, $0.term] + $0.yours + ["|"] + $0.theirs })
                #expect(zip(got, want).allSatisfy { abs($0.contribution - $1.contribution) < 1e-12 })
                // Numbered by the vocabulary on either side or both (an ad-hoc query stays on
                // names): the same reasons, bit for bit.
                #expect(Explainer.reasons(numbered[i], numbered[j], space: space) == got)
                #expect(Explainer.reasons(numbered[i], prepared[j], space: space) == got)
                compared += 1
                if !want.isEmpty { nonEmpty += 1 }
            }
        }
        #expect(compared > 1000 && nonEmpty > 100, "\(compared) pairs, \(nonEmpty) with reasons")
        // The cost per pair once prepared (printed for the record, not asserted: shared machine).
        let start = Date()
        var count = 0
        for i in 0..<min(200, prepared.count) { for j in 0..<10 { _ = Explainer.reasons(numbered[i], numbered[(i + j + 1) % prepared.count], space: space); count += 1 } }
        print("prepared reasons: \(Int(Date().timeIntervalSince(start) / Double(count) * 1e6)) µs per pair (debug build)")
    }

    /// `Reason.equalIgnoringCase` against lowercasing both strings, on the cases where a
    /// shortcut could go wrong: letters whose lowercase is ASCII or longer, composed and
    /// decomposed accents, phrases cut with an ellipsis.
    @Test(arguments: ["K", "k", "\u{212A}", "İ", "i̇", "i", "ß", "SS", "ss", "Straße", "STRASSE", "café", "cafe\u{301}", "CAFÉ",
                      "…sensors for", "…SENSORS FOR", "…sensors fox", "Σ", "σ", "ς", "", "a", "ab", "AB", "\u{301}"])
    func caseInsensitiveEqualityIsLowercasedEquality(_ a: String) {
        let others = ["K", "k", "\u{212A}", "İ", "i̇", "i", "ß", "SS", "ss", "Straße", "STRASSE", "strasse", "café", "cafe\u{301}", "CAFÉ",
                      "…sensors for", "…SENSORS FOR", "…sensors fox", "…sensors", "Σ", "σ", "ς", "", "a", "ab", "AB", "\u{301}", "a\u{301}"]
        for b in others {
            #expect(Reason.equalIgnoringCase(a, b) == (a.lowercased() == b.lowercased()), "\(a) – \(b)")
        }
    }

    /// `Explainer` keeps each reason's summary; changing a reason must not leave it stale.
    @Test func aKeptSummaryFollowsChangesToTheReason() throws {
        let a = company("a", offers: [Statement(keywords: ["acoustic sensors"])])
        let b = company("b", needs: [Statement(keywords: ["sensors for hearing aids"])])
        let index = VectorIndex.build(participants: [a, b], taxonomy: miniTaxonomy, configuration: .init(dimension: 64))
        let reason = try #require(Explainer.reasons(index.space.features(of: a), index.space.features(of: b), space: index.space).first)
        #expect(reason.summary == Self.referenceSummary(reason))
        var changed = reason
        changed.term = "ACOUSTIC SENSORS"
        #expect(changed.summary == Self.referenceSummary(changed))
        changed.direction = .shared
        changed.theirs = changed.yours
        #expect(changed.summary == Self.referenceSummary(changed))
        changed.yours = []
        #expect(changed.summary == Self.referenceSummary(changed))
        #expect(reason.swapped.summary == Self.referenceSummary(reason.swapped))
        #expect(changed != reason)
    }
}
