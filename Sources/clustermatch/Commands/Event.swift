import ArgumentParser
import ClusterMatchApp
import EventPlanner
import Foundation
import Reports

/// `clustermatch event …`: plan, re-plan and export meeting schedules.
struct EventCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event",
        abstract: "Plan one-to-one meeting schedules for an event, re-plan them, export agendas.",
        discussion: "The event file format is described in docs/event-format.md.",
        subcommands: [Plan.self, Replan.self, Export.self])

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
                let plan = try database.open(creating: true).planEvent(file: file)
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
                let plan = try database.open(creating: true).replanEvent(file: file, previous: previous)
                try EventCommand.report(plan, out: out, format: output.format)
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export a schedule: csv, ics (one calendar per participant), html (agendas and overview), json.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "csv, ics, html or json.") var format: String
        @Option(help: ArgumentHelp("The folder to write into.", valueName: "dir")) var out: String
        @Argument(help: "The schedule.json written by `event plan`.") var schedule: String

        func validate() throws {
            if ScheduleExportFormat(rawValue: format) == nil {
                throw ValidationError("--format must be one of: \(ScheduleExportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            try perform {
                let written = try database.open(creating: true).exportSchedule(file: schedule, format: ScheduleExportFormat(rawValue: format)!, out: out)
                Output.line("wrote \(written.count) file(s) to \(out)")
            }
        }
    }

    static func report(_ plan: EventPlan, out: String?, format: OutputFormat) throws {
        for w in plan.warnings { Diagnostics.warning(w) }
        let s = plan.schedule
        Diagnostics.write(String(format: "planned %d meetings in %.3f s", s.meetings.count, plan.seconds))
        if let out {
            _ = try ClusterMatch.write(ClusterMatch.exportFiles(s, format: .json) + ClusterMatch.exportFiles(s, format: .csv), to: out)
            Output.line("\(s.name): schedule.json and meetings.csv written to \(out)")
            Output.line(ScheduleReport.summary(s))
            if !s.changes.isEmpty { Output.line(); Output.line("Changes to tell participants about:"); Output.write(ScheduleReport.changes(s)) }
            return
        }
        switch format {
        case .json: Output.line(s.json.serialized(pretty: true))
        case .csv: Output.write(ScheduleReport.csv(s))
        case .table: Output.write(ScheduleReport.table(s))
        }
    }
}
