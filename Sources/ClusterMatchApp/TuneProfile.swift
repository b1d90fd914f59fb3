import Foundation
import JSONSupport
import MatchCore
import MatchStore

/// A request to fit a profile's history weights to what happened (`profiles tune`).
package struct TuneRequest: Sendable {
    /// The profile to start from (a name or a file).
    package var from: String
    /// What the engine knows is history before this date; first collaborations on or after
    /// it are the outcomes to predict (`YYYY-MM-DD`).
    package var split: String
    /// The earlier split the weights are fitted on (history before it, first collaborations
    /// between it and `split`); nil: one year before `split`.
    package var fitSplit: String?
    /// Where to write the tuned profile (an ordinary profile file).
    package var out: String
    /// The end of the evaluation period (first collaborations before it); nil: the newest
    /// record. An old split otherwise mixes in what happened years later (an event last month).
    package var until: String?
    /// First collaborations in groups of more than this many members (a large consortium) are
    /// not outcomes: their pairs say little about fit. They still make a pair known.
    package var maxConsortium: Int

    package init(from: String, split: String, fitSplit: String? = nil, until: String? = nil, out: String,
                 maxConsortium: Int = ClusterMatch.defaultMaxConsortium) {
        self.from = from
        self.split = split
        self.fitSplit = fitSplit
        self.until = until
        self.out = out
        self.maxConsortium = maxConsortium
    }
}

/// How well a profile's weights ranked the first collaborations of a period.
package struct RankingQuality: Sendable, Hashable {
    /// Share of the new partners found in each participant's top 10.
    package var recallAt10: Double
    /// Mean reciprocal rank of each participant's first new partner in its top 10.
    package var mrr: Double
}

/// What `profiles tune` did.
package struct TuneReport: Sendable {
    package var before: [ScoreComponent.Name: Float]
    /// The fitted weights (the best on the fit period).
    package var after: [ScoreComponent.Name: Float]
    /// The fitted weights did not beat the starting ones on the evaluation period, so the
    /// profile written has the starting weights.
    package var keptStartingWeights: Bool
    /// Why the starting weights were kept, for stderr and the JSON output.
    package var warning: String?
    package var fitSplit: String
    package var split: String
    /// The evaluation period's end as asked (`--until`), nil when open.
    package var until: String?
    /// The newest date of a first collaboration counted in the evaluation period (an outcome).
    package var evaluationNewest: String?
    /// Positive pairs (first collaborations) in the fit period and the evaluation period.
    package var fitOutcomes: Int
    package var evaluationOutcomes: Int
    package var fitBefore: RankingQuality
    package var fitAfter: RankingQuality
    package var evaluationBefore: RankingQuality
    package var evaluationAfter: RankingQuality
    package var out: String
    /// The largest group whose first collaborations counted as outcomes.
    package var maxConsortium: Int
    /// Profiles built again from their projects before each split (a CORDIS import's
    /// organisations, `ProfileProject`): those whose projects went on after it.
    package var profilesAsOf: (fit: Int, evaluation: Int) = (0, 0)
    /// Profiles built from projects that no longer are what their projects give (edited or
    /// imported again since): ranked as they are today.
    package var profilesChangedSinceImport = 0
}

extension TuneReport {
    /// The weights written to the profile.
    package var written: [ScoreComponent.Name: Float] { keptStartingWeights ? before : after }

