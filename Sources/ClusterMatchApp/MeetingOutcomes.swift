import EventPlanner
import Foundation
import JSONSupport
import MatchCore
import MatchStore
import Reports

/// What `event outcomes` imported.
package struct OutcomeImport: Sendable {
    package var event: String
    package var outcomes: [MeetingOutcome]
    package var rows: OutcomeImportCounts
    /// Meetings whose rows were blank in the file and that an earlier file recorded with
    /// something (held, a no-show, a cancellation with a comment): kept as recorded.
    package var keptAsRecorded: Int = 0
    /// Meetings whose rows were blank in the file (as the template leaves them) and that
    /// nothing recorded before: stored as cancelled until a later file says what happened.
    package var blankAsCancelled: Int = 0
    /// Meetings of the file with a participant erased from the database since
    /// (`participants delete`): left out, so that an old sheet does not bring them back.
    package var erasedLeftOut: Int = 0

    /// The `event.outcomes` result.
    package var json: JSONValue {
        func count(_ s: OutcomeStatus) -> JSONValue { .int(Int64(outcomes.filter { $0.status == s }.count)) }
        return .object(JSONObject([
            ("event", .string(event)),
            ("meetings", .object(JSONObject([("recorded", .int(Int64(outcomes.count))), ("held", count(.held)),
                                             ("noShow", count(.noShow)), ("cancelled", count(.cancelled))]))),
            ("rows", .object(JSONObject([("added", .int(Int64(rows.added))), ("changed", .int(Int64(rows.changed))),
                                         ("unchanged", .int(Int64(rows.unchanged)))]))),
            ("keptAsRecorded", .int(Int64(keptAsRecorded))),
            ("blankAsCancelled", .int(Int64(blankAsCancelled))),
        ] + (erasedLeftOut == 0 ? [] : [("erasedLeftOut", .int(Int64(erasedLeftOut)))])))
    }

    /// One line for terminals.
    package var summary: String {
        let held = outcomes.filter { $0.status == .held }.count, noShow = outcomes.filter { $0.status == .noShow }.count
        let cancelled = outcomes.filter { $0.status == .cancelled }.count
        return "\(event): \(outcomes.count) meeting\(outcomes.count == 1 ? "" : "s") recorded (\(held) held, \(noShow) with a no-show, \(cancelled) cancelled); rows: \(rows.added) added, \(rows.changed) changed, \(rows.unchanged) unchanged"
            + (keptAsRecorded == 0 ? "" : "; \(keptAsRecorded) meeting\(keptAsRecorded == 1 ? "" : "s") kept as recorded (\(keptAsRecorded == 1 ? "its rows are" : "their rows are") blank in the file; write a comment to record a cancellation)")
            + (blankAsCancelled == 0 ? "" : "; \(blankAsCancelled) of the cancelled ha\(blankAsCancelled == 1 ? "s" : "ve") blank rows in the file (as the template leaves them): recorded as cancelled until a file says what happened")
            + (erasedLeftOut == 0 ? "" : "; \(erasedLeftOut) meeting\(erasedLeftOut == 1 ? "" : "s") left out: \(erasedLeftOut == 1 ? "it names" : "they name") a participant erased from the database (participants delete)")
    }
}

