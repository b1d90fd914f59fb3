/// One time window in which participants meet at tables.
public struct EventSlot: Sendable, Hashable {
    public var id: String
    /// Start, in seconds since 1970-01-01T00:00:00Z.
    public var start: Int64
    public var minutes: Int

    public init(id: String, start: Int64, minutes: Int) {
        self.id = id
        self.start = start
        self.minutes = minutes
    }

    public var end: Int64 { start + Int64(minutes) * 60 }
}

/// A registered participant of an event.
public struct EventParticipant: Sendable, Hashable {
    public var id: String
    /// Slot ids the participant can meet in; nil: every slot.
    public var available: [String]?
    /// At most this many meetings; nil: as many as there are slots.
    public var maxMeetings: Int?
    /// For agendas when the participant is not in the database.
    public var name: String?
    public var organisation: String?
    public var country: String?
    public var email: String?

    public init(id: String, available: [String]? = nil, maxMeetings: Int? = nil, name: String? = nil,
                organisation: String? = nil, country: String? = nil, email: String? = nil) {
        self.id = id
        self.available = available
        self.maxMeetings = maxMeetings
        self.name = name
        self.organisation = organisation
        self.country = country
        self.email = email
    }
}

/// What has become of a meeting request.
public enum RequestStatus: String, Sendable, Hashable, CaseIterable {
    case accepted, pending, declined
}

/// One participant asking to meet another.
public struct MeetingRequest: Sendable, Hashable {
    public var from: String
    public var to: String
    public var status: RequestStatus
    /// Higher comes first; 1 when not given.
    public var priority: Int

    public init(from: String, to: String, status: RequestStatus, priority: Int = 1) {
        self.from = from
        self.to = to
        self.status = status
        self.priority = priority
    }
}

/// A meeting already published: a plan keeps it exactly.
public struct LockedMeeting: Sendable, Hashable {
    public var a: String
    public var b: String
    public var slot: String
    public var table: Int

    public init(a: String, b: String, slot: String, table: Int) {
        self.a = a
        self.b = b
        self.slot = slot
        self.table = table
    }
}

/// A pair worth meeting, with its score and the reasons, as the matching engine or the
/// organiser gives it.
public struct Candidate: Sendable, Hashable {
    public var a: String
    public var b: String
    public var score: Double
    public var reasons: [String]

    public init(a: String, b: String, score: Double, reasons: [String] = []) {
        self.a = a
        self.b = b
        self.score = score
        self.reasons = reasons
    }
}

/// Where the suggested meetings come from.
public enum CandidateSource: Sendable, Hashable {
    /// Each participant's match list from the engine.
    case auto(profile: String, top: Int)
    /// The organiser's own scored pairs.
    case explicit([Candidate])
}

/// Knobs of the planner.
public struct PlannerOptions: Sendable, Hashable {
    /// Weight of the bonus for giving everyone meetings (0: pure total score).
    public var fairness: Double
    /// Seeds the tie-breaking of the local search; the same seed gives the same plan.
    public var seed: UInt64
    /// The publication time written as DTSTAMP (seconds since 1970, UTC); nil: derived.
    public var stamp: Int64?

    public init(fairness: Double = 1, seed: UInt64 = 1, stamp: Int64? = nil) {
        self.fairness = fairness
        self.seed = seed
        self.stamp = stamp
    }
}

/// A matchmaking event: slots, tables, participants, requests, locked meetings.
public struct Event: Sendable, Hashable {
    public var id: String
    public var name: String
    /// An IANA time zone, e.g. `Europe/Copenhagen`.
    public var timezone: String
    public var slots: [EventSlot]
    /// Tables per slot, in the order of `slots`.
    public var tables: [Int]
    public var participants: [EventParticipant]
    public var requests: [MeetingRequest]
    public var locked: [LockedMeeting]
    public var candidates: CandidateSource
    public var options: PlannerOptions
    /// The organiser's e-mail, for iCalendar ORGANIZER.
    public var organizer: String?
    /// A registration platform's CSV of requests (from,to,status[,priority]), relative to
    /// the event file.
    public var requestsFile: String?
    /// Themed round tables beside the one-to-one meetings (nil: none).
    public var roundTables: RoundTableSpec?

    public init(id: String, name: String, timezone: String, slots: [EventSlot], tables: [Int],
                participants: [EventParticipant], requests: [MeetingRequest] = [], locked: [LockedMeeting] = [],
                candidates: CandidateSource = .auto(profile: "brokerage", top: 15), options: PlannerOptions = PlannerOptions(),
                organizer: String? = nil, requestsFile: String? = nil, roundTables: RoundTableSpec? = nil) {
        self.id = id
        self.name = name
        self.timezone = timezone
        self.slots = slots
        self.tables = tables
        self.participants = participants
        self.requests = requests
        self.locked = locked
        self.candidates = candidates
        self.options = options
        self.organizer = organizer
        self.requestsFile = requestsFile
        self.roundTables = roundTables
    }

    /// Every id the event names: participants, requests, locked meetings, explicit candidates.
    public var mentionedIDs: Set<String> {
        var ids = Set(participants.map(\.id))
        for r in requests { ids.insert(r.from); ids.insert(r.to) }
        for l in locked { ids.insert(l.a); ids.insert(l.b) }
        if case .explicit(let list) = candidates { for c in list { ids.insert(c.a); ids.insert(c.b) } }
        return ids
    }

    /// The event without these participants, their requests, locked meetings and candidates.
    public func removing(_ ids: Set<String>) -> Event {
        guard !ids.isEmpty else { return self }
        var e = self
        e.participants.removeAll { ids.contains($0.id) }
        e.requests.removeAll { ids.contains($0.from) || ids.contains($0.to) }
        e.locked.removeAll { ids.contains($0.a) || ids.contains($0.b) }
        if case .explicit(let list) = candidates { e.candidates = .explicit(list.filter { !ids.contains($0.a) && !ids.contains($0.b) }) }
        return e
    }

    /// Tables in the slot with this id (0 when there is no such slot).
    public func tables(in slot: String) -> Int {
        slots.firstIndex { $0.id == slot }.map { tables[$0] } ?? 0
    }
}