    /// The object `profiles tune --format json` prints and `profile.tune` answers: weights at
    /// their shortest decimal (0.2, not 0.20000000298023224).
    package var json: JSONValue {
        func q(_ v: RankingQuality) -> JSONValue {
            .object(JSONObject([("recallAt10", .double(v.recallAt10)), ("mrr", .double(v.mrr))]))
        }
        func w(_ v: [ScoreComponent.Name: Float]) -> JSONValue {
            .object(JSONObject([("network", .double(ClusterMatch.decimal(v[.network] ?? 0))),
                                ("activity", .double(ClusterMatch.decimal(v[.activity] ?? 0)))]))
        }
        var o = JSONObject([
            ("out", .string(out)), ("fitSplit", .string(fitSplit)), ("split", .string(split)),
            ("until", until.map(JSONValue.string) ?? .null), ("evaluationNewest", evaluationNewest.map(JSONValue.string) ?? .null),
            ("fitOutcomes", .int(Int64(fitOutcomes))), ("evaluationOutcomes", .int(Int64(evaluationOutcomes))),
            ("maxConsortium", .int(Int64(maxConsortium))),
            ("before", w(before)), ("after", w(after)),
            ("fit", .object(JSONObject([("before", q(fitBefore)), ("after", q(fitAfter))]))),
            ("evaluation", .object(JSONObject([("before", q(evaluationBefore)), ("after", q(evaluationAfter))]))),
            ("written", w(written)),
            ("startingWeightsKept", .bool(keptStartingWeights)),
            ("profilesAsOfSplit", .object(JSONObject([("fit", .int(Int64(profilesAsOf.fit))), ("evaluation", .int(Int64(profilesAsOf.evaluation))),
                                                      ("changedSinceImport", .int(Int64(profilesChangedSinceImport)))]))),
        ])
        if let warning { o["warning"] = .string(warning) }
        return .object(o)
    }
}

extension ClusterMatch {
    /// At least this many first collaborations must fall in each period to learn from.
    package static let minimumOutcomes = 20
    /// The largest consortium whose pairs are outcomes, as in the CORDIS benchmark
    /// (Benchmarks/cordis/README.md): in a project of 30 partners most pairs never worked
    /// side by side.
    package static let defaultMaxConsortium = 10

    /// The history weights a tuning tries: every pair of these `network` and `activity`
    /// weights, and the starting ones. Up to 8 and 16: `peers` and `research` ship with
    /// network 2 and activity 8 (measured on CORDIS), which a tuning must be able to keep.
    static let networkGrid: [Float] = [0, 0.1, 0.25, 0.5, 1, 2, 4, 8]
    static let activityGrid: [Float] = [0, 0.05, 0.1, 0.2, 0.5, 1, 2, 4, 8, 16]

