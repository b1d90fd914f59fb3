/// What earlier events tell the planner about this one (docs/outcomes.md, "Planner rules").
///
/// - A pair that held a meeting at an earlier event is not suggested again, and a pending
///   request for it is not planned (it is listed as unplaced, with the earlier meeting as
///   the reason): only an accepted request (or a locked meeting) brings the pair together
///   again.
/// - A participant who did not come to a meeting at their last earlier event (a no-show)
///   gets a lower priority for suggestions: a suggested meeting with them counts
///   `noShowWeight` of its score in what the planner maximises. Requests and locked meetings
///   keep their tiers; the score shown for the meeting is unchanged.
public struct EarlierMeetings: Sendable, Hashable {
    /// Where and when a pair last met.
    public struct Met: Sendable, Hashable {
        public var event: String
        /// The slot's date, `YYYY-MM-DD`.
        public var date: String

        public init(event: String, date: String) {
            self.event = event
            self.date = date
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
    /// - Complexity: O(n log n) for n outcomes.
    public init(outcomes: [MeetingOutcome]) {
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
        var noShows = Set<String>()
        for o in outcomes {
            for p in o.noShows where last[p]?.event == o.event { noShows.insert(p) }
        }
        self.met = met.mapValues(\.met)
        self.noShows = noShows
    }

    /// The key of an unordered pair.
    public static func key(_ a: String, _ b: String) -> String { a < b ? "\(a)\u{1}\(b)" : "\(b)\u{1}\(a)" }

    /// Where and when the pair met, if it did.
    public func met(_ a: String, _ b: String) -> Met? { met[Self.key(a, b)] }
}
