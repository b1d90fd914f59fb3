import ArgumentParser
import ClusterMatchApp
import Foundation

/// `clustermatch`: the command-line door onto the ClusterMatch use cases.
@main
struct ClusterMatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clustermatch",
        abstract: "Matchmaking for business clusters: ranked partners with reasons.",
        discussion: """
            Results go to stdout, diagnostics to stderr. Exit codes: 0 ok, 1 internal error, \
            64 usage error, 65 bad input data, 66 a named file or participant does not exist, \
            73 a file cannot be created or written, 74 the database is damaged or cannot be read, \
            75 the database is locked by another process (retry later).
            """,
        version: ClusterMatch.version,
        subcommands: [Demo.self, Import.self, Participants.self, TaxonomyCommand.self, Match.self, MatchAll.self, Explain.self,
                      Clusters.self, EventCommand.self, ConsortiumCommand.self, Serve.self, Backup.self, Vectors.self, Doctor.self, Embed.self,
                      HistoryCommand.self, ProfilesCommand.self])
}

/// Options every command that touches the database takes.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database file (default: $CLUSTERMATCH_DB or ./clustermatch.sqlite).", valueName: "path"))
    var db: String?

    var path: String { ClusterMatch.databasePath(option: db) }

    /// No database file is there yet: opening with `creating: true` makes one (which the
    /// commands that may, say).
    var isNew: Bool { path != ":memory:" && !FileManager.default.fileExists(atPath: path) }

    /// Opens the database. Commands that only read refuse a file that does not exist (a
    /// mistyped --db would otherwise create an empty database and report "not found").
    func open(creating: Bool = false) throws -> ClusterMatch {
        if !creating && isNew {
            throw AppError(.notFound, "no database at \(path): give --db PATH (or set CLUSTERMATCH_DB), or create one with clustermatch import FILE or clustermatch demo")
        }
        var app = try ClusterMatch.open(path: path)
        app.notice = { Diagnostics.write("note: \($0)") }
        return app
    }
}

/// The output format of commands that print results.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

struct FormatOption: ParsableArguments {
    @Option(name: .long, help: "Output format: table, json or csv.")
    var format: OutputFormat = .table
}

/// Runs a command body, turning errors into a message on stderr and the documented exit code.
func perform(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        guard let error = AppError.recognising(error) else {
            Diagnostics.error("internal error: \(error)")
            throw ExitCode(1)
        }
        Diagnostics.error(error.message + (error.hint?.commandLine ?? ""))
        for line in error.details { Diagnostics.write(line) }
        throw ExitCode(error.exitCode)
    }
}

/// Writing to stderr, never stdout.
enum Diagnostics {
    static func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func error(_ message: String) { write("error: \(message)") }
    static func warning(_ message: String) { write("warning: \(message)") }
}

/// Writing results to stdout.
enum Output {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func line(_ text: String = "") { write(text + "\n") }
}
