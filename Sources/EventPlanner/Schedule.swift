import MatchCore

/// Why a meeting is in the plan.
public enum MeetingOrigin: String, Sendable, Hashable, CaseIterable, Comparable {
    case locked, accepted, pending, suggested

    /// Locked first, suggestions last.
    public var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (l: Self, r: Self) -> Bool { l.rank < r.rank }
}

/// One planned meeting: a pair at a table in a slot. `a` < `b` by id.
public struct Meeting: Sendable, Hashable {
    /// Stable across re-plans: the same pair keeps its uid.
    public var uid: String
    public var a: String
    public var b: String
    public var slot: String
    /// Numbered from 1.
    public var table: Int
    public var score: Double
    public var origin: MeetingOrigin
    public var reasons: [String]
    /// Grows whenever the time or table changes, and on cancellation (RFC 5545 SEQUENCE).
    public var sequence: Int

    public init(uid: String, a: String, b: String, slot: String, table: Int, score: Double, origin: MeetingOrigin,
                reasons: [String] = [], sequence: Int = 0) {
        self.uid = uid
        self.a = a
        self.b = b
        self.slot = slot
        self.table = table
        self.score = score
        self.origin = origin
        self.reasons = reasons
        self.sequence = sequence
    }

    /// The uid of the meeting of a pair at an event: a hash of the pair, so that a uid
    /// that outlives an erased participant (in a partner's calendar, in a cancellation)
    /// does not name them.
    public static func uid(event: String, a: String, b: String) -> String {
        let (x, y) = a < b ? (a, b) : (b, a)
        return "m\(StableHash.hex128("\(event)\u{0}\(x)\u{0}\(y)")).\(event)@clustermatch"
    }

    /// The event a meeting uid (`uid(event:a:b:)`, or a round table's) names: what comes
    /// between the hash's `.` and `@clustermatch`; nil for a uid of another form.
    public static func event(fromUID uid: String) -> String? {
        let suffix = "@clustermatch"
        guard uid.hasSuffix(suffix), let first = uid.first, first == "m" || first == "r",
              let dot = uid.firstIndex(of: ".") else { return nil }
        let hash = uid[uid.index(after: uid.startIndex)..<dot]
        let event = uid[uid.index(after: dot)..<uid.index(uid.endIndex, offsetBy: -suffix.count)]
        guard hash.count == 32, hash.allSatisfy(\.isHexDigit), !event.isEmpty else { return nil }
        return String(event)
    }

    public func partner(of id: String) -> String { id == a ? b : a }

    /// The reasons as `viewer` reads them: stored from `a`'s side ("you offer …"), turned
    /// round for `b` ("they offer …").
    public func reasons(for viewer: String) -> [String] {
        viewer == b && viewer != a ? reasons.map(Reason.swappedSummary) : reasons
    }
}

/// A request or locked meeting the planner could not place, and why.
public struct UnplacedMeeting: Sendable, Hashable {
    public var a: String
    public var b: String
    public var origin: MeetingOrigin
    public var reason: String

    public init(a: String, b: String, origin: MeetingOrigin, reason: String) {
        self.a = a
        self.b = b
        self.origin = origin
        self.reason = reason
    }
}

/// A meeting of the previous plan that a re-plan took away.
public struct CancelledMeeting: Sendable, Hashable {
    public var meeting: Meeting
    public var reason: String

    public init(meeting: Meeting, reason: String) {
        self.meeting = meeting
        self.reason = reason
    }
}

/// What a re-plan changed for one participant.
public struct ParticipantChange: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case moved, new, cancelled }
    public var participant: String
    public var kind: Kind
    public var uid: String
    public var partner: String
    /// Where it was (moved, cancelled).
    public var from: (slot: String, table: Int)?
    /// Where it is now (moved, new).
    public var to: (slot: String, table: Int)?

    public init(participant: String, kind: Kind, uid: String, partner: String, from: (slot: String, table: Int)?, to: (slot: String, table: Int)?) {
        self.participant = participant
        self.kind = kind
        self.uid = uid
        self.partner = partner
        self.from = from
        self.to = to
    }

    public static func == (l: Self, r: Self) -> Bool {
        l.participant == r.participant && l.kind == r.kind && l.uid == r.uid && l.partner == r.partner
            && l.from?.slot == r.from?.slot && l.from?.table == r.from?.table && l.to?.slot == r.to?.slot && l.to?.table == r.to?.table
    }

    public func hash(into h: inout Hasher) { h.combine(participant); h.combine(uid); h.combine(kind) }
}

/// Who a participant is, for agendas.
public struct ScheduleParticipant: Sendable, Hashable {
    public var id: String
    public var name: String
    public var organisation: String?
    public var country: String?
    public var email: String?

