import ArgumentParser
import ClusterMatchApp
import EventPlanner
import Foundation
import Reports

/// `clustermatch event …`: plan, re-plan and export meeting schedules.
struct EventCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event",
        abstract: "Plan one-to-one meeting schedules for an event, re-plan them, export agendas, record outcomes.",
        discussion: "The event file format is described in docs/event-format.md, outcomes in docs/outcomes.md.",
        subcommands: [Plan.self, Replan.self, Export.self, Outcomes.self, OutcomeReportCommand.self])

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Plan an event: choose meetings, place them in slots and tables.",
            discussion: "Validates the plan before writing anything. With --out, writes schedule.json and meetings.csv there and prints a summary.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOption
        @Option(help: ArgumentHelp("Write schedule.json and meetings.csv into this folder.", valueName: "dir")) var out: String?
        @Argument(help: "The event file (JSON).") var file: String

        func run() throws {
            try perform {
                let plan = try database.open(creating: true).planEvent(file: file, out: out)
                try EventCommand.report(plan, out: out, format: output.format)
            }
        }
    }

    struct Replan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-plan with minimum change after cancellations, late arrivals or new requests.",
            discussion: "Keeps every meeting of the previous schedule that is still valid and lists, per participant, what changed.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOption
        @Option(help: ArgumentHelp("The schedule.json to re-plan from.", valueName: "schedule")) var previous: String
        @Option(help: ArgumentHelp("Write schedule.json and meetings.csv into this folder.", valueName: "dir")) var out: String?
        @Argument(help: "The event file (JSON), as it is now.") var file: String

        func run() throws {
            try perform {
                let plan = try database.open(creating: true).replanEvent(file: file, previous: previous, out: out)
                try EventCommand.report(plan, out: out, format: output.format)
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export a schedule: csv, ics (one calendar per participant), html (agendas and overview), json, outcomes-template (the outcomes CSV to fill in), outcomes-sheet (the same with names, partner, slot, start and table).",
            discussion: """
                Reads the schedule file; no database is needed. When the database exists (--db, \
                CLUSTERMATCH_DB or ./clustermatch.sqlite), participants it erased since the file \
                was written are left out, with a warning; and an event id instead of a file \
                exports the event's latest stored schedule.
                """)

        @OptionGroup var database: DatabaseOptions
        @Option(help: "csv, ics, html, json, outcomes-template or outcomes-sheet.") var format: String
        @Option(help: ArgumentHelp("The folder to write into.", valueName: "dir")) var out: String
        @Argument(help: "The schedule.json written by `event plan`, or an event id stored in the database.") var schedule: String

        func validate() throws {
            if ScheduleExportFormat(rawValue: format) == nil {
                throw ValidationError("--format must be one of: \(ScheduleExportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            try perform {
                // The schedule file holds everything the exports show: a database is read only
                // when there is one (for its erasures, or a stored schedule), never made.
                let kind = ScheduleExportFormat(rawValue: format)!
                guard !database.isNew else {
                    let written = try ClusterMatch.exportSchedule(file: schedule, format: kind, out: out)
                    Output.line("wrote \(written.count) file(s) to \(out)")
                    return
                }
                let written = try database.open().exportSchedule(file: schedule, format: kind, out: out)
                for w in written.warnings { Diagnostics.write("warning: \(w)") }
                Output.line("wrote \(written.files.count) file(s) to \(out)")
            }
        }
    }

    struct Outcomes: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import what happened at an event's meetings: attended, rating, follow-up, comment.",
            discussion: """
                FILE is CSV (uid,participant,attended,rating,followUp,comment; one row per meeting and side, as written \
                by `event export --format outcomes-template`) or a JSON array of objects with the same fields. Everything \
                is checked before anything is stored; importing the same file again changes nothing. See docs/outcomes.md.
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOption
        @Option(help: ArgumentHelp("The schedule.json the meetings were planned in.", valueName: "schedule")) var schedule: String
        @Argument(help: "The outcomes file (CSV or JSON).") var file: String

        func run() throws {
            try perform {
                // Said, as `history import` says it: a mistyped --db would otherwise store the
                // outcomes in a new file, where the next plan and the report do not look.
                let isNew = database.isNew
                // Files that cannot be imported leave no new database behind.
                if isNew { _ = try ClusterMatch.readOutcomes(file: file, schedule: schedule) }
                let app = try database.open(creating: true)
                if isNew { Diagnostics.write("note: created a new database at \(database.path); if the event was planned in another one, give it with --db") }
                let result = try app.importOutcomes(file: file, schedule: schedule)
                switch output.format {
                case .json: Output.line(result.json.serialized(pretty: true))
                case .csv, .table: Output.line(result.summary)
                }
            }
        }
    }

    struct OutcomeReportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "outcome-report",
            abstract: "Report an event's meeting outcomes: held, no-shows, ratings, follow-ups, follow-up rate by score decile.",
            discussion: "With --out, writes outcome-report.html (with charts), outcome-report.json, outcome-summary.csv, outcome-deciles.csv and outcome-comments.csv there.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOption
        @Option(help: ArgumentHelp("Write the HTML, JSON and CSV reports into this folder.", valueName: "dir")) var out: String?
        @Argument(help: "The event id.") var event: String

        func run() throws {
            try perform {
                let (report, name) = try database.open().outcomeReport(event: event)
                if let out {
                    let written = try ClusterMatch.write(report.files(name: name), to: out)
                    Output.line("wrote \(written.count) file(s) to \(out)")
                    return
                }
                switch output.format {
                case .json: Output.line(report.json.serialized(pretty: true))
                case .csv: Output.write(report.decilesCSV)
                case .table: Output.write(report.table)
                }
            }
        }
    }

    static func report(_ plan: EventPlan, out: String?, format: OutputFormat) throws {
        for w in plan.warnings { Diagnostics.warning(w) }
        let s = plan.schedule
        Diagnostics.write(String(format: "planned %d meetings in %.3f s", s.meetings.count, plan.seconds))
        if let out {
            Output.line("\(s.name): schedule.json and meetings.csv written to \(out)")
            Output.line(ScheduleReport.summary(s))
            if !s.changes.isEmpty { Output.line(); Output.line("Changes to tell participants about:"); Output.write(ScheduleReport.changes(s)) }
            return
        }
        switch format {
        case .json: Output.line(plan.json.serialized(pretty: true))
        case .csv: Output.write(ScheduleReport.csv(s))
        case .table: Output.write(ScheduleReport.table(s))
        }
    }
}
