/// One round-table session: a time window in which participants sit at themed tables.
public struct RoundTableSession: Sendable, Hashable {
    public var id: String
    /// Seconds since 1970-01-01T00:00:00Z.
    public var start: Int64
    public var end: Int64

    public init(id: String, start: Int64, end: Int64) {
        self.id = id
        self.start = start
        self.end = end
    }

    /// True when the session and the slot share some time.
    public func overlaps(_ slot: EventSlot) -> Bool { slot.start < end && slot.end > start }
}

/// A theme a table discusses: given by the organiser, or found from the participants'
/// needs (`terms` then name it; `title` is made from them).
public struct RoundTableTheme: Sendable, Hashable {
    public var id: String
    public var title: String
    public var text: String?
    public var codes: [String]
    /// The strongest terms of the theme, strongest first.
    public var terms: [String]

    public init(id: String, title: String, text: String? = nil, codes: [String] = [], terms: [String] = []) {
        self.id = id
        self.title = title
        self.text = text
        self.codes = codes
        self.terms = terms
    }
}

/// The event file's `roundTables` (see docs/event-format.md): sessions, tables per
/// session, table size, themes, and how many tables one participant may join in all.
public struct RoundTableSpec: Sendable, Hashable {
    public enum Themes: Sendable, Hashable {
        /// Found from the participants' needs.
        case auto
        case given([RoundTableTheme])
    }

    public var sessions: [RoundTableSession]
    /// Tables per session, in the order of `sessions`.
    public var tables: [Int]
    public var minSize: Int
    public var maxSize: Int
    public var themes: Themes
    public var perParticipant: Int

    public init(sessions: [RoundTableSession], tables: [Int], minSize: Int = 4, maxSize: Int = 8,
                themes: Themes = .auto, perParticipant: Int = 1) {
        self.sessions = sessions
        self.tables = tables
        self.minSize = minSize
        self.maxSize = maxSize
        self.themes = themes
        self.perParticipant = perParticipant
    }

    /// The slots a session overlaps, by index in `slots`.
    public func slots(of session: RoundTableSession, in slots: [EventSlot]) -> [Int] {
        slots.indices.filter { session.overlaps(slots[$0]) }
    }

    /// True when the participant is available for every slot the session overlaps.
    public func isAvailable(_ participant: EventParticipant, for session: RoundTableSession, slots: [EventSlot]) -> Bool {
        guard let list = participant.available else { return true }
        let free = Set(list)
        return self.slots(of: session, in: slots).allSatisfy { free.contains(slots[$0].id) }
    }
}

/// Themes with how well each participant fits each: what the seating maximises besides
/// the pair scores. Made by the application from the participants' needs (or given).
public struct RoundTableThemeFit: Sendable, Hashable {
    public var themes: [RoundTableTheme]
    /// Participant id → fit to each theme, in the order of `themes`, each in 0…1.
    /// A participant not listed fits every theme 0.
    public var fit: [String: [Double]]

    public init(themes: [RoundTableTheme], fit: [String: [Double]]) {
        self.themes = themes
        self.fit = fit
    }
}

/// One table of a session, with its theme and members.
public struct RoundTableSeating: Sendable, Hashable {
    public var session: String
    /// Numbered from 1 within the session.
    public var table: Int
    /// A theme id.
    public var theme: String
    /// Participant ids, sorted.
    public var members: [String]
    public var reasons: [String]

    public init(session: String, table: Int, theme: String, members: [String], reasons: [String] = []) {
        self.session = session
        self.table = table
        self.theme = theme
        self.members = members
        self.reasons = reasons
    }

    /// The calendar uid of one participant's seat: stable across re-plans for the same
    /// participant, session and table, and naming nobody (a hash).
    public static func uid(event: String, participant: String, session: String, table: Int) -> String {
        "r\(StableHash.hex128("\(event)\u{0}\(participant)\u{0}\(session)\u{0}\(table)")).\(event)@clustermatch"
    }
}

/// A participant without a round-table seat, and why.
public struct UnseatedParticipant: Sendable, Hashable {
    public var participant: String
    public var reason: String

    public init(participant: String, reason: String) {
        self.participant = participant
        self.reason = reason
    }
}

/// The round tables of a schedule.
public struct RoundTablePlan: Sendable, Hashable {
    public var sessions: [RoundTableSession]
    public var tables: [RoundTableSeating]
    public var themes: [RoundTableTheme]
    public var unseated: [UnseatedParticipant]
    /// What the seating maximises (see `RoundTableSeater`), and a bound no seating exceeds.
    public var objective: Double
    public var upperBound: Double

    public init(sessions: [RoundTableSession], tables: [RoundTableSeating], themes: [RoundTableTheme],
                unseated: [UnseatedParticipant], objective: Double = 0, upperBound: Double = 0) {
        self.sessions = sessions
        self.tables = tables
        self.themes = themes
        self.unseated = unseated
        self.objective = objective
        self.upperBound = upperBound
    }

    /// A participant's tables in time order.
    public func tables(of id: String) -> [RoundTableSeating] {
        let order = Dictionary(uniqueKeysWithValues: sessions.enumerated().map { ($1.id, $0) })
        return tables.filter { $0.members.contains(id) }.sorted { (order[$0.session] ?? 0, $0.table) < (order[$1.session] ?? 0, $1.table) }
    }

    public func session(_ id: String) -> RoundTableSession? { sessions.first { $0.id == id } }
    public func theme(_ id: String) -> RoundTableTheme? { themes.first { $0.id == id } }
}
