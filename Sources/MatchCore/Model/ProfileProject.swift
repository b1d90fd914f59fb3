/// One project a participant's profile was built from, with its start date: what a CORDIS
/// history import with `--create-participants` keeps, so that the profile can be built again
/// as it was on an earlier date (`profiles tune` ranks an earlier period with the profiles
/// of that period, not with topics learnt after it).
public struct ProfileProject: Sendable, Hashable {
    /// The history record's key (`cordis:ID`); also for projects of one organisation, which
    /// give no collaboration.
    public var key: String
    /// `YYYY-MM-DD`, the project's start.
    public var date: String
    /// The call topic code (`EeB-04-2014`), or empty.
    public var topic: String
    /// The topic's title, when a topics file gave one.
    public var title: String?
    /// Programme parts (`H2020-EU.3.2.`), sorted.
    public var programmes: [String]

    public init(key: String, date: String, topic: String, title: String?, programmes: [String]) {
        self.key = key
        self.date = date
        self.topic = topic
        self.title = title
        self.programmes = Array(Set(programmes)).sorted()
    }

    /// Whether `projects` still give the participant's profile (`profile(of:)`): false once it
    /// was edited since the import that built it. Import and tune share this rule.
    public static func stillGive(_ projects: some Sequence<ProfileProject>, _ participant: Participant) -> Bool {
        let built = profile(of: projects)
        return built.keywords == participant.keywords && built.description == participant.description
    }

    /// The profile text of an organisation that took part in `projects`: keywords are the
    /// topic codes then the programme parts (each sorted, once), the description the topics'
    /// titles in topic order. The one rule for an import and for a profile as of a date.
    public static func profile(of projects: some Sequence<ProfileProject>) -> (keywords: [String], description: String?) {
        var topics: Set<String> = [], programmes: Set<String> = [], titles: [String: String] = [:]
        for p in projects {
            if !p.topic.isEmpty {
                topics.insert(p.topic)
                if let t = p.title, titles[p.topic] == nil { titles[p.topic] = t }
            }
            programmes.formUnion(p.programmes)
        }
        let sorted = topics.sorted()
        let described = sorted.compactMap { titles[$0] }
        return (sorted + programmes.sorted(), described.isEmpty ? nil : described.joined(separator: ". "))
    }
}