    /// Fits the `network` and `activity` weights of a profile to the history: positives are the
    /// pairs whose first collaboration falls after a split and went well (an imported history
    /// record of any kind; a held meeting that some side rated 4 or 5 or followed up, see
    /// `MeetingOutcome.wentWell`), ranked by an engine that knows only the history before it
    /// (every held meeting: the pair met), with the `newOnly` rule (a pair that already worked
    /// together or met is not a new partner). The weights are chosen on the earlier split
    /// (best recall@10, then mean reciprocal rank; on a tie the starting weights, then the
    /// earlier grid point, stay), and both periods
    /// are reported before and after. When the fitted weights do not beat the starting ones
    /// on the evaluation period (recall@10, then MRR), the profile is written with the
    /// starting weights and `warning` says so. Content weights and rules stay as they are.
    ///
    /// Profiles built from projects (a CORDIS import's organisations, `ProfileProject`) are
    /// ranked as they were at each split: from their projects that started before it, so
    /// that a topic first answered in the period is not what finds the partner of that
    /// project. Other profiles are today's (they carry no dates), and so is one whose kept
    /// projects no longer give it (edited since). A first collaboration is an outcome only
    /// where both sides had a profile at the period's start.
    /// - Throws: `.badInput` when either period has fewer than `minimumOutcomes` first
    ///   collaborations among participants.
    package func tuneProfile(_ request: TuneRequest) throws -> TuneReport {
        guard request.maxConsortium >= 2 else { throw AppError(.usage, "--max-consortium \(request.maxConsortium) must be 2 or more") }
        guard CollaborationNetwork.isDate(request.split) else { throw AppError(.usage, "--split \(request.split) is not a date (YYYY-MM-DD)") }
        let fitSplit = request.fitSplit ?? Self.yearBefore(request.split)
        guard CollaborationNetwork.isDate(fitSplit), fitSplit < request.split else {
            throw AppError(.usage, "--fit-split \(fitSplit) must be a date (YYYY-MM-DD) before --split \(request.split)")
        }
        if let until = request.until, !CollaborationNetwork.isDate(until) || until <= request.split {
            throw AppError(.usage, "--until \(until) must be a date (YYYY-MM-DD) after --split \(request.split)")
        }
        // Say now, not after the fit, that the profile could not be written there.
        let folder = URL(fileURLWithPath: request.out).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue {
            throw AppError(.cannotWrite, "\(request.out): cannot write: the folder \(folder) does not exist")
        }
        // The weights lists are ranked with here: without needs, a profile's `withoutNeeds`
        // stand-in's, tuned and written without that field (else the file would stand in again).
        let asked = try Self.scoringProfile(request.from)
        let base = try rankingProfile(for: asked)
        var (sourcePath, sourceJSON) = try Self.profileDocument(ProfileReference(request.from))
        if var document = sourceJSON.objectValue, let other = asked.withoutNeeds {
            if base != asked, let standIn = try Self.profileDocument(ProfileReference(other)).json.objectValue {
                for key in ["weights", "thresholds", "embeddingWeight"] { document[key] = standIn[key] }
                document["withoutNeeds"] = nil
                notice?("no participant states a need: \(request.out) has the weights of \(Self.standInName(other)), which \(asked.name) ranks with here, tuned; and no withoutNeeds")
            } else {
                document["withoutNeeds"] = .string(other)  // resolved: a relative file stays found from --out's folder
            }
            sourceJSON = .object(document)
        }
        // What the engine knows: the imported history and every held meeting (they met).
        // What it learns from: imported records, and held meetings that went well.
        let (history, positive) = try learningHistory()
        let snapshot = try store.matchingSnapshot(includingUnmatchable: false)
        let participants = Set(snapshot.rows.map(\.id))
        // Each period with the profiles of its time (`snapshot(_:asOf:projects:participants:)`),
        // where the kept projects still give the stored profile: one edited since is today's.
        let projects = try store.profileProjects()
        var profiled: [String: Participant] = [:], changedSinceImport = 0
        if !projects.isEmpty {
            for p in try store.participants(decodingOn: 2, withoutVectors: true) where participants.contains(p.id) {
                guard let list = projects[p.id] else { continue }
                if ProfileProject.stillGive(list, p) { profiled[p.id] = p } else { changedSinceImport += 1 }
            }
        }
        let (fitSnapshot, fitRebuilt) = Self.snapshot(snapshot, asOf: fitSplit, projects: projects, participants: profiled)
        let (evaluationSnapshot, evaluationRebuilt) = Self.snapshot(snapshot, asOf: request.split, projects: projects, participants: profiled)
        // A first collaboration is an outcome of a period only where both had a profile at its
        // start: the others are neither asked nor suggested (as in Benchmarks/cordis).
        func profiledIDs(_ s: MatchingSnapshot) -> Set<String> { Set(s.rows.lazy.filter { $0.vectors.hasCompetence }.map(\.id)) }

        let fitOutcomes = Self.firstCollaborations(history, positive: positive, among: profiledIDs(fitSnapshot), from: fitSplit, until: request.split,
                                                   maxConsortium: request.maxConsortium)
        let evaluationDates = Self.firstCollaborationDates(history, positive: positive, among: profiledIDs(evaluationSnapshot), from: request.split,
                                                           until: request.until, maxConsortium: request.maxConsortium)
        let evaluationOutcomes = evaluationDates.mapValues { Set($0.keys) }
        let fitCount = fitOutcomes.values.reduce(0) { $0 + $1.count } / 2
        let evaluationCount = evaluationOutcomes.values.reduce(0) { $0 + $1.count } / 2
        guard fitCount >= Self.minimumOutcomes && evaluationCount >= Self.minimumOutcomes else {
            // Say when large consortia, or participants without a profile yet, were what the periods had.
            func pairs(_ o: [String: Set<String>]) -> Int { o.values.reduce(0) { $0 + $1.count } / 2 }
            let every = pairs(Self.firstCollaborations(history, positive: positive, among: participants, from: fitSplit, until: request.split,
                                                       maxConsortium: request.maxConsortium))
                + pairs(Self.firstCollaborations(history, positive: positive, among: participants, from: request.split, until: request.until,
                                                 maxConsortium: request.maxConsortium))
            let all = pairs(Self.firstCollaborations(history, positive: positive, among: participants, from: fitSplit, until: request.until, maxConsortium: .max))
            let large = max(0, all - every), unprofiled = max(0, every - fitCount - evaluationCount)
            var left = large > 0 ? " (\(large) more in groups of over \(request.maxConsortium) members are not counted: --max-consortium)" : ""
            if unprofiled > 0 { left += " (\(unprofiled) more of participants with no profile at the period's start are not counted)" }
            throw AppError(.badInput, "too few outcomes to learn from: \(fitCount) first collaboration\(fitCount == 1 ? "" : "s") between \(fitSplit) and \(request.split), \(evaluationCount) \(request.until.map { "between \(request.split) and \($0)" } ?? "on or after \(request.split)")\(left); at least \(Self.minimumOutcomes) are needed in each period. Import more history (clustermatch history import) or meeting outcomes, or choose other dates.")
        }
        var weights: [ScoreComponent.Name: Float] = [:]
        for c in base.weights.components { weights[c.name] = c.weight }
        // The content part once per period; the history weights are then a cheap sum per pair.
        var content = base
        content.weights = ScoringWeights(weights: weights.filter { $0.key != .network && $0.key != .activity })
        content.asOf = nil
        let before = (network: weights[.network] ?? 0, activity: weights[.activity] ?? 0)
        var grid = [before]
        for n in Self.networkGrid { for a in Self.activityGrid where (n, a) != before { grid.append((n, a)) } }
        let fit = Self.rankingQuality(MatchEngine(snapshot: fitSnapshot, profile: content),
                                      network: CollaborationNetwork(history.filter { $0.date < fitSplit }),
                                      weights: grid, outcomes: fitOutcomes)
        var best = 0
        for g in grid.indices.dropFirst() where (fit[g].recallAt10, fit[g].mrr) > (fit[best].recallAt10, fit[best].mrr) { best = g }
        let evaluation = Self.rankingQuality(MatchEngine(snapshot: evaluationSnapshot, profile: content),
                                             network: CollaborationNetwork(history.filter { $0.date < request.split }),
                                             weights: [before, grid[best]], outcomes: evaluationOutcomes)
        let (fitBefore, bestQuality) = (fit[0], fit[best])
        let tuned = grid[best]
        // Keep the starting weights unless the fitted ones rank the later period better.
        let improved = (evaluation[1].recallAt10, evaluation[1].mrr) > (evaluation[0].recallAt10, evaluation[0].mrr)
        let written = improved ? tuned : before
        var warning: String?
        if !improved {
            func ws(_ w: (network: Float, activity: Float)) -> String { "network \(Self.weightText(w.network)), activity \(Self.weightText(w.activity))" }
            func q(_ v: RankingQuality) -> String { String(format: "recall@10 %.1f %%, MRR %.3f", 100 * v.recallAt10, v.mrr) }
            warning = best == 0
                ? "no weights fit the period \(fitSplit) – \(request.split) better than the starting ones; \(request.out) has the starting weights (\(ws(before))), unchanged"
                : "the fitted weights (\(ws(tuned))) do not beat the starting weights on the evaluation period from \(request.split) (\(q(evaluation[0])) → \(q(evaluation[1]))); \(request.out) was written with the starting weights (\(ws(before)))"
        }

        // The tuned profile: the source document with the new weights and a name of its own.
        guard var document = sourceJSON.objectValue else { throw AppError(.badInput, "\(sourcePath): a profile must be a JSON object") }
        var w = document["weights"]?.objectValue ?? JSONObject([])
        w["network"] = .double(Self.decimal(written.network))
        w["activity"] = .double(Self.decimal(written.activity))
        document["weights"] = .object(w)
        document["name"] = .string(((request.out as NSString).lastPathComponent as NSString).deletingPathExtension)
        document["description"] = .string(improved
            ? "\(base.name), history weights tuned on first collaborations between \(fitSplit) and \(request.split) (recall@10 \(Self.percent(fitBefore.recallAt10)) → \(Self.percent(bestQuality.recallAt10))); on those from \(request.split) \(Self.percent(evaluation[0].recallAt10)) → \(Self.percent(evaluation[1].recallAt10))."
            : "\(base.name), history weights kept: tuning on first collaborations between \(fitSplit) and \(request.split) did not improve recall@10 on those from \(request.split) (\(Self.percent(evaluation[0].recallAt10)) → \(Self.percent(evaluation[1].recallAt10))).")
        // Beside the file, then renamed over it; the system's own reason when it cannot be.
        let file = try OutputFile(path: request.out)
        try file.write(JSONValue.object(document).serialized(pretty: true) + "\n")
        try file.commit()
        var after = weights
        after[.network] = tuned.network
        after[.activity] = tuned.activity
        // The newest first collaboration the evaluation counted, so that an open period shows how far it reaches.
        let newest = evaluationDates.values.lazy.flatMap(\.values).max()
        return TuneReport(before: weights, after: after, keptStartingWeights: !improved, warning: warning, fitSplit: fitSplit, split: request.split,
                          until: request.until, evaluationNewest: newest,
                          fitOutcomes: fitCount, evaluationOutcomes: evaluationCount,
                          fitBefore: fitBefore, fitAfter: bestQuality,
                          evaluationBefore: evaluation[0], evaluationAfter: evaluation[1], out: request.out,
                          maxConsortium: request.maxConsortium, profilesAsOf: (fitRebuilt, evaluationRebuilt),
                          profilesChangedSinceImport: changedSinceImport)
    }