extension ClusterMatch {
    /// Imports what happened at an event's meetings (the outcomes file: CSV or a JSON
    /// array, see `OutcomeFile`) against the schedule they were planned in. Everything is
    /// checked before anything is stored; then one transaction. Importing the same file
    /// again changes nothing; a corrected file replaces the rows it names.
    /// Errors name the file, line, field and value (exit 65); the database is unchanged.
    package func importOutcomes(file: String, schedule scheduleFile: String) throws -> OutcomeImport {
        let (schedule, read) = try Self.readOutcomes(file: file, schedule: scheduleFile)
        // An old sheet still names participants erased since: their meetings stay erased
        // (erased from this event, or from the database before its outcomes came in).
        let erased = try store.erasedFromOutcomes(event: schedule.event).union(store.erasedMembers())
        var outcomes = erased.isEmpty ? read : read.filter { !erased.contains(Erasure.digest($0.a)) && !erased.contains(Erasure.digest($0.b)) }
        let erasedLeftOut = read.count - outcomes.count
        // Comments that name someone erased before the sheet came in lose the name.
        let erasedNames = try store.erasedNames()
        if !erasedNames.digests.isEmpty {
            outcomes = outcomes.map { o in
                var o = o
                for i in o.sides.indices {
                    o.sides[i].comment = o.sides[i].comment.map { Erasure.redactingNames(in: $0, digests: erasedNames.digests, keep: erasedNames.keep) }
                }
                return o
            }
        }
        // A meeting left blank (the template as exported) does not undo what an earlier file
        // recorded: re-importing a half-filled sheet must not turn held meetings into cancelled ones.
        let stored = Dictionary(try store.outcomes(event: schedule.event).map { ($0.uid, $0) }, uniquingKeysWith: { a, _ in a })
        var kept = 0
        outcomes = outcomes.map { o in
            guard o.isBlank, let old = stored[o.uid], !old.isBlank, old.a == o.a, old.b == o.b else { return o }
            kept += 1
            return old
        }
        // The schedule names everyone it planned; guests who are not participants are named from it.
        let attending = Set(outcomes.flatMap { [$0.a, $0.b] })
        let names = Dictionary(schedule.participants.filter { attending.contains($0.id) && $0.name != $0.id }.map { ($0.id, $0.name.oneLine) },
                               uniquingKeysWith: { first, _ in first })
        let counts = try store.save(outcomes: outcomes, names: names, erasedSeen: erased)
        return OutcomeImport(event: schedule.event, outcomes: outcomes, rows: counts, keptAsRecorded: kept,
                             blankAsCancelled: outcomes.filter(\.isBlank).count, erasedLeftOut: erasedLeftOut)
    }

    /// The schedule and the outcomes an outcomes file records against it, every problem of
    /// the file checked (its values and the join with the schedule), without a database:
    /// `event outcomes` checks the files before it makes a new one.
    package static func readOutcomes(file: String, schedule scheduleFile: String) throws -> (schedule: Schedule, outcomes: [MeetingOutcome]) {
        let schedule = try readScheduleFile(scheduleFile)
        guard let data = FileManager.default.contents(atPath: file) else { throw AppError.unreadable("outcomes", file: file) }
        let bytes = Array(data)
        // A schedule.json given in the outcomes file's place: say so, not "expected '['".
        if Self.firstSignificantByte(bytes) == UInt8(ascii: "{") {
            let schedule = (try? JSONParser.parse(bytes))?["meetings"] != nil
            throw AppError(.badInput, "\(file): not an outcomes file: it holds a JSON object\(schedule ? ", a schedule (give it with --schedule)" : ""); the outcomes file is a CSV (uid,participant,attended,rating,followUp,comment) or a JSON array of such rows, as `event export --format outcomes-template` writes it")
        }
        var outcomes: [MeetingOutcome]
        do {
            // Every problem of the file in one run: its values and the join with the schedule.
            if Self.isJSON(file: file, bytes: bytes) {
                outcomes = try OutcomeFile.read(json: bytes, schedule: schedule)
            } else {
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw AppError(.badInput, "\(file): not UTF-8 text; save the outcomes as UTF-8 CSV")
                }
                outcomes = try OutcomeFile.read(csv: text, schedule: schedule)
            }
        } catch let error as OutcomeFileError {
            // As `import` and `history import` say it: how many problems, that nothing was stored, then each.
            let n = error.issues.count
            throw AppError(.badInput, "outcomes import failed: \(n) problem\(n == 1 ? "" : "s") in \(file); nothing was stored.",
                           details: error.issues.map { "\(file): \($0)" })
        }
        guard !outcomes.isEmpty else {
            throw AppError(.badInput, "\(file): no outcome rows: the file names no meeting; export the rows to fill in with `event export \(scheduleFile) --format outcomes-sheet --out DIR`")
        }
        return (schedule, outcomes)
    }

    /// JSON by extension, else by the first character that is not white space.
    static func isJSON(file: String, bytes: [UInt8]) -> Bool {
        let ext = URL(fileURLWithPath: file).pathExtension.lowercased()
        if ext == "json" { return true }
        if ext == "csv" { return false }
        return firstSignificantByte(bytes) == UInt8(ascii: "[")
    }

    /// The first byte that is neither white space nor part of a byte-order mark.
    static func firstSignificantByte(_ bytes: [UInt8]) -> UInt8? {
        bytes.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
    }

    /// The outcome report of an event from its stored outcomes, and the event's name.
    package func outcomeReport(event: String) throws -> (report: OutcomeReport, name: String) {
        let outcomes = try store.outcomes(event: event)
        if outcomes.isEmpty {
            let known = try store.eventsWithOutcomes()
            throw AppError(.notFound, "no outcomes are stored for event \(JSONValue.quoted(event))",
                           details: [known.isEmpty ? "import them with `event outcomes FILE --schedule SCHEDULE`"
                                                   : "events with outcomes: \(known.joined(separator: ", "))"])
        }
        let name = try store.events().first { $0.id == event }?.name ?? event
        // People are named by name and id where the database knows them: participants by
        // their names, guests by the names their event's schedule gave.
        let names = try store.displayNames(of: Set(outcomes.flatMap { [$0.a, $0.b] })).filter { !$0.value.isEmpty }
        var report = OutcomeReport(event: event, outcomes: outcomes, names: names, timezone: try store.eventTimeZone(event))
        report.erasedParticipants = try store.erasedFromRecordedOutcomes(event: event)
        return (report, name)
    }

    /// Held meetings of earlier events as collaboration history (`meeting` records): what
    /// the history store takes in.
    package func meetingHistory() throws -> [HistoryPairRecord] {
        MeetingOutcome.historyRecords(try store.outcomes())
    }

    /// What earlier events' outcomes tell the planner about this event (outcomes of other
    /// events, before its first slot; `meeting` records of the collaboration history dated
    /// before its first slot's date), and what the organiser should know about it.
    func earlierMeetings(for event: Event, candidates: [Candidate]) throws -> (EarlierMeetings, [String]) {
        guard let first = event.slots.map(\.start).min() else { return (.none, []) }
        let outcomes = try store.outcomes(before: first, excluding: event.id)
        let firstDay = EventTime.date(first, zone: EventTime.zone(event.timezone))
        let history = try store.pairMeetings(before: firstDay).map {
            HistoryPairRecord(a: $0.a, b: $0.b, kind: "meeting", date: $0.date, weight: 1, source: $0.source)
        }
        guard !outcomes.isEmpty || !history.isEmpty else { return (.none, []) }
        let earlier = EarlierMeetings(outcomes: outcomes, history: history)
        var notes: [String] = []
        var met: [String: EarlierMeetings.Met] = [:]
        for c in candidates { if let m = earlier.met(c.a, c.b) { met[EarlierMeetings.key(c.a, c.b)] = m } }
        let inHistory = met.values.filter(\.fromHistory).count
        if inHistory > 0 {
            notes.append("\(met.count) candidate pair(s) met before (\(met.count - inHistory) at an earlier event, \(inHistory) in a meeting of the collaboration history) and are not suggested again (an accepted request still plans them)")
        } else if !met.isEmpty {
            notes.append("\(met.count) candidate pair(s) met at an earlier event and are not suggested again (an accepted request still plans them)")
        }
        let noShows = event.participants.map(\.id).filter(earlier.noShows.contains)
        if !noShows.isEmpty {
            notes.append("\(noShows.count) participant(s) did not come to a meeting at their last event and get lower priority for meetings: \(noShows.prefix(5).joined(separator: ", "))\(noShows.count > 5 ? ", …" : "")")
        }
        return (earlier, notes)
    }
}

