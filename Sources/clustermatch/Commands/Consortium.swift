import ArgumentParser
import ClusterMatchApp
import Foundation

/// `clustermatch consortium …`: groups of participants for funding calls.
struct ConsortiumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consortium",
        abstract: "Propose consortia for funding calls.",
        discussion: "The call file format is described in docs/consortium.md.",
        subcommands: [Build.self])

    /// The output formats of `consortium build`.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv, html
    }

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose the best consortia for a call: coverage of its needs, complementarity, its rules.",
            discussion: """
                Each proposal meets every rule of the call and has at least 2 members outside every \
                better-ranked proposal. A call no set of participants can meet is an error naming \
                the first rule that fails (exit 65). With --out, writes consortia.json, consortia.csv \
                and consortia.html there and prints the table.
                """)

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Output format: table, json, csv or html.") var format: Format = .table
        @Option(help: ArgumentHelp("A participant every proposal must contain.", valueName: "id")) var lead: String?
        @Option(help: "How many proposals (1–50).") var top: Int = 5
        @Option(help: "Scoring profile for the pair scores: brokerage, research, cluster-to-cluster, peers, or a .json file.") var profile: String?
        @Option(help: ArgumentHelp("Write consortia.json, consortia.csv and consortia.html into this folder.", valueName: "dir")) var out: String?
        @Option(help: .hidden) var exportInstance: String?
        @Argument(help: "The call file (JSON).") var call: String

        func validate() throws {
            if !(1...50).contains(top) { throw ValidationError("--top must be from 1 to 50 (was \(top))") }
        }

        func run() throws {
            try perform {
                let app = try database.open()
                let request = ConsortiumRequest(call: try ClusterMatch.loadCall(file: call), lead: lead, top: top, profile: profile)
                let started = ContinuousClock.now
                let result = try app.buildConsortia(request)
                let elapsed = started.duration(to: .now)
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                Diagnostics.write(String(format: "%d consortia from %d candidates in %.3f s", result.proposals.count, result.candidates, seconds))
                if let exportInstance {
                    try Data(result.problem.json(proposals: result.proposals.map(\.value)).serialized(pretty: false).utf8)
                        .write(to: URL(fileURLWithPath: exportInstance))
                }
                if let out {
                    let files = [("consortia.json", result.json.serialized(pretty: true) + "\n"), ("consortia.csv", result.csv),
                                 ("consortia.html", result.html)]
                    let written = try ClusterMatch.write(files, to: out)
                    Output.write(result.table)
                    Output.line()
                    Output.line("wrote \(written.joined(separator: ", "))")
                    return
                }
                switch format {
                case .json: Output.line(result.json.serialized(pretty: true))
                case .csv: Output.write(result.csv)
                case .html: Output.write(result.html)
                case .table: Output.write(result.table)
                }
            }
        }
    }
}
