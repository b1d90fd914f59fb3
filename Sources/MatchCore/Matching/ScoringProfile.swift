import JSONSupport

/// Which pairs a scoring profile allows, beyond their score.
public struct MatchRules: Sendable, Hashable {
    /// Unordered pairs of kinds that may meet; nil allows every pair.
    public var kindPairs: Set<KindPair>?
    public var excludeSameOrganisation = false
    public var excludeSameCluster = false
    public var requireDifferentCountry = false
    /// EEN profiles meet only when their profile types pair and their types of partnership
    /// are compatible (`EENPartnership`); no effect on participants without `attributes.een`.
    public var eenPartnership = false
    /// Pairs scoring below this are not suggested.
    public var minimumScore: Float = 0
    /// Leave out pairs that already collaborated or met (the collaboration history).
    public var newOnly = false

    public init() {}

    /// An unordered pair of participant kinds.
    public struct KindPair: Sendable, Hashable {
        public let first: ParticipantKind
        public let second: ParticipantKind

        public init(_ a: ParticipantKind, _ b: ParticipantKind) {
            (first, second) = a <= b ? (a, b) : (b, a)
        }
    }
}

/// Weights and rules for one kind of matchmaking (a brokerage event, a research-partner
/// search, cluster-to-cluster, peers), read from a JSON file under `Profiles/scoring/`.
public struct ScoringProfile: Sendable, Hashable {
    public var name: String
    public var description: String
    public var weights: ScoringWeights
    /// Share of a user's own vector in the competence similarity, when participants bring one.
    public var embeddingWeight: Float
    public var rules: MatchRules
    /// The reference date of the history's time decay (`YYYY-MM-DD`); nil takes the newest
    /// date in the history.
    public var asOf: String?
    /// The profile (a name or a file) to rank with instead when no participant states a need:
    /// then what anyone offers meets no need, every pair's complementarity is 0, and a profile
    /// built on it ranks by its small remaining weights alone. `brokerage` names `peers`.
    public var withoutNeeds: String?

    public init(name: String, description: String = "", weights: ScoringWeights, embeddingWeight: Float = 0.5, rules: MatchRules = MatchRules(), asOf: String? = nil,
                withoutNeeds: String? = nil) {
        self.name = name
        self.description = description
        self.weights = weights
        self.embeddingWeight = embeddingWeight
        self.rules = rules
        self.asOf = asOf
        self.withoutNeeds = withoutNeeds
    }

    /// The fields of a profile file, and of its `rules`.
    static let fields = ["name", "description", "weights", "thresholds", "embeddingWeight", "rules", "asOf", "withoutNeeds"]
    static let ruleFields = ["kinds", "excludeSameOrganisation", "excludeSameCluster", "requireDifferentCountry", "eenPartnership",
                             "newOnly", "minimumScore"]

