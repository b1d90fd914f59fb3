import JSONSupport

/// What one side of a meeting says happened (a row of the outcomes file).
public struct OutcomeSide: Sendable, Hashable {
    public var participant: String
    /// Did this participant come: true, false, or nil (not known: the meeting was cancelled).
    public var attended: Bool?
    /// 1–5, or nil.
    public var rating: Int?
    /// Did this participant follow the meeting up: true, false, or nil (not said).
    public var followUp: Bool?
    public var comment: String?

    public init(participant: String, attended: Bool?, rating: Int? = nil, followUp: Bool? = nil, comment: String? = nil) {
        self.participant = participant
        self.attended = attended
        self.rating = rating
        self.followUp = followUp
        self.comment = comment
    }
}

/// What became of a scheduled meeting.
public enum OutcomeStatus: String, Sendable, Hashable, CaseIterable {
    /// Both sides came.
    case held
    /// At least one side did not come.
    case noShow = "no-show"
    /// Neither side says anything about attending: the meeting did not take place.
    case cancelled
}

/// The outcome of one scheduled meeting: the meeting as planned (pair, slot, its date,
/// the planner's score) and what each side reported.
public struct MeetingOutcome: Sendable, Hashable {
    public var event: String
    public var uid: String
    /// `a` < `b` by id, as in the schedule.
    public var a: String
    public var b: String
    public var slot: String
    /// Slot start, seconds since 1970 (UTC): orders events in time.
    public var start: Int64
    /// The slot's calendar date in the event's time zone, `YYYY-MM-DD`.
    public var date: String
    public var score: Double
    /// `a`'s report, then `b`'s.
    public var sides: [OutcomeSide]

    /// Neither row says anything: no attendance, rating, follow-up or comment (a row of the
    /// template as exported, not filled in).
    public var isBlank: Bool {
        sides.allSatisfy { $0.attended == nil && $0.rating == nil && $0.followUp == nil && ($0.comment ?? "").isEmpty }
    }

    public init(event: String, uid: String, a: String, b: String, slot: String, start: Int64, date: String, score: Double, sides: [OutcomeSide]) {
        self.event = event
        self.uid = uid
        self.a = a
        self.b = b
        self.slot = slot
        self.start = start
        self.date = date
        self.score = score
        self.sides = sides
    }

    /// Held when both came; a no-show when a side said it did not come; cancelled when
    /// neither side's attendance is known.
    public var status: OutcomeStatus {
        if sides.allSatisfy({ $0.attended == nil }) { return .cancelled }
        return sides.allSatisfy({ $0.attended == true }) ? .held : .noShow
    }

    /// Participants who did not come.
    public var noShows: [String] { sides.filter { $0.attended == false }.map(\.participant) }

    /// Some side followed the meeting up.
    public var followedUp: Bool { sides.contains { $0.followUp == true } }

    /// Ratings given, by `a` then `b`.
    public var ratings: [Int] { sides.compactMap(\.rating) }

    /// The lowest rating that is a good one (docs/outcomes.md).
    public static let goodRating = 4

    /// Held, and some side rated it `goodRating` (4) or more or followed it up: a meeting that
    /// went well, which `profiles tune` learns from as a positive (a held meeting rated 1
    /// with no follow-up is not one, though the pair has met).
    public var wentWell: Bool { status == .held && (followedUp || ratings.contains { $0 >= Self.goodRating }) }
}

/// One problem of an outcomes file: where and what.
public struct OutcomeIssue: Sendable, Hashable, CustomStringConvertible {
    /// 1-based line in the file (0: the file as a whole).
    public var line: Int
    /// The element's position in a JSON array (from 0); nil in a CSV file.
    public var index: Int?
    public var field: String
    public var value: String
    public var message: String

    public init(line: Int, index: Int? = nil, field: String, value: String, message: String) {
        self.line = line
        self.index = index
        self.field = field
        self.value = value
        self.message = message
    }

    /// `line 4: rating "7": must be a whole number from 1 to 5, or empty`; in a JSON array
    /// the element instead, `[3].rating "7": …` (an array on one line has every element on
    /// line 1). A problem of the file as a whole (field `file`: empty, not CSV or JSON)
    /// names no field or value.
    public var description: String {
        if let index {
            return field == "record" ? "[\(index)] \(value): \(message)" : "[\(index)].\(field) \(JSONValue.quoted(value)): \(message)"
        }
        let at = line > 0 ? "line \(line): " : ""
        return field == "file" ? "\(at)\(message)" : "\(at)\(field) \(JSONValue.quoted(value)): \(message)"
    }
}

/// An outcomes file that cannot be imported, with every problem at once.
public struct OutcomeFileError: Error, Sendable, CustomStringConvertible {
    public var issues: [OutcomeIssue]
    public init(_ issues: [OutcomeIssue]) { self.issues = issues }
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
