import ArgumentParser
import ClusterMatchApp
import MatchCore
import Reports

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import participants in the canonical JSON format (JSON Lines or a JSON array).",
        discussion: """
            All files of one command are one transaction. Strict by default: one invalid \
            record and nothing is stored (exit 65), with every problem listed.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: FormatOption

    @Flag(help: "Store the valid records and list the rejected ones.")
    var skipInvalid = false

    @Argument(help: ArgumentHelp("Files to import.", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one file to import") }
    }

    func run() throws {
        try perform {
            let app = try database.open()
            let report = try app.importParticipants(files: files, skipInvalid: skipInvalid)
            for rejected in report.rejected { Diagnostics.write("rejected: \(rejected)") }
            let header = ["file", "added", "updated", "unchanged", "rejected"]
            let rows = report.files.map { [$0.file, String($0.added), String($0.updated), String($0.unchanged), String($0.rejected)] }
            switch output.format {
            case .table:
                Output.write(TextTable.render(header: header, rows: rows, maxWidth: 60, rightAligned: [1, 2, 3, 4]))
                if !report.stored { Output.line("Nothing changed.") }
            case .csv: Output.write(CSVWriter.render(header: header, rows: rows))
            case .json:
                Output.line(JSONValue.array(report.files.map {
                    .object(JSONObject([("file", .string($0.file)), ("added", .int(Int64($0.added))), ("updated", .int(Int64($0.updated))),
                                        ("unchanged", .int(Int64($0.unchanged))), ("rejected", .int(Int64($0.rejected)))]))
                }).serialized(pretty: true))
            }
        }
    }
}
