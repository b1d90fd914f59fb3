import Foundation
import MatchCore
import MatchStore

/// How far an engine that follows writes in place (`ClusterMatch.follow(writesTo:engine:currency:)`)
/// may answer differently from a fresh load, and when it should be rebuilt.
///
/// Rows changed in place are analysed with the engine's IDF: the corpus statistics of its
/// last full build (features it had never seen join with their document frequency at the
/// time they arrive). A fresh load would use today's statistics for every row. Every lexical
/// score is a cosine of IDF-weighted vectors with non-negative weights, so when no IDF the
/// engine uses differs from today's by more than a factor `r` (`idfRatio`), every such
/// cosine, and every score made of them, differs from a fresh load's by at most
/// `(r⁴ − 1) ×` itself (`drift`). docs/engine-writes.md states the rule.
package struct EngineCurrency: Sendable, Hashable {
    /// Participants changed in place (upserted, deleted) since the engine's last full build.
    package private(set) var changedParticipants: Set<String> = []
    /// Document frequencies now of the features whose frequency may have moved since the
    /// full build (those of the changed participants, before and after the change).
    private var touched: [String: Int] = [:]
    /// Participants in the database at the last write followed.
    package private(set) var documents: Int?
    /// The largest ratio (≥ 1) between an IDF the engine uses and the database's now.
    package private(set) var idfRatio: Double = 1

    package init() {}

    /// Bound on how much any score may differ from a fresh load's, relative to that score.
    package var drift: Double { pow(idfRatio, 4) - 1 }

    /// Refresh (rebuild fully) once more than this share of the participants changed in place …
    package static let maximumChangedShare = 0.01
    /// … or at least this many, on a small database …
    package static let minimumChangesBeforeRefresh = 64
    /// … or once some IDF moved by more than this factor (`drift` above 0.46).
    package static let maximumIDFRatio = 1.10

    /// Whether the engine, of `participants` rows, should be rebuilt (the service builds the
    /// fresh engine in the background and answers with this one meanwhile).
    package func needsRefresh(participants: Int) -> Bool {
        Double(changedParticipants.count) > Self.changeLimit(participants: participants) || idfRatio > Self.maximumIDFRatio
    }

    /// Whether the engine drifted so far past the refresh rule (twice the changes, or an
    /// IDF ratio of 1.10² = 1.21) that it must not answer until it is rebuilt: writes that
    /// kept coming while a refresh was built.
    package func isTooFarBehind(participants: Int) -> Bool {
        Double(changedParticipants.count) > 2 * Self.changeLimit(participants: participants)
            || idfRatio > Self.maximumIDFRatio * Self.maximumIDFRatio
    }

    /// The refresh rule's number of changed participants for an engine of `participants`
    /// rows; more changed than this at once are not followed in place (a full reload is cheaper).
    package static func changeLimit(participants: Int) -> Double {
        max(Double(minimumChangesBeforeRefresh), maximumChangedShare * Double(participants))
    }

    /// Notes a followed write: `features` now have frequency `counts.frequency` among
    /// `counts.documents` participants; `space` is the engine's space after it.
    mutating func note(_ ids: some Sequence<String>, features: Set<String>, counts: (documents: Int, frequency: [String: Int]),
                       space: VectorSpace) {
        changedParticipants.formUnion(ids)
        for name in features { touched[name] = counts.frequency[name] }  // nil: nobody has it now, it weighs nothing
        documents = counts.documents
        // Features nobody touched moved only with the number of participants: their IDF
        // ln((1+N)/(1+df)) + 1 ≥ 1 moved by |ln((1+N′)/(1+N))| at most.
        let n0 = Double(1 + space.statistics.documentCount), n1 = Double(1 + counts.documents)
        var r = 1 + abs(log(n1 / n0))
        for (name, df) in touched {
            let used = space.statistics.idf(name), now = log(n1 / Double(1 + df)) + 1
            r = max(r, used / now, now / used)
        }
        idfRatio = r
    }
}