    /// Reads a profile file's JSON, naming the field of any problem (also of a field it does not know).
    public static func parse(_ json: JSONValue, source: String) throws(ScoringProfileError) -> ScoringProfile {
        func fail(_ field: String, _ reason: String) -> ScoringProfileError {
            ScoringProfileError(source: source, field: field, reason: reason)
        }
        guard let o = json.objectValue else { throw fail("(file)", "must be a JSON object") }
        // A misspelt or misplaced field would otherwise do nothing, silently.
        for key in o.keys where !Self.fields.contains(key) {
            throw fail(key, Self.ruleFields.contains(key) ? "is a rule: put it in \"rules\" (rules.\(key))"
                                                          : "is not a profile field; use \(Self.fields.joined(separator: ", "))")
        }
        guard let name = o["name"]?.stringValue, !name.isEmpty else { throw fail("name", "is required") }
        // Components are weighed by name: every key of `weights` must name one.
        var weights: [ScoreComponent.Name: Float] = [:]
        if let given = o["weights"], !given.isNull {
            guard let entries = given.objectValue else { throw fail("weights", "must be an object of component names and numbers") }
            for (key, v) in entries {
                let name = ScoreComponent.Name(rawValue: key)
                guard ScoreComponent.catalogue[name] != nil else {
                    let known = ScoreComponent.catalogue.keys.map(\.rawValue).sorted().joined(separator: ", ")
                    throw fail("weights.\(key)", "is not a score component; use \(known)")
                }
                guard let d = v.doubleValue, d.isFinite, d >= 0 else { throw fail("weights.\(key)", "must be a number ≥ 0") }
                weights[name] = Float(d)
            }
        }
        guard weights.contains(where: { $0.value > 0 && ScoreComponent.catalogue[$0.key] != .pairTerm }) else {
            throw fail("weights", "at least one weight of similarity, complementarity or keywords must be above 0")
        }
        // Noise floors by component name (`ScoreComponent.threshold`), for dense components.
        var thresholds: [ScoreComponent.Name: Float] = [:]
        if let given = o["thresholds"], !given.isNull {
            guard let entries = given.objectValue else { throw fail("thresholds", "must be an object of component names and numbers") }
            for (key, v) in entries {
                let name = ScoreComponent.Name(rawValue: key)
                guard let contribution = ScoreComponent.catalogue[name], contribution != .pairTerm else {
                    let known = ScoreComponent.catalogue.filter { $0.value != .pairTerm }.keys.map(\.rawValue).sorted().joined(separator: ", ")
                    throw fail("thresholds.\(key)", "is not a dense score component; use \(known)")
                }
                guard let d = v.doubleValue, d.isFinite, d >= 0, d < 1 else { throw fail("thresholds.\(key)", "must be a number from 0 up to (not including) 1") }
                thresholds[name] = Float(d)
            }
        }
        var embedding: Float = 0.5
        if let v = o["embeddingWeight"], !v.isNull {
            guard let d = v.doubleValue, d >= 0, d <= 1 else { throw fail("embeddingWeight", "must be a number from 0 to 1") }
            embedding = Float(d)
        }
        var rules = MatchRules()
        if let r = o["rules"], !r.isNull {
            guard let ro = r.objectValue else { throw fail("rules", "must be an object") }
            for key in ro.keys where !Self.ruleFields.contains(key) {
                throw fail("rules.\(key)", Self.fields.contains(key) ? "is a profile field, not a rule: put it beside \"rules\""
                                                                      : "is not a rule; use \(Self.ruleFields.joined(separator: ", "))")
            }
            if let kinds = ro["kinds"], !kinds.isNull {
                guard let pairs = kinds.arrayValue else { throw fail("rules.kinds", "must be a list of [kind, kind] pairs or null") }
                var set: Set<MatchRules.KindPair> = []
                for (i, pair) in pairs.enumerated() {
                    guard let two = pair.arrayValue, two.count == 2,
                          let a = two[0].stringValue.flatMap(ParticipantKind.init(rawValue:)),
                          let b = two[1].stringValue.flatMap(ParticipantKind.init(rawValue:)) else {
                        throw fail("rules.kinds[\(i)]", "must be two kinds out of \(ParticipantKind.spellings)")
                    }
                    set.insert(MatchRules.KindPair(a, b))
                }
                rules.kindPairs = set
            }
            func flag(_ key: String) throws(ScoringProfileError) -> Bool {
                guard let v = ro[key], !v.isNull else { return false }
                guard let b = v.boolValue else { throw fail("rules.\(key)", "must be true or false") }
                return b
            }
            rules.excludeSameOrganisation = try flag("excludeSameOrganisation")
            rules.excludeSameCluster = try flag("excludeSameCluster")
            rules.requireDifferentCountry = try flag("requireDifferentCountry")
            rules.eenPartnership = try flag("eenPartnership")
            rules.newOnly = try flag("newOnly")
            if let v = ro["minimumScore"], !v.isNull {
                guard let d = v.doubleValue, d.isFinite else { throw fail("rules.minimumScore", "must be a number") }
                rules.minimumScore = Float(d)
            }
        }
        var asOf: String?
        if let v = o["asOf"], !v.isNull {
            guard let text = v.stringValue, CollaborationNetwork.isDate(text) else { throw fail("asOf", "must be a date YYYY-MM-DD") }
            asOf = text
        }
        var withoutNeeds: String?
        if let v = o["withoutNeeds"], !v.isNull {
            guard let text = v.stringValue, !text.allSatisfy(\.isWhitespace) else {
                throw fail("withoutNeeds", "must name a profile (a name or a .json file)")
            }
            guard text != name else { throw fail("withoutNeeds", "names the profile itself ('\(text)')") }
            withoutNeeds = text
        }
        return ScoringProfile(name: name, description: o["description"]?.stringValue ?? "",
                              weights: ScoringWeights(weights: weights, thresholds: thresholds),
                              embeddingWeight: embedding, rules: rules, asOf: asOf, withoutNeeds: withoutNeeds)
    }
}

/// A problem in a scoring profile file.
public struct ScoringProfileError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var field: String
    public var reason: String
    public var description: String { "\(source): field '\(field)' \(reason)" }
}
