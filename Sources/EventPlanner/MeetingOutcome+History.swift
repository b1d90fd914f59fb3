import JSONSupport

/// A pair record of collaboration history, in the collaborations format's pair shape
/// (`{"a", "b", "kind", "date", "weight", "source"}`, issue 12 §1).
public struct HistoryPairRecord: Sendable, Hashable {
    public var a: String
    public var b: String
    /// `meeting` for meetings held at events.
    public var kind: String
    /// `YYYY-MM-DD`.
    public var date: String
    public var weight: Double
    public var source: String

    public init(a: String, b: String, kind: String, date: String, weight: Double, source: String) {
        self.a = a
        self.b = b
        self.kind = kind
        self.date = date
        self.weight = weight
        self.source = source
    }

    /// One line of the collaborations JSON Lines format.
    public var json: JSONValue {
        .object(JSONObject([("a", .string(a)), ("b", .string(b)), ("kind", .string(kind)), ("date", .string(date)),
                            ("weight", .double(weight)), ("source", .string(source))]))
    }
}

extension MeetingOutcome {
    /// Held meetings as collaboration history: one `meeting` record per held meeting,
    /// dated by its slot's date, weight 1, the event id as source. No-shows and cancelled
    /// meetings are not history. Sorted by date, then pair.
    public static func historyRecords(_ outcomes: [MeetingOutcome]) -> [HistoryPairRecord] {
        outcomes.filter { $0.status == .held }
            .map { HistoryPairRecord(a: min($0.a, $0.b), b: max($0.a, $0.b), kind: "meeting", date: $0.date, weight: 1, source: $0.event) }
            .sorted { ($0.date, $0.a, $0.b, $0.source) < ($1.date, $1.a, $1.b, $1.source) }
    }
}