    /// The snapshot with the profiles of `participants` (those built from `projects`) as
    /// they were before `date`: built again from their projects that started before it, by
    /// the import's rule (`ProfileProject.profile`), in the snapshot's vector space. One with
    /// no project before it has an empty profile (it is neither asked nor suggested). Rows
    /// whose projects all started before `date` keep their stored vectors.
    /// - Returns: the snapshot and how many profiles were built again.
    static func snapshot(_ snapshot: MatchingSnapshot, asOf date: String, projects: [String: [ProfileProject]],
                         participants: [String: Participant]) -> (MatchingSnapshot, rebuilt: Int) {
        var result = snapshot, rebuilt = 0
        for (i, row) in snapshot.rows.enumerated() {
            guard let list = projects[row.id], var p = participants[row.id] else { continue }
            let earlier = list.filter { $0.date < date }
            guard earlier.count < list.count else { continue }
            (p.keywords, p.description) = ProfileProject.profile(of: earlier)
            result.rows[i].vectors = snapshot.space.vectors(of: p)
            rebuilt += 1
        }
        return (result, rebuilt)
    }

    /// Pairs of participants whose first collaboration falls in [from, until) and is a
    /// positive (a record on the pair's first date has its key in `positive`), by participant.
    /// A pair whose first contact was a meeting that went badly is no positive, nor later.
    /// Records of more than `maxConsortium` members from `from` on are left out (neither
    /// outcomes nor a first contact); before `from` they make a pair known, as they do for
    /// the engine that ranks. Memberships and meetings of many are neither (`worksTogether`).
    static func firstCollaborations(_ history: [Collaboration], positive: Set<String>, among participants: Set<String>,
                                    from: String, until: String?, maxConsortium: Int = defaultMaxConsortium) -> [String: Set<String>] {
        firstCollaborationDates(history, positive: positive, among: participants, from: from, until: until, maxConsortium: maxConsortium)
            .mapValues { Set($0.keys) }
    }

