import ArgumentParser
import ClusterMatchApp
import Foundation
import MatchCore

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a demo database from the bundled landscape and show some match lists.",
        discussion: "Starts afresh each time: the demo database is replaced, never your own.")

    @Option(help: ArgumentHelp("Folder for the demo database and the CSV match lists.", valueName: "dir"))
    var out: String = "clustermatch-demo"

    @Option(help: ArgumentHelp("The demo database file (default: DIR/demo.sqlite).", valueName: "path"))
    var db: String?

    func run() throws {
        try perform {
            let dbPath = db ?? URL(fileURLWithPath: out).appendingPathComponent("demo.sqlite").path
            let started = Date()
            let report = try ClusterMatch.demo(databasePath: dbPath, outputDirectory: out)
            let members = report.counts.participants - report.clusters
            Output.line("ClusterMatch demo: \(report.clusters) clusters, \(members) members, \(report.counts.taxonomyTerms) taxonomy terms.")
            Output.line()
            for list in report.examples {
                let p = list.participant
                Output.line("\(p.name) (\(p.id), \(p.kind.rawValue), \(p.country)) should meet:")
                for row in list.rows.prefix(3) {
                    Output.line("  \(row.rank). \(row.partner.name) (\(row.partner.id), \(row.partner.country))  score \(Format.score(row.score))")
                    for reason in row.reasons.prefix(2) { Output.line("       - \(reason.summary)") }
                }
                Output.line()
            }
            Output.line("Database:    \(report.databasePath)")
            Output.line("Match lists: \(report.matchListsPath) (top 10 for every participant)")
            Output.line()
            Output.line("Try next:")
            let example = report.examples.first?.participant.id ?? "ID"
            // Show the command as it was called (a path, until the binary is on the PATH).
            let invoked = CommandLine.arguments.first ?? "clustermatch"
            let clustermatch = invoked.contains("/") ? invoked : "clustermatch"
            Output.line("  \(clustermatch) match \(example) --db \(report.databasePath) --explain")
            Output.line("  \(clustermatch) clusters match dk-food --db \(report.databasePath)")
            Output.line("  \(clustermatch) participants list --db \(report.databasePath) --limit 20")
            Output.line("  \(clustermatch) doctor --db \(report.databasePath)")
            Diagnostics.write(String(format: "demo built in %.2f s", Date().timeIntervalSince(started)))
        }
    }
}
