import ArgumentParser
import Foundation
import ClusterMatchApp
import CSV
import Importers
import MatchStore
import Reports

/// `--as` of `history import`.
enum HistoryFormatOption: String, ExpressibleByArgument, CaseIterable {
    case auto, collaborations, cordis

    var format: HistoryFormat? { HistoryFormat(rawValue: rawValue) }
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Import who already worked together: projects, meetings, partnerships, memberships.",
        subcommands: [ImportHistory.self])

    struct ImportHistory: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import collaboration history (JSON Lines pairs and groups, or CORDIS organization.csv).",
            discussion: """
                All files are checked before anything is stored and stored in one transaction; \
                importing them again changes nothing. One malformed record and nothing is stored \
                (exit 65), with every problem listed. Members that are not participants are kept as \
                history-only nodes (they count as common partners and are never suggested) unless \
                --strict. A record key (a group, a pair's fields) in two files is one record when \
                both agree, an error naming both places when they differ. Collaborations are JSON \
                Lines or one JSON array; kind is read case-insensitively. CORDIS: CSVs are \
                recognised by their header: organization.csv, and project.csv and topics.csv \
                given as arguments or found beside it; several extracts are read as one (a project \
                in two of them has the members of both). Records dated more than five years after the rest \
                of the history are imported with a warning (a typo moves every decay). Formats: docs/import-formats.md.
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOption

        @Option(name: .customLong("as"), help: ArgumentHelp("The input format: auto, collaborations or cordis.", valueName: "format"))
        var inputFormat: HistoryFormatOption = .auto

        @Flag(help: "Check and count what would change; store nothing.")
        var dryRun = false

        @Flag(help: "Fail (exit 65) when a member is not a participant, instead of keeping it as a history-only node.")
        var strict = false

        @Flag(help: "CORDIS: also create the organisations that are not participants yet, profiled from their projects; extend the profiles an earlier such import built with their new projects.")
        var createParticipants = false

        @Option(help: ArgumentHelp("CORDIS: how an organisation's row becomes a participant id ({column} of organization.csv; an empty value is a row error).", valueName: "template"))
        var idTemplate = CORDISFile.defaultTemplate

        @Option(help: ArgumentHelp("""
            CORDIS: the participant attribute that holds organisation ids (e.g. pic, or registration.pic for \
            attributes.registration.pic): an organisation is the participant whose attribute equals its \
            organisationID; the others are history-only, or created by --create-participants with an id \
            from --id-template (and the attribute set).
            """, valueName: "name"))
        var idAttribute: String?

        @Flag(help: ArgumentHelp("""
            The files are the whole history of the sources their records name (give every file of a \
            source): stored records of those sources that the files no longer hold are deleted (a corrected \
            pair date is a new record; this removes the wrong one). CORDIS records are never removed.
            """))
        var replace = false

        @Argument(help: ArgumentHelp("Files to import.", valueName: "file"))
        var files: [String]

        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one history file") }
            if CORDISFile.placeholders(idTemplate).isEmpty {
                throw ValidationError("--id-template '\(idTemplate)' names no column; write one in braces, e.g. 'pic-{organisationID}'")
            }
            if let idAttribute, let problem = HistoryImportRequest.attributeProblem(idAttribute) {
                throw ValidationError("--id-attribute '\(idAttribute)' \(problem)")
            }
        }

        /// `; names: 1 added, 2 changed` when history-only members got or changed names.
        static func namesText(_ h: HistoryOutcome) -> String {
            guard h.namesAdded + h.namesChanged > 0 else { return "" }
            return "; names of history-only members: \(h.namesAdded) added, \(h.namesChanged) changed"
        }

        func run() throws {
            try perform {
                // History may come before its participants (members become participants as
                // they are imported), so a new database is made, and said: a mistyped --db
                // would otherwise pass for a landscape where no one is a participant.
                let isNew = database.isNew
                let app = try database.open(creating: true)
                // Said at once: a failed import leaves the new, empty file behind too.
                if isNew { Diagnostics.write("note: created a new database at \(database.path)\(createParticipants ? "" : ": it has no participants yet, so every member is history-only until they are imported")") }
                let report = try app.importHistory(HistoryImportRequest(
                    files: files, format: inputFormat.format, dryRun: dryRun, strict: strict,
                    createParticipants: createParticipants, idTemplate: idTemplate, idAttribute: idAttribute, replace: replace))
                for file in report.files { for note in file.notes { Diagnostics.write("\(file.file): \(note)") } }
                if report.historyOnly > 0 {
                    Diagnostics.write("\(report.historyOnly) member\(report.historyOnly == 1 ? " is not a participant" : "s are not participants"), kept as history-only: \(report.historyOnlyExamples.map(ClusterMatch.shownID).joined(separator: ", "))\(report.historyOnly > 5 ? ", …" : "")")
                }
                let summary = "collaborations: \(report.history.added) added, \(report.history.updated) updated, \(report.history.unchanged) unchanged\(report.history.removed > 0 ? ", \(report.history.removed) removed" : "")\(Self.namesText(report.history)); participants created: \(report.participantsCreated)\(report.participantsUpdated > 0 ? ", profiles extended with new projects: \(report.participantsUpdated)" : "")\(report.profileProjectsKept > 0 ? ", projects kept for earlier profiles: \(report.profileProjectsKept)" : ""); history-only members: \(report.historyOnly)"
                let header = ["file", "format", "records"]
                let rows = report.files.map { [$0.file, $0.format.rawValue, String($0.records)] }
                switch output.format {
                case .table:
                    Output.write(TextTable.render(header: header, rows: rows, maxWidth: 60, rightAligned: [2]))
                    Output.line(summary)
                    for warning in report.warnings { Output.line("Warning: \(warning)") }
                    if report.dryRun { Output.line(report.changes ? "Dry run: nothing was stored." : "Dry run: nothing would change.") }
                    else if !report.changes { Output.line("Nothing changed.") }
                case .csv:
                    Diagnostics.write(summary)  // the rows are the files; the counts go beside them
                    for warning in report.warnings { Diagnostics.write("warning: \(warning)") }
                    Output.write(CSVWriter.render(header: header, rows: rows))
                case .json:
                    for warning in report.warnings { Diagnostics.write("warning: \(warning)") }
                    Output.line(report.json.serialized(pretty: true))
                }
            }
        }
    }
}