    /// `firstCollaborations` with the date of each: by participant, partner → date.
    static func firstCollaborationDates(_ history: [Collaboration], positive: Set<String>, among participants: Set<String>,
                                        from: String, until: String?, maxConsortium: Int = defaultMaxConsortium) -> [String: [String: String]] {
        var first: [String: [String: (date: String, positive: Bool)]] = [:]
        for r in history where CollaborationNetwork.worksTogether(r) && (r.date < from || r.members.count <= maxConsortium) {
            let members = r.members.filter { participants.contains($0) }
            let good = positive.contains(r.key)
            for a in members { for b in members where a != b {
                if let d = first[a]?[b], d.date < r.date || (d.date == r.date && (d.positive || !good)) { continue }
                first[a, default: [:]][b] = (r.date, good)
            } }
        }
        var outcomes: [String: [String: String]] = [:]
        for (a, partners) in first {
            for (b, d) in partners where d.positive && d.date >= from && (until.map { d.date < $0 } ?? true) { outcomes[a, default: [:]][b] = d.date }
        }
        return outcomes
    }

    /// Recall@10 and mean reciprocal rank of the lists a content engine plus history weights
    /// give the participants with outcomes, for each pair of (network, activity) weights.
    /// Scores are the engine's: content + network·value + activity·value, ties by row, under
    /// the profile's rules and `newOnly` against the known history.
    /// - Complexity: O(asked · n · (d + degree)) once, then O(asked · n) per weight pair.
    static func rankingQuality(_ engine: MatchEngine, network: CollaborationNetwork, weights: [(network: Float, activity: Float)],
                               outcomes: [String: Set<String>]) -> [RankingQuality] {
        let matrix = engine.matcher.matrix, entries = engine.directory.entries, rules = engine.profile.rules
        // The pair terms matching adds (activity only with the most active rows), so that
        // the tuned weights are judged on the scores the engine will give.
        let terms = network.terms(rows: matrix.ids)
        let networkTerm = terms.first { $0.name == .network }, activityTerm = terms.first { $0.name == .activity }
        var found = [Int](repeating: 0, count: weights.count), reciprocal = [Double](repeating: 0, count: weights.count)
        var total = 0, asked = 0
        let otherPairTerms = engine.matcher.weighsPairTerms
        for (id, partners) in outcomes.sorted(by: { $0.key < $1.key }) {
            total += partners.count
            guard let row = matrix.row(of: id), !matrix.isEmptyProfile[row] else { continue }
            asked += 1
            let content = engine.matcher.allScores(forRow: row)
            // The gate of `activity` reads the components' score without pair terms, as
            // matching does (`targetedCountries` is a pair term the content engine keeps).
            let gate = otherPairTerms ? engine.matcher.allScores(forRow: row, pairTerms: false) : content
            var allowed: [Int] = [], net: [Float] = [], act: [Float] = []
            for j in 0..<matrix.count where j != row && !matrix.isEmptyProfile[j] {
                guard rules.exclusion(id, entries[row], matrix.id(row: j), entries[j]) == nil, !network.collaborated(id, matrix.id(row: j)) else { continue }
                allowed.append(j)
                net.append(networkTerm?.value(row, j) ?? 0)
                act.append(activityTerm?.value(row, j, content: gate[j].score) ?? 0)
            }
            for (g, w) in weights.enumerated() {
                var top = TopK(k: 10)
                for (x, j) in allowed.enumerated() {
                    var s = content[j]
                    s.score = s.score + w.activity * act[x] + w.network * net[x]
                    top.offer(s)
                }
                let hits = top.items.enumerated().filter { partners.contains(matrix.id(row: $0.element.row)) }
                found[g] += hits.count
                if let first = hits.first { reciprocal[g] += 1 / Double(first.offset + 1) }
            }
        }
        return weights.indices.map { g in
            RankingQuality(recallAt10: total == 0 ? 0 : Double(found[g]) / Double(total), mrr: asked == 0 ? 0 : reciprocal[g] / Double(asked))
        }
    }

    static func yearBefore(_ date: String) -> String {
        guard let y = Int(date.prefix(4)) else { return date }
        let rest = date.dropFirst(4)
        // 29 February has no year-earlier twin: take the 28th.
        return String(format: "%04d", y - 1) + (rest == "-02-29" ? "-02-28" : rest)
    }

    static func percent(_ v: Double) -> String { String(format: "%.1f %%", 100 * v) }

    /// A Float weight at its shortest decimal (0.2, not 0.20000000298023224).
    package static func decimal(_ f: Float) -> Double { Double(String(f)) ?? Double(f) }

    /// A weight as JSON writes it: "0.2", "2".
    static func weightText(_ f: Float) -> String { JSONValue.double(decimal(f)).serialized() }
}