extension ClusterMatch {
    /// Brings a loaded engine up to date with writes to the participants `ids` (upserted or
    /// deleted; the database already holds the result) without reloading the others: each
    /// changed participant is analysed again with the engine's vector space and its row
    /// replaced, a new one appended, a deleted (or no longer matchable) one removed, and the
    /// rules' facts and pair terms follow. `currency` records what this leaves behind.
    ///
    /// - Parameter includeUnmatchable: whether the engine holds participants left out of
    ///   matching by default (then a participant who becomes unmatchable stays).
    /// An engine that matches on meaning gets the changed participants' semantic views too:
    /// made now (their new texts embedded, `updateSemanticViews(among:)`) and stored, then
    /// set in its rows; its semantic noise floors are measured again on its rows as they are
    /// then (docs/vector-store.md, "Semantic views written in place").
    /// - Returns: false, with the engine unchanged, when it cannot follow in place (it
    ///   holds participants' own vectors, or a new feature does not fit a small
    ///   vocabulary's dense layout): reload it then.
    /// - Complexity: O(changed participants × their features) reads and analysis, plus
    ///   `CompetenceMatrix.apply`.
    package func follow(writesTo ids: some Sequence<String>, engine: inout MatchEngine, currency: inout EngineCurrency,
                        includeUnmatchable: Bool = false) throws -> Bool {
        var space = engine.space
        let vocabulary = space.vocabulary
        var features = Set<String>()
        var removed: [RowChange] = []
        var kept: [(row: Int?, participant: Participant, features: ParticipantFeatures)] = []
        let changed = Set(ids).sorted()
        for id in changed {
            // No local copy of the matrix: it would share its arrays, and writing them would copy them whole.
            let row = engine.matcher.matrix.row(of: id)
            if let row, let terms = engine.matcher.matrix.lexical?.terms(row: row) {
                for view in VectorView.lexical { for t in terms[view]!.terms { if let name = vocabulary.name(of: t) { features.insert(name) } } }
            }
            guard let p = try store.participant(id), includeUnmatchable || isMatchable(p) else {
                if let row { removed.append(.remove(row: row)) }
                continue
            }
            let f = space.featureWeights(of: p)
            for bag in [f.profile, f.offers, f.needs, f.keywords] { features.formUnion(bag.weights.keys) }
            kept.append((row, p, f))
        }
        let counts = try store.corpusCounts(of: features)
        // Features the engine has never seen join its statistics as they are now.
        space = space.adding(features: features.sorted().filter { space.statistics.documentFrequency[$0] == nil }
            .map { ($0, counts.frequency[$0] ?? 1) })
        // A write that gives the landscape its first need, or takes its last, changes the
        // profile lists are ranked with (`ScoringProfile.withoutNeeds`): reload.
        if (engine.standsInFor ?? engine.profile).withoutNeeds != nil, try store.statesNeeds() != (engine.standsInFor == nil) { return false }
        let semantic = try writtenSemanticViews(of: kept.map(\.participant.id), engine: engine)
        if engine.isSemantic && semantic == nil { return false }
        var changes = removed
        for k in kept {
            var vectors = space.vectors(of: k.features)
            let declares = EENPartnering(k.participant) != nil
            if let semantic { vectors.extra.merge(semantic[k.participant.id]!) { $1 } }
            changes.append(k.row.map { .replace(row: $0, vectors: vectors, declaresSides: declares) }
                           ?? .append(id: k.participant.id, vectors: vectors, declaresSides: declares))
        }
        guard engine.matcher.apply(changes) else { return false }
        for k in kept { engine.directory.set(ParticipantDirectory.Entry(k.participant), row: k.row ?? engine.directory.count) }
        engine.space = space
        // Their stored explanations describe them as they were (features new to the engine
        // are numbered after the vocabulary's names, so the others' records stay valid).
        engine.explanations?.forget(changed)
        // A directory read from a vector store keeps the rows written over its entries: the
        // stored term is patched for those rows, and no other entry is decoded.
        let directory = engine.directory, stored = engine.storedTargetedCountries
        let targeted = directory.rowsSetInPlace.map { rows in
            { TargetedCountries.term(base: stored, changed: rows) { directory[$0] } }
        }
        engine.matcher.pairTerms = MatchEngine.pairTerms(matrix: engine.matcher.matrix, directory: engine.directory,
                                                         weights: engine.matcher.weights, network: engine.network,
                                                         targetedCountries: targeted)
        // The semantic noise floors, measured again on the rows as they are now.
        if semantic != nil { engine.matcher.weights = MatchEngine.weights(engine.profile.weights, semantic: true) }
        currency.note(changed, features: features, counts: counts, space: space)
        return true
    }
}

extension ClusterMatch {
    /// The database's generation now (the one a vector store and an engine are stamped with).
    package func databaseGeneration() throws -> Int64 { try store.storeStamp().generation }

    /// Where the database stands in its change log now: read it before loading an engine,
    /// then `catchUp(engine:…)` follows whatever is committed after.
    package func changeLogPosition() throws -> ChangeLogPosition { try store.changeLogPosition() }

    /// What `catchUp(engine:currency:position:includeUnmatchable:)` did.
    package enum CatchUp: Sendable, Hashable {
        /// The engine follows the database: these participants were applied in place (none
        /// when nothing changed).
        case followed([String])
        /// The engine cannot follow (why): load it again.
        case reload(String)
    }

