import EventPlanner
import Foundation
import JSONSupport
import Reports

/// What `event export` writes.
package enum ScheduleExportFormat: String, Sendable, CaseIterable {
    /// `meetings.csv` (and `unplaced.csv`).
    case csv
    /// One iCalendar file per participant (METHOD:REQUEST), plus `-cancel.ics` for re-plan cancellations.
    case ics
    /// A printable agenda per participant and `index.html`, the organiser overview with charts.
    case html
    /// `schedule.json`, the contract.
    case json
    /// `outcomes.csv`: the outcomes file for the organiser to fill in, two rows per meeting.
    case outcomesTemplate = "outcomes-template"
    /// `outcomes.csv` for filling in by hand: the template's columns, then the participant's
    /// name, the partner, its name, the slot, its local start and the table, which the
    /// outcomes import reads past.
    case outcomesSheet = "outcomes-sheet"
}

extension ClusterMatch {
    /// Writes a schedule's exports into `out` (created if needed): a schedule file, or, when
    /// `file` names no file, the latest stored schedule of the event of that id.
    ///
    /// A schedule file written before an erasure still names the erased participants: those
    /// this database erased (from the event or from the database) are left out of the
    /// export (their meetings, their entry, text that names them), and `warnings` says how
    /// many. The stored schedule was erased already.
    /// - Returns: the paths written, in order, and the warnings.
    package func exportSchedule(file: String, format: ScheduleExportFormat, out: String) throws -> (files: [String], warnings: [String]) {
        var schedule: Schedule
        if !FileManager.default.fileExists(atPath: file), let stored = try store.schedule(event: file) {
            schedule = try Schedule.decode(try JSONParser.parse(Array(stored.document.utf8)))
        } else {
            schedule = try Self.readScheduleFile(file)
        }
        let digests = try store.erasedFromOutcomes(event: schedule.event).union(try store.erasedMembers())
        var ids = Set(schedule.participants.map(\.id))
        for m in schedule.meetings { ids.insert(m.a); ids.insert(m.b) }
        let erased = digests.isEmpty ? [] : ids.filter { digests.contains(Erasure.digest($0)) }.sorted()
        for id in erased { schedule = schedule.erasing(participant: id) }
        // Text that spells someone erased (a common partner in reasons, an event named after them).
        let names = try store.erasedNames()
        let before = schedule
        schedule = schedule.redactingNames(names.digests, keep: names.keep)
        let renamed = schedule.json != before.json
        var warnings = erased.isEmpty ? [] : [
            "\(erased.count) participant(s) of \(file) were erased (participants delete): their meetings and entries are left out of the export. Their partners' calendars still hold those meetings: `event replan` sends them cancellations",
        ]
        if renamed { warnings.append("text of \(file) named participants erased since (participants delete): it says \"\(Erasure.mention)\" instead") }
        return (try Self.write(Self.exportFiles(schedule, format: format), to: out, replacing: Self.optionalFiles(format)), warnings)
    }

    /// `exportSchedule` without a database: the schedule file holds all the exports show.
    package static func exportSchedule(file: String, format: ScheduleExportFormat, out: String) throws -> [String] {
        try write(exportFiles(try readScheduleFile(file), format: format), to: out, replacing: optionalFiles(format))
    }

    /// The files an export writes only when the schedule has them (unplaced meetings, round
    /// tables): one left in the folder by an earlier export is removed when this one has none,
    /// so that an organiser is not shown last plan's unplaced meetings beside this plan.
    package static func optionalFiles(_ format: ScheduleExportFormat) -> [String] {
        format == .csv ? ["unplaced.csv", "round-tables.csv", "unseated.csv"] : []
    }

    /// The files of one export, as names and contents.
    package static func exportFiles(_ schedule: Schedule, format: ScheduleExportFormat) -> [(name: String, content: String)] {
        switch format {
        case .json: return [("schedule.json", schedule.json.serialized(pretty: true) + "\n")]
        case .csv:
            var files = [("meetings.csv", ScheduleReport.csv(schedule))]
            if !schedule.unplaced.isEmpty { files.append(("unplaced.csv", ScheduleReport.unplacedCSV(schedule))) }
            return files + RoundTableReport.csvFiles(schedule)
        case .ics: return ICalendarWriter.files(schedule)
        case .html: return HTMLAgenda.files(schedule)
        case .outcomesTemplate: return [("outcomes.csv", OutcomeFile.template(schedule))]
        case .outcomesSheet: return [("outcomes.csv", ScheduleReport.outcomeSheet(schedule))]
        }
    }

    /// Writes files into a folder, creating it; the files named in `replacing` that this
    /// write does not include are removed from the folder (they belong to an earlier export).
    package static func write(_ files: [(name: String, content: String)], to out: String, replacing: [String] = []) throws -> [String] {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: out, withIntermediateDirectories: true)
            let writing = Set(files.map(\.name))
            for name in replacing where !writing.contains(name) {
                let path = URL(fileURLWithPath: out).appendingPathComponent(name).path
                if fm.fileExists(atPath: path) { try fm.removeItem(atPath: path) }
            }
            var written: [String] = []
            for f in files {
                let path = URL(fileURLWithPath: out).appendingPathComponent(f.name).path
                try fm.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
                try Data(f.content.utf8).write(to: URL(fileURLWithPath: path))
                written.append(path)
            }
            return written
        } catch {
            throw AppError(.cannotWrite, "cannot write to \(out): \(Self.whyNotWritable(out) ?? error.localizedDescription)")
        }
    }

    /// Makes the folder `out` (and its parents) and checks that a file can be written in
    /// it, before a command changes the database: a plan is then stored only where its
    /// files can be written too.
    package static func prepareFolder(_ out: String) throws {
        let fm = FileManager.default
        let probe = URL(fileURLWithPath: out).appendingPathComponent(".clustermatch-write-check-\(ProcessInfo.processInfo.processIdentifier)").path
        do {
            try fm.createDirectory(atPath: out, withIntermediateDirectories: true)
            try Data().write(to: URL(fileURLWithPath: probe))
            try? fm.removeItem(atPath: probe)
        } catch {
            let why = Self.whyNotWritable(out) ?? "the folder cannot be made, or a file written in it (\(error.localizedDescription))"
            throw AppError(.cannotWrite, "cannot write to \(out): \(why); nothing was stored")
        }
    }

    /// Why a folder cannot be made or written, in plain words, from the deepest part of the
    /// path that exists (Foundation's own text says "The file doesn't exist" for /proc/x).
    static func whyNotWritable(_ path: String) -> String? {
        let fm = FileManager.default
        var url = URL(fileURLWithPath: path).standardizedFileURL
        while url.path != "/" && !fm.fileExists(atPath: url.path) { url.deleteLastPathComponent() }
        var folder: ObjCBool = false
        guard fm.fileExists(atPath: url.path, isDirectory: &folder) else { return nil }
        if !folder.boolValue { return "\(url.path) is a file, not a folder" }
        if !fm.isWritableFile(atPath: url.path) { return "the folder \(url.path) is not writable" }
        return nil
    }
}
