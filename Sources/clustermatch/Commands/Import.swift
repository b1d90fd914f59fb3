import ArgumentParser
import ClusterMatchApp
import CSV
import Foundation
import Importers
import MatchCore
import Reports

extension ImportFormat: ExpressibleByArgument {}

/// `--as`: an input format, or `auto`.
enum InputFormatOption: ExpressibleByArgument, Equatable {
    case auto
    case format(ImportFormat)

    init?(argument: String) {
        if argument == "auto" { self = .auto; return }
        guard let f = ImportFormat(rawValue: argument) else { return nil }
        self = .format(f)
    }

    static var allValueStrings: [String] { ["auto"] + ImportFormat.allCases.map(\.rawValue) }

    var format: ImportFormat? {
        if case .format(let f) = self { return f }
        return nil
    }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import participants: canonical JSON, registration CSVs, EEN profiles (XML/JSON), cluster profiles.",
        discussion: """
            All files of one command are one transaction. Strict by default: one invalid \
            record and nothing is stored (exit 65), with every problem listed (personal values \
            masked). --skip-invalid stores the valid records and writes the rejected ones to \
            NAME.rejects.csv beside each input. Re-importing the same file changes nothing. \
            Participants erased with `participants delete` are left out and named (exit 0) \
            unless --register-erased is given. \
            Formats and column aliases: docs/import-formats.md.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: FormatOption

    @Option(name: .customLong("as"), help: ArgumentHelp(
        "The input format: auto (recognised from the content), participants, registration-csv, een-xml, een-json or clusters.",
        valueName: "format"))
    var inputFormat: InputFormatOption = .auto

    @Flag(help: "Check and count what would change; store nothing.")
    var dryRun = false

    @Flag(help: "Store the valid records; write the rejected ones to NAME.rejects.csv beside the input.")
    var skipInvalid = false

    @Option(help: ArgumentHelp("A JSON mapping file for registration CSVs: columns, kinds, defaults, delimiter.", valueName: "file"))
    var mapping: String?

    @Option(help: ArgumentHelp("Report how many EEN records were modified on or after this day (YYYY-MM-DD).", valueName: "date"))
    var since: String?

    @Flag(help: "Register again participants erased with `participants delete` (left out and named otherwise).")
    var registerErased = false

    @Argument(help: ArgumentHelp("Files to import.", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one file to import") }
        if let since, EENDate.normalise(since) == nil { throw ValidationError("--since \(since) is not a date (YYYY-MM-DD)") }
    }

    func run() throws {
        try perform {
            let app = try database.open(creating: true)
            let bar = ProgressBar.ifTerminal()
            var progress: (@Sendable (ImportProgress) -> Void)? = nil
            if let bar { progress = { bar.update($0) } }
            let request = ImportRequest(files: files, format: inputFormat.format, dryRun: dryRun, skipInvalid: skipInvalid,
                                        mappingFile: mapping, since: since.flatMap(EENDate.normalise), registerErased: registerErased,
                                        progress: progress)
            defer { bar?.finish() }
            let report = try app.importParticipants(request)
            bar?.finish()
            render(report)
        }
    }

    func render(_ report: ImportReport) {
        for file in report.files {
            if let reason = file.detectedBecause { Diagnostics.write("\(file.file): read as \(file.format.rawValue) (\(reason))") }
            for note in file.notes { Diagnostics.write("\(file.file): \(note)") }
        }
        for rejected in report.rejected {
            for line in rejected.description.split(separator: "\n") { Diagnostics.write("rejected: \(line)") }
        }
        for file in report.files { if let r = file.rejectsFile { Diagnostics.write("\(file.file): rejected records written to \(r)") } }
        let header = ["file", "format", "added", "updated", "unchanged", "rejected"]
        let rows: [[String]] = report.files.map { [$0.file, $0.format.rawValue, String($0.added), String($0.updated), String($0.unchanged), String($0.rejected)] }
        switch output.format {
        case .table:
            Output.write(TextTable.render(header: header, rows: rows, maxWidth: 60, rightAligned: [2, 3, 4, 5]))
            if report.dryRun { Output.line(report.changes ? "Dry run: nothing was stored." : "Dry run: nothing would change.") }
            else if !report.stored { Output.line("Nothing changed.") }
        case .csv: Output.write(CSVWriter.render(header: header, rows: rows))
        case .json: Output.line(report.json.serialized(pretty: true))
        }
    }
}
