import EventPlanner
import Foundation
import JSONSupport
import MatchCore
import MatchStore

/// A planned (or re-planned) event: what was read, the schedule, and how long it took.
package struct EventPlan: Sendable {
    package var event: Event
    package var schedule: Schedule
    /// Wall-clock planning time, for stderr only (never written to files).
    package var seconds: Double
    /// Things the organiser should know (e.g. participants the engine has no profile for).
    package var warnings: [String]
    /// The result as `event plan --format json` prints it and `event.plan` answers: the
    /// schedule, with `warnings` added when there are any (schedule.json itself has none).
    package var json: JSONValue {
        guard !warnings.isEmpty, case .object(var fields) = schedule.json else { return schedule.json }
        fields["warnings"] = .array(warnings.map { .string($0) })
        return .object(fields)
    }
}

extension ClusterMatch {

    /// Reads and validates an event file (and the registration CSV it names).
    /// Errors name the field and value; exit code 65.
    package func loadEvent(file: String) throws -> (event: Event, document: JSONValue) {
        let url = URL(fileURLWithPath: file)
        guard let data = FileManager.default.contents(atPath: file) else { throw AppError.unreadable("event", file: file) }
        let value: JSONValue
        do { value = try JSONParser.parse(Array(data)) } catch {
            throw AppError(.badInput, "\(file): \(error.description)")
        }
        var csv: String?
        if let name = value["requestsFile"]?.stringValue {
            let path = name.hasPrefix("/") ? name : url.deletingLastPathComponent().appendingPathComponent(name).path
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw AppError(.badInput, "\(file): requestsFile: cannot read \(JSONValue.quoted(name))")
            }
            csv = text
        }
        do {
            var event = try Event.parse(value, requestsCSV: csv)
            if case .auto(let named, let top) = event.candidates {
                // A profile file is found beside the event file.
                let profile = ProfileReference(named).resolved(against: url.deletingLastPathComponent())
                event.candidates = .auto(profile: profile.text, top: top)
                do { _ = try Self.scoringProfile(profile) } catch let error as AppError {
                    throw AppError(.badInput, "\(file): candidates.profile: \(error.message)")
                }
            }
            return (event, value)
        } catch let error as EventFileError {
            throw AppError(.badInput, "\(file): \(error.issues[0])", details: error.issues.dropFirst().map { "\(file): \($0)" })
        }
    }

    /// The scored pairs the event plans from, and what the database knows about its people.
    func candidates(for event: Event) throws -> (candidates: [Candidate], directory: [String: ScheduleParticipant], warnings: [String]) {
        var directory: [String: ScheduleParticipant] = [:]
        var warnings: [String] = []
        for p in event.participants {
            if let known = try store.participant(p.id) {
                directory[p.id] = ScheduleParticipant(id: p.id, name: known.name, organisation: known.organisation,
                                                      country: known.country, email: known.contact?.email)
            }
        }
        switch event.candidates {
        case .explicit(let list):
            return (list, directory, warnings)
        case .auto(let profile, let top):
            let registered = Set(event.participants.map(\.id))
            let missing = event.participants.filter { directory[$0.id] == nil }.map(\.id)
            if !missing.isEmpty {
                warnings.append("\(missing.count) participant(s) are not in the database and get no suggestions: \(missing.prefix(5).joined(separator: ", "))\(missing.count > 5 ? ", …" : "")")
            }
            guard directory.count > 1 else { return ([], directory, warnings) }
            return (try matchLists(among: registered, profile: profile, top: top), directory, warnings)
        }
    }

    /// Each registered participant's match list among the event's participants, from the
    /// engine with the named scoring profile (its weights, rules and exclusions): the `top`
    /// best partners who are also at the event, with the engine's reasons as the participant
    /// reads them (the first three) and what the history says of the pair. Like `matchAll`,
    /// but a partner must be registered for the event, so that a large database does not
    /// crowd the event's people out of each other's lists.
    func matchLists(among registered: Set<String>, profile: String, top: Int) throws -> [Candidate] {
        // Only the event's people: all-pairs over them, not over the whole database.
        let lists = try matchLists(on: try engine(profile: profile).restricted(to: registered), top: top, explain: true)
        return lists.flatMap { list in
            list.rows.filter { $0.score > 0 }.map { row in
                Candidate(a: list.participant.id, b: row.partner.id, score: Format.rounded(Double(row.score)),
                          // What the history says comes after the first three reasons, not cut off by them.
                          reasons: row.reasons.prefix(3).map(\.summary) + row.notes)
            }
        }
    }

    /// Plans an event file, checks the plan with the validator, and stores both; with `out`,
    /// writes schedule.json and meetings.csv (and unplaced.csv, round tables) there. The
    /// folder is made and checked before planning, so that a folder that cannot be written
    /// stores nothing (an invalid event file makes no folder).
    ///
    /// Refused, storing nothing: an event with outcomes recorded (it took place: its stored
    /// schedule is what they belong to; `replanEvent` refuses to change its past), and an event re-planned since (a plan from scratch
    /// would send its meetings' uids again at sequence 0, which calendars ignore). Planning
    /// an event again otherwise replaces its stored schedule, with a warning when it differs.
    package func planEvent(file: String, out: String? = nil) throws -> EventPlan {
        let (event, document, _, erasedWarnings) = try withoutErased(try loadEvent(file: file), previous: nil)
        try refuseIfTakenPlace(event.id, file: file, doing: "planning it again would replace")
        let stored = try store.schedule(event: event.id)
        if let stored, stored.revision > 1 {
            throw AppError(.badInput, "\(file): event \(JSONValue.quoted(event.id)) was re-planned since it was first planned (revision \(stored.revision) is stored): a plan from scratch would send its meetings again as revision 1, which participants' calendars ignore; nothing was stored.",
                           details: ["change it with `event replan --previous schedule.json` (the schedule.json of revision \(stored.revision)), or give a new event an id of its own"])
        }
        if let out { try Self.prepareFolder(out) }
        var (candidates, directory, warnings) = try candidates(for: event)
        warnings = erasedWarnings + warnings
        let (earlier, notes) = try earlierMeetings(for: event, candidates: candidates)
        warnings += notes
        let start = DispatchTime.now().uptimeNanoseconds
        let schedule = Planner.plan(event, candidates: candidates, directory: directory, earlier: earlier,
                                    themeFit: try roundTableThemes(for: event))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        try check(schedule, event)
        // Planning again what is stored changes nothing; a different plan replaces it, which
        // matters once the stored one was sent to participants.
        if let stored, stored.document != schedule.json.serialized() {
            warnings.append("event \(JSONValue.quoted(event.id)) had a different schedule stored (published \(stored.stamp)); this plan replaces it. If that one was sent to participants, `event replan --previous schedule.json` changes it with the least change instead")
        }
        try store(schedule, event: event, document: document)
        if let out { try writePlanFiles(schedule, to: out) }
        return EventPlan(event: event, schedule: schedule, seconds: seconds, warnings: warnings)
    }

    /// The slots of an event that are over: those that start no later than the last slot
    /// with recorded outcomes (and those that have outcomes). Empty before the event.
    private func slotsThatAreOver(_ event: Event) throws -> (slots: Set<String>, last: Int64)? {
        let recorded = try store.outcomes(event: event.id).filter { !$0.isBlank }
        guard let last = recorded.map(\.start).max() else { return nil }
        return (Set(event.slots.filter { $0.start <= last }.map(\.id)).union(recorded.map(\.slot)), last)
    }

    /// The event as a re-plan between its parts sees it: the previous schedule's meetings in
    /// slots that are over are locked where they were, and each participant is available in
    /// those slots only where they had a meeting. So a meeting freed by a cancellation or an
    /// erasure in a slot that is over is not filled, and nothing held moves.
    private func closingSlotsThatAreOver(_ event: Event, previous: Schedule) throws -> Event {
        guard let over = try slotsThatAreOver(event)?.slots else { return event }
        let ids = Set(event.participants.map(\.id))
        let held = previous.meetings.filter { over.contains($0.slot) && ids.contains($0.a) && ids.contains($0.b) }
        var closed = event
        let locked = Set(event.locked.map { "\(min($0.a, $0.b))|\(max($0.a, $0.b))" })
        for m in held where !locked.contains("\(min(m.a, m.b))|\(max(m.a, m.b))") {
            closed.locked.append(LockedMeeting(a: m.a, b: m.b, slot: m.slot, table: m.table))
        }
        var busy: [String: Set<String>] = [:]
        for m in held { busy[m.a, default: []].insert(m.slot); busy[m.b, default: []].insert(m.slot) }
        let all = event.slots.map(\.id)
        for i in closed.participants.indices {
            let p = closed.participants[i]
            let mine = busy[p.id] ?? []
            closed.participants[i].available = all.filter { mine.contains($0) || (!over.contains($0) && (p.available?.contains($0) ?? true)) }
        }
        return closed
    }

    /// Throws when a re-plan changes what already happened: a meeting whose outcome is
    /// recorded moved or dropped, or a meeting new (or moved) to a slot that is over: one
    /// that starts no later than the last slot with recorded outcomes. A re-plan between the
    /// days of an event (the first day's outcomes recorded) may change the slots to come.
    private func refuseChangesToThePast(_ schedule: Schedule, event: Event, previous: Schedule, file: String) throws {
        let recorded = try store.outcomes(event: schedule.event).filter { !$0.isBlank }
        guard let (over, last) = try slotsThatAreOver(event) else { return }
        let now = Dictionary(schedule.meetings.map { ($0.uid, $0) }, uniquingKeysWith: { a, _ in a })
        let before = Dictionary(previous.meetings.map { ($0.uid, $0) }, uniquingKeysWith: { a, _ in a })
        func pair(_ a: String, _ b: String) -> String { "\(a)–\(b)" }
        let changed = recorded.filter { now[$0.uid]?.slot != $0.slot }.sorted { ($0.start, $0.uid) < ($1.start, $1.uid) }
        let added = schedule.meetings.filter { m in over.contains(m.slot) && before[m.uid].map { $0.slot != m.slot } ?? true }
            .sorted { ($0.slot, $0.uid) < ($1.slot, $1.uid) }
        guard !changed.isEmpty || !added.isEmpty else { return }
        var what: [String] = []
        if !changed.isEmpty {
            let named = changed.prefix(3).map { m in "\(pair(m.a, m.b)) (\(m.slot)\(now[m.uid].map { " → \($0.slot)" } ?? ": would be cancelled"))" }
            what.append("move or cancel \(changed.count) meeting\(changed.count == 1 ? "" : "s") whose outcomes are recorded: \(named.joined(separator: ", "))\(changed.count > 3 ? ", …" : "")")
        }
        if !added.isEmpty {
            let named = added.prefix(3).map { "\(pair($0.a, $0.b)) (\($0.slot))" }
            what.append("place \(added.count) meeting\(added.count == 1 ? "" : "s") in slots that are over (outcomes are recorded up to \(recorded.first { $0.start == last }!.slot)): \(named.joined(separator: ", "))\(added.count > 3 ? ", …" : "")")
        }
        throw AppError(.badInput, "\(file): this re-plan of event \(JSONValue.quoted(schedule.event)) would \(what.joined(separator: "; and ")); nothing was stored.",
                       details: ["a re-plan may change only the slots after the last one with recorded outcomes, and keeps the meetings held in them: keep in \(file) the participants who met there (a participant who leaves: \"available\" only in the slots they attended), or give the next event an id of its own"])
    }

    /// Throws when outcomes are recorded for the event: it took place, and its stored
    /// schedule is what they belong to. A template imported untouched (every meeting blank)
    /// does not count.
    private func refuseIfTakenPlace(_ id: String, file: String, doing: String) throws {
        let recorded = try store.outcomes(event: id).filter { !$0.isBlank }.count
        guard recorded > 0 else { return }
        throw AppError(.badInput, "\(file): event \(JSONValue.quoted(id)) has taken place: the outcomes of \(recorded) of its meetings are recorded against its stored schedule, which \(doing); nothing was stored.",
                       details: ["give the next event an id of its own (\"id\" in \(file)); its plan then leaves out the pairs that met at this one"])
    }

    /// Writes a plan's schedule.json and CSV files after it was stored; a failure says so.
    private func writePlanFiles(_ schedule: Schedule, to out: String) throws {
        do {
            _ = try Self.write(Self.exportFiles(schedule, format: .json) + Self.exportFiles(schedule, format: .csv), to: out,
                                  replacing: Self.optionalFiles(.csv))
        } catch let error as AppError {
            throw AppError(error.kind, error.message, details: error.details + [
                "the schedule of event \(JSONValue.quoted(schedule.event)) (revision \(schedule.revision)) was stored; write its files with `event export` once the folder can be written"])
        }
    }

    /// Re-plans an event file against a previous schedule file with minimum change.
    package func replanEvent(file: String, previous: String, out: String? = nil) throws -> EventPlan {
        let loaded = try loadEvent(file: file)
        let given = try Self.readScheduleFile(previous)
        guard given.event == loaded.event.id else {
            throw AppError(.badInput, "\(previous): the schedule is for event \(JSONValue.quoted(given.event)), the event file is \(JSONValue.quoted(loaded.event.id))")
        }
        // A re-plan of an older revision supersedes the later ones (stored revisions after
        // the new one are dropped), which matters if they were sent: said.
        let superseded = try store.schedule(event: given.event).flatMap { latest in
            latest.revision > given.revision + 1
                ? "the database holds revision \(latest.revision) of event \(JSONValue.quoted(given.event)) (published \(latest.stamp)); this re-plan of revision \(given.revision) replaces revisions \(given.revision + 1)–\(latest.revision). If those were sent to participants, re-plan from the latest schedule.json instead"
                : nil
        }
        let folderExisted = out.map { FileManager.default.fileExists(atPath: $0) } ?? true
        if let out { try Self.prepareFolder(out) }
        let (written, document, old, erasedWarnings) = try withoutErased(loaded, previous: given)
        // What took place stays: the slots that are over are closed to the plan.
        let event = try closingSlotsThatAreOver(written, previous: old!.schedule)
        var (candidates, directory, warnings) = try candidates(for: event)
        warnings = erasedWarnings + warnings + (superseded.map { [$0] } ?? [])
        let (earlier, notes) = try earlierMeetings(for: event, candidates: candidates)
        warnings += notes
        let start = DispatchTime.now().uptimeNanoseconds
        var schedule = Planner.replan(event, candidates: candidates, previous: old!.schedule, directory: directory, earlier: earlier,
                                      themeFit: try roundTableThemes(for: event, previous: old!.schedule.roundTables?.themes ?? []))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // Nobody is told anything on behalf of an erased participant, nor of their meetings
        // that took place: those are not cancelled after the fact.
        schedule.changes.removeAll { $0.participant == Erasure.placeholder }
        if let over = try slotsThatAreOver(event)?.slots {
            let held = Set(schedule.cancelled.filter { c in
                (c.meeting.a == Erasure.placeholder || c.meeting.b == Erasure.placeholder) && over.contains(c.meeting.slot)
            }.map(\.meeting.uid))
            schedule.cancelled.removeAll { held.contains($0.meeting.uid) }
            schedule.changes.removeAll { held.contains($0.uid) }
        }
        try check(schedule, event)
        do { try refuseChangesToThePast(schedule, event: event, previous: old!.schedule, file: file) } catch {
            // A refused re-plan leaves no folder behind that it made (empty).
            if !folderExisted, let out, (try? FileManager.default.contentsOfDirectory(atPath: out))?.isEmpty == true {
                try? FileManager.default.removeItem(atPath: out)
            }
            throw error
        }
        try store(schedule, event: event, document: document, reported: old!.reported)
        if let out { try writePlanFiles(schedule, to: out) }
        return EventPlan(event: event, schedule: schedule, seconds: seconds, warnings: warnings)
    }

    /// Reads a schedule file written by `event plan`; errors name the file.
    package static func readScheduleFile(_ file: String) throws -> Schedule {
        guard let data = FileManager.default.contents(atPath: file) else { throw AppError.unreadable("schedule", file: file) }
        do {
            return try Schedule.decode(try JSONParser.parse(Array(data)))
        } catch let error as JSONSyntaxError {
            throw AppError(.badInput, "\(file): not a schedule (the schedule.json that `event plan` writes is JSON): \(error.description)")
        } catch let error as ScheduleFileError {
            throw AppError(.badInput, "\(file): \(error.message)")
        }
    }

    private func check(_ schedule: Schedule, _ event: Event) throws {
        let problems = ScheduleValidator.validate(schedule, against: event)
        if !problems.isEmpty {
            throw AppError(.internal, "the planner produced an invalid schedule; nothing was written (please report this)", details: problems)
        }
    }

    private func store(_ schedule: Schedule, event: Event, document: JSONValue, reported: [String] = []) throws {
        try store.save(event: event.id, name: event.name, eventDocument: document.serialized(),
                       schedule: StoredSchedule(event: event.id, revision: schedule.revision,
                                                stamp: EventTime.iso(schedule.stamp, zone: nil),
                                                document: schedule.json.serialized()),
                       reported: reported)
    }

    /// The event (and previous schedule) without the participants erased from it since
    /// (`participants delete`): files written before the erasure still name them. In the
    /// previous schedule their meetings stay, with the erased side replaced by a
    /// placeholder, so that the re-plan cancels them for the partner; the cancellations an
    /// erasure left pending are added when the previous schedule no longer holds them.
    private func withoutErased(_ written: (event: Event, document: JSONValue), previous: Schedule?) throws
        -> (event: Event, document: JSONValue, previous: (schedule: Schedule, reported: [String])?, warnings: [String]) {
        // Text of the files that spells someone erased (an event named after its host) loses it.
        let erasedNames = try store.erasedNames()
        let loaded = Erasure.redactingNames(written, digests: erasedNames.digests, keep: erasedNames.keep)
        let erasures = try store.erasures(event: loaded.event.id)
        var ids = loaded.event.mentionedIDs
        for m in previous?.meetings ?? [] { ids.insert(m.a); ids.insert(m.b) }
        let fromEvent = erasures.digests.isEmpty ? [] : Set(ids.filter(erasures.isErased))
        // Last year's list copied for a new event may name someone erased from the database
        // since (and not registered again): left out too, so that the file does not bring
        // their name and e-mail back under this event.
        let fromDatabase = try store.erasedMembers()
        let erasedFromDatabase = fromDatabase.isEmpty ? [] : Set(ids.filter { fromDatabase.contains(Erasure.digest($0)) }).subtracting(fromEvent)
        let erased = fromEvent.union(erasedFromDatabase)
        let event = loaded.event.removing(erased)
        let document = erased.sorted().reduce(loaded.document) { Erasure.erasing(eventDocument: $0, participant: $1) }
        var warnings: [String] = []
        if !fromEvent.isEmpty {
            warnings.append("\(fromEvent.count) participant(s) named by the files were erased from this event (participants delete) and are left out; an erasure holds for the event even if they register again")
        }
        if !erasedFromDatabase.isEmpty {
            let named = erasedFromDatabase.sorted()
            warnings.append("\(named.count) participant(s) of the event file were erased from the database (participants delete) and are left out: \(named.prefix(5).joined(separator: ", "))\(named.count > 5 ? ", …" : ""). If they registered anew, import them again with --register-erased")
        }
        guard var old = previous?.redactingNames(erasedNames.digests, keep: erasedNames.keep) else { return (event, document, nil, warnings) }
        let placeholder = Erasure.placeholder
        for i in old.meetings.indices {
            if erased.contains(old.meetings[i].a) { old.meetings[i].a = placeholder }
            if erased.contains(old.meetings[i].b) { old.meetings[i].b = placeholder }
        }
        old.participants.removeAll { erased.contains($0.id) }
        let held = Set(old.meetings.map(\.uid))
        for p in erasures.pending where !held.contains(p.uid) {
            old.meetings.append(Meeting(uid: p.uid, a: min(p.partner, placeholder), b: max(p.partner, placeholder), slot: p.slot,
                                        table: p.table, score: 0, origin: .locked, sequence: p.sequence))
        }
        return (event, document, (old, erasures.pending.map(\.uid)), warnings)
    }
}