    /// Brings an engine standing at `position` up to the database's changes since, made by
    /// any process (another process's `import`, `participants delete`, this one's writes):
    /// the participants the change log names are applied in place (`follow(writesTo:…)`),
    /// and `position` moves to where that leaves the engine.
    ///
    /// It cannot when the log does not reach back to `position` (pruned), when something
    /// other than participants changed (taxonomy, vector dimension, history, outcomes),
    /// when more participants changed than the refresh rule allows at once
    /// (`EngineCurrency.changeLimit`), or when the engine cannot follow in place at all
    /// (`follow(writesTo:…)` returns false); then the engine is left as it was.
    /// - Complexity: O(changes since `position`) index reads, plus `follow(writesTo:…)`.
    package func catchUp(engine: inout MatchEngine, currency: inout EngineCurrency, position: inout ChangeLogPosition,
                         includeUnmatchable: Bool = false) throws -> CatchUp {
        let limit = Int(EngineCurrency.changeLimit(participants: engine.matcher.matrix.count))
        switch try store.participantChanges(since: position, limit: limit) {
        case .unknown(let now):
            return .reload(now.epoch != position.epoch ? "the taxonomy, the vector dimension or the history changed"
                                                       : "the change log no longer reaches back to generation \(position.generation)")
        case .tooMany:
            return .reload("more than \(limit) participants changed")
        case .participants(let changed, let now):
            let ids = MatchStore.resolvingErased(changed, among: engine.matcher.matrix.ids)
            if !ids.isEmpty {
                guard try follow(writesTo: ids, engine: &engine, currency: &currency, includeUnmatchable: includeUnmatchable) else {
                    return .reload("the engine cannot follow writes in place")
                }
            }
            position = now
            return .followed(ids)
        }
    }
}

extension ClusterMatch {
    /// The semantic views of participants just written, as matrix views by id (zeros for a
    /// participant without statements): made first for those that lack them (their new
    /// texts embedded, the others read from the cache) and stored. Nil when the engine does
    /// not match on meaning, or semantic matching is off for this application.
    func writtenSemanticViews(of ids: [String], engine: MatchEngine) throws -> [String: [VectorView: [Float]]]? {
        guard engine.isSemantic, let encoder = semanticEncoder else { return nil }
        let model = Self.embeddingModelKey(encoder)
        try updateSemanticViews(among: ids)
        let stored = try store.semanticViews(model: model, ids: ids)
        let views = engine.matcher.matrix.views
        var out: [String: [VectorView: [Float]]] = [:]
        for id in ids {
            let s = stored[id]
            func zero(_ view: VectorView) -> [Float] { [Float](repeating: 0, count: views.dimension(of: view)) }
            out[id] = [.semanticOffers: s?.offers ?? zero(.semanticOffers), .semanticNeeds: s?.needs ?? zero(.semanticNeeds),
                       .semanticProfile: s?.profile ?? zero(.semanticProfile)]
        }
        return out
    }
}

/// An engine just loaded, with where it stands in the database's change log.
package struct LoadedEngine {
    package var engine: MatchEngine
    /// The change log position of its full build (a vector store's snapshot, or the
    /// database read before loading).
    package var built: ChangeLogPosition
    /// The position it has caught up with.
    package var position: ChangeLogPosition
    /// What following changes in place since the full build left behind (nothing for a fresh load).
    package var currency: EngineCurrency
}