    public init(id: String, name: String, organisation: String? = nil, country: String? = nil, email: String? = nil) {
        self.id = id
        self.name = name
        self.organisation = organisation
        self.country = country
        self.email = email
    }
}

/// Numbers that tell the organiser how good the plan is.
public struct ScheduleStats: Sendable, Hashable {
    public var meetings: Int
    public var byOrigin: [MeetingOrigin: Int]
    /// Sum of the meetings' scores.
    public var totalScore: Double
    /// What the planner maximises: scores, request bonuses and the fairness bonus.
    public var objective: Double
    /// The slot-free relaxation's value: no plan can have a higher objective.
    public var upperBound: Double
    /// (upperBound − objective) / upperBound.
    public var gap: Double
    public var perParticipantMin: Int
    public var perParticipantMedian: Double
    public var perParticipantMax: Int
    public var withoutMeetings: Int
    public var gini: Double
    /// Per slot: tables used and available.
    public var tableUse: [(slot: String, used: Int, tables: Int)]
    public var requestsAccepted: (placed: Int, total: Int)
    public var requestsPending: (placed: Int, total: Int)

    public static func == (l: Self, r: Self) -> Bool {
        l.meetings == r.meetings && l.totalScore == r.totalScore && l.objective == r.objective && l.upperBound == r.upperBound
    }

    public func hash(into h: inout Hasher) { h.combine(meetings); h.combine(totalScore) }
}

/// A meeting schedule: the meetings, what could not be placed and why, and statistics.
public struct Schedule: Sendable {
    public var event: String
    public var name: String
    public var timezone: String
    /// 1 for a plan; each re-plan adds one.
    public var revision: Int
    /// When the schedule was issued (seconds since 1970, UTC): the iCalendar DTSTAMP.
    public var stamp: Int64
    public var organizer: String?
    public var slots: [EventSlot]
    public var tables: [Int]
    public var participants: [ScheduleParticipant]
    /// Ordered by slot, then table.
    public var meetings: [Meeting]
    public var unplaced: [UnplacedMeeting]
    /// Re-plans only: meetings of the previous plan that no longer happen.
    public var cancelled: [CancelledMeeting]
    /// Re-plans only: per participant, what changed.
    public var changes: [ParticipantChange]
    /// Re-plans only: participants of the previous plan who are no longer at the event and
    /// had meetings there: they are told of the cancellations, by name.
    public var departed: [ScheduleParticipant] = []
    public var stats: ScheduleStats
    /// Themed round tables, when the event has them.
    public var roundTables: RoundTablePlan? = nil

    public init(event: String, name: String, timezone: String, revision: Int, stamp: Int64, organizer: String?,
                slots: [EventSlot], tables: [Int], participants: [ScheduleParticipant], meetings: [Meeting],
                unplaced: [UnplacedMeeting], cancelled: [CancelledMeeting] = [], changes: [ParticipantChange] = [],
                stats: ScheduleStats) {
        self.event = event
        self.name = name
        self.timezone = timezone
        self.revision = revision
        self.stamp = stamp
        self.organizer = organizer
        self.slots = slots
        self.tables = tables
        self.participants = participants
        self.meetings = meetings
        self.unplaced = unplaced
        self.cancelled = cancelled
        self.changes = changes
        self.stats = stats
    }

    /// A participant's meetings in time order.
    public func meetings(of id: String) -> [Meeting] {
        let order = Dictionary(uniqueKeysWithValues: slots.enumerated().map { ($1.id, $0) })
        return meetings.filter { $0.a == id || $0.b == id }.sorted { order[$0.slot]! < order[$1.slot]! }
    }

    public func slot(_ id: String) -> EventSlot? { slots.first { $0.id == id } }
    /// A participant of the event, or one who left it with meetings cancelled (`departed`).
    public func participant(_ id: String) -> ScheduleParticipant? {
        participants.first { $0.id == id } ?? departed.first { $0.id == id }
    }
}

/// A hash that is the same on every machine and run (Swift's `Hasher` is seeded per
/// process): two FNV-1a 64-bit hashes with different offset bases, 32 hex digits.
/// For identifiers that must not spell out what they identify; not a cryptographic hash.
public enum StableHash {
    public static func hex128(_ text: String) -> String {
        var h1: UInt64 = 0xcbf2_9ce4_8422_2325
        var h2: UInt64 = 0x6c62_272e_07bb_0142
        for byte in text.utf8 {
            h1 = (h1 ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            h2 = (h2 ^ UInt64(byte ^ 0x5a)) &* 0x0000_0100_0000_01b3
        }
        // Final avalanche so short inputs differ in every digit.
        func mix(_ x: UInt64) -> UInt64 {
            var z = x
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        func hex(_ x: UInt64) -> String {
            let s = String(x, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }
        return hex(mix(h1)) + hex(mix(h2 ^ h1))
    }
}
