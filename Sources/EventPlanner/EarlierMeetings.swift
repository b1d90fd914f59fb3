/// What earlier events tell the planner about this one (docs/outcomes.md, "Planner rules").
///
/// - A pair that held a meeting at an earlier event, or has a `meeting` record in the
///   collaboration history before the event, is not suggested again, and a pending
///   request for it is not planned (it is listed as unplaced, with the earlier meeting as
///   the reason): only an accepted request (or a locked meeting) brings the pair together
///   again.
/// - A participant who did not come to a meeting at their last earlier event (a no-show)
///   gets a lower priority for meetings: a suggested meeting with them counts
///   `noShowWeight` of its score in what the planner maximises, and their fairness bonus
///   counts `noShowWeight` of everyone else's. Requests and locked meetings keep their
///   tiers; the score shown for the meeting is unchanged.
public struct EarlierMeetings: Sendable, Hashable {
    /// Where and when a pair last met.
    public struct Met: Sendable, Hashable {
        /// The event's id; for a history record, the record's source.
        public var event: String
        /// The slot's date (the record's date), `YYYY-MM-DD`.
        public var date: String
        /// Known from a `meeting` record of the imported collaboration history, not from an
        /// event's outcomes.
        public var fromHistory: Bool

        public init(event: String, date: String, fromHistory: Bool = false) {
            self.event = event
            self.date = date
            self.fromHistory = fromHistory
        }

        /// `met at event E on D`, or `met on D (history: SOURCE)`: the reason a pending
        /// request for the pair is not planned starts with it.
        public var said: String {
            fromHistory ? "met on \(date) (history: \(event))" : "met at event \(event) on \(date)"
        }
    }

    /// Pairs that held a meeting, keyed by `EarlierMeetings.key(a, b)`.
    public var met: [String: Met]
    /// Participants with a no-show at the last earlier event they had meetings at.
    public var noShows: Set<String>

    /// The share of its score a suggested meeting with a no-show participant counts for.
    public static let noShowWeight = 0.5

    /// Nothing known: plans are exactly as without history.
    public static let none = EarlierMeetings(met: [:], noShows: [])

    public init(met: [String: Met], noShows: Set<String>) {
        self.met = met
        self.noShows = noShows
    }

    /// The rules' inputs from the outcomes of earlier events (the caller passes only
    /// those: events other than the one being planned, before its first slot). A pair
    /// met if a meeting of theirs was held; the last met is kept (latest date, then
    /// event id). A participant's last event is the event of their latest recorded
    /// meeting (ties by event id); a side of theirs there with `attended` no is a no-show.
    ///
    /// `history`: `meeting` records of the collaboration history dated before the event
    /// (the caller filters on the date); a pair with one met, as at an event (other kinds
    /// and records of more than two members are ignored). An event's meeting is kept over a
    /// history record of the same date.
    /// - Complexity: O(n log n) for n outcomes.
    public init(outcomes: [MeetingOutcome], history: [HistoryPairRecord] = []) {
        var met: [String: (start: Int64, met: Met)] = [:]
        var last: [String: (start: Int64, event: String)] = [:]
        for o in outcomes {
            if o.status == .held {
                let k = Self.key(o.a, o.b)
                if let cur = met[k], (cur.start, cur.met.event) >= (o.start, o.event) {} else {
                    met[k] = (o.start, Met(event: o.event, date: o.date))
                }
            }
            for p in [o.a, o.b] {
                if let cur = last[p], (cur.start, cur.event) >= (o.start, o.event) { continue }
                last[p] = (o.start, o.event)
            }
        }
        var metOn = met.mapValues(\.met)
        for r in history where r.kind == "meeting" && r.a != r.b {
            let k = Self.key(r.a, r.b)
            if let cur = metOn[k], cur.date >= r.date { continue }
            metOn[k] = Met(event: r.source, date: r.date, fromHistory: true)
        }
        var noShows = Set<String>()
        for o in outcomes {
            for p in o.noShows where last[p]?.event == o.event { noShows.insert(p) }
        }
        self.met = metOn
        self.noShows = noShows
    }

    /// The key of an unordered pair.
    public static func key(_ a: String, _ b: String) -> String { a < b ? "\(a)\u{1}\(b)" : "\(b)\u{1}\(a)" }

    /// Where and when the pair met, if it did.
    public func met(_ a: String, _ b: String) -> Met? { met[Self.key(a, b)] }
}
