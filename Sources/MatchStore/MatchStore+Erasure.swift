import GRDB

extension MatchStore {
    /// Erases a participant from everything the event planner stores (meeting requests,
    /// stored schedules; a locked meeting becomes a cancellation that the next re-plan
    /// reports). Called inside `delete(_:)`'s transaction.
    ///
    /// HOOK for the event planner: its tables do not exist on the importers branch, so this
    /// does nothing yet. The planner fills it in when both branches are merged.
    static func eraseFromSchedules(_ db: Database, participant id: String) throws {}

    /// What the event planner stores about one participant, for `participants personal-data`.
    ///
    /// HOOK for the event planner, like `eraseFromSchedules`: empty until its tables exist.
    static func scheduleRecords(_ db: Database, participant id: String) throws -> [(kind: String, record: [String: String])] { [] }
}