extension ClusterMatch {
    /// Loads the engine of a profile (`MatchEngine.load`), with where it stands.
    ///
    /// With `followingStore`, a vector store behind the database only by participants the
    /// change log names, no more than the refresh rule's number (`EngineCurrency.changeLimit`),
    /// is used as it is: the engine is loaded from it and the changed participants are applied
    /// in place (`follow(writesTo:…)`), as a service follows writes. A one-participant write
    /// then costs the next command that participant's analysis instead of a rebuild of every
    /// participant's store rows. Its answers may differ from a fresh load's by the drift the
    /// currency reports (docs/engine-writes.md). When the store is further behind, cannot be
    /// followed, or the drift passes the refresh rule, the store is rebuilt (or, without
    /// `rebuildingStore`, the engine read from the database) as before.
    package func loadEngine(profile: String? = nil, includeUnmatchable: Bool = false, rebuildingStore: Bool = true,
                            followingStore: Bool = false, standIn: Bool = true) throws -> LoadedEngine {
        // Before anything is read: a write after it (a first need) is caught up with.
        let built = try changeLogPosition()
        var asked = try Self.scoringProfile(profile)
        if !standIn { asked.withoutNeeds = nil }
        let scoring = try rankingProfile(for: asked)
        let semantic = semanticStoreSource()
        let history = try matchingHistory()
        // Following is a shortcut: whatever stops it (a participant that no longer reads, the
        // model failing on a new text) is met again, and reported, by the full load below.
        let standsInFor = scoring != asked ? asked : nil
        if let note = MatchEngine.profileNote(standsInFor: standsInFor) { notice?(note) }
        let loaded: LoadedEngine
        if followingStore, let followed = try? engineFollowingStore(scoring, standsInFor: standsInFor, includeUnmatchable: includeUnmatchable,
                                                                    semantic: semantic, history: history) {
            loaded = followed
        } else {
            var engine = try MatchEngine.load(store, profile: scoring, includeUnmatchable: includeUnmatchable, rebuildingStore: rebuildingStore,
                                              semantic: semantic, history: history)
            engine.standsInFor = standsInFor
            loaded = LoadedEngine(engine: engine, built: built, position: built, currency: EngineCurrency())
        }
        if let notice, standsInFor == nil, let other = asked.withoutNeeds,
           let note = try fewNeedsNote(asked.name, standIn: other, participants: loaded.engine.matcher.matrix.count) {
            notice(note)
        }
        return loaded
    }

    /// A few stated needs bring a profile's own weights back (`withoutNeeds`) for everyone,
    /// though every pair without needs on both sides still has a complementarity of 0: say
    /// so when fewer than 1 in 20 participants state one (a CORDIS landscape with a handful
    /// of requests imported). Nil otherwise.
    func fewNeedsNote(_ profile: String, standIn: String, participants: Int) throws -> String? {
        let enough = max(1, participants / 20)
        let stating = try store.participantsStatingNeeds(atMost: enough)
        guard stating < enough else { return nil }
        let name = Self.standInName(standIn)
        return "only \(stating) of \(participants) participants state a need: \(profile) gives every pair without needs on both sides a complementarity of 0, so most lists rank by similarity and shared partners alone; --profile \(name) ranks them with the weights of \(name)"
    }

    /// The profile lists are ranked with: `profile`, or, when no participant states a need
    /// (every pair's complementarity is then 0), `profile` with its `withoutNeeds` profile's
    /// weights, thresholds and `embeddingWeight`. Its name, rules and `asOf` stay: who may
    /// meet whom does not depend on what is stated. The stand-in's own `withoutNeeds` is not followed.
    func rankingProfile(for profile: ScoringProfile) throws -> ScoringProfile {
        guard let other = profile.withoutNeeds, try !store.statesNeeds() else { return profile }
        let standIn = try Self.scoringProfile(other)
        var ranking = profile
        ranking.weights = standIn.weights
        ranking.embeddingWeight = standIn.embeddingWeight
        ranking.withoutNeeds = nil
        return ranking
    }

    /// The name of the profile whose weights rank, for the note (its file name when it is a file).
    static func standInName(_ reference: String) -> String {
        ProfileReference(reference).text.split(separator: "/").last.map(String.init) ?? reference
    }

    /// The engine loaded from a vector store a few writes behind, with those writes followed
    /// in place; nil when the store is not such a store, or following it would pass the refresh rule.
    private func engineFollowingStore(_ profile: ScoringProfile, standsInFor: ScoringProfile?, includeUnmatchable: Bool,
                                      semantic: SemanticStoreSource?, history: [Collaboration]) throws -> LoadedEngine? {
        // The refresh rule on the store's rows (an engine of matchable rows only may be a little smaller).
        guard let behind = try store.vectorStoreBehind(limit: { Int(EngineCurrency.changeLimit(participants: $0)) }, semantic: semantic)
        else { return nil }
        // The rows were weighted with the statistics of the store's build, not today's.
        guard let frequencies = behind.store.featureDocumentFrequencies() else { return nil }
        let space = try store.vectorSpace(documentFrequency: frequencies, documents: behind.store.documents)
        let onMeaning = semantic != nil && profile.weights.usesSemantic
        var engine = try MatchEngine.load(store, from: behind.store, profile: profile, includeUnmatchable: includeUnmatchable,
                                          onMeaning: onMeaning, history: history, space: space)
        engine.standsInFor = standsInFor
        var currency = EngineCurrency()
        if !behind.changed.isEmpty {
            guard try follow(writesTo: behind.changed, engine: &engine, currency: &currency, includeUnmatchable: includeUnmatchable),
                  !currency.needsRefresh(participants: engine.matcher.matrix.count) else { return nil }
        }
        return LoadedEngine(engine: engine, built: behind.position, position: behind.now, currency: currency)
    }
}