extension ClusterMatch {
    /// Everything matching knows about who worked with whom: the imported collaboration
    /// history and the meetings held at events (kind `meeting`, the slot's date), so that a
    /// held meeting counts as a common partner and `newOnly` leaves the pair out.
    package func matchingHistory() throws -> [Collaboration] {
        try importedHistory() + Self.heldMeetings(try store.outcomes())
    }

    /// `matchingHistory()`, and the keys of its records that are outcomes to learn from
    /// (`profiles tune`): every imported record, and held meetings that went well
    /// (`MeetingOutcome.wentWell`); a held meeting that did not is history (the pair met)
    /// but no positive.
    func learningHistory() throws -> (records: [Collaboration], positive: Set<String>) {
        let imported = try importedHistory()
        let outcomes = try store.outcomes()
        let wentWell = Self.heldMeetings(outcomes.filter(\.wentWell))
        return (imported + Self.heldMeetings(outcomes), Set(imported.map(\.key)).union(wentWell.map(\.key)))
    }

    private func importedHistory() throws -> [Collaboration] {
        try store.hasHistory() ? try store.collaborations() : []
    }

    /// The held meetings among `outcomes` as `meeting` records.
    private static func heldMeetings(_ outcomes: [MeetingOutcome]) -> [Collaboration] {
        MeetingOutcome.historyRecords(outcomes).compactMap { m in
            CollaborationKind(rawValue: m.kind).map { .pair(m.a, m.b, kind: $0, date: m.date, weight: m.weight, source: m.source) }
        }
    }
}
