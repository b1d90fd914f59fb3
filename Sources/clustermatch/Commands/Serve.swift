import ArgumentParser
import ClusterMatchApp
import ClusterMatchService

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve JSON-RPC 2.0 on stdin/stdout: one request (or batch) per line, one response per line.",
        discussion: """
            Keeps the competence vectors in memory between requests and notices changes made \
            by other processes. Only responses go to stdout; logs go to stderr. Stops with exit \
            code 0 at the end of input or after a shutdown request. The protocol is in docs/protocol.md.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("Longest request line accepted, in bytes; longer lines are answered with -32600 and skipped.", valueName: "bytes"))
    var maxLineBytes: Int = 16 << 20

    @Option(help: ArgumentHelp("Log level on stderr: \(ServiceLog.levelNames).", valueName: "level"))
    var logLevel: String = "warn"

    func validate() throws {
        if maxLineBytes < 64 { throw ValidationError("--max-line-bytes must be at least 64") }
        if ServiceLog.level(named: logLevel) == nil { throw ValidationError("--log-level must be one of \(ServiceLog.levelNames)") }
    }

    func run() throws {
        try perform {
            let responses = Server.claimStandardOutput()
            let log = ServiceLog.logger(level: ServiceLog.level(named: logLevel) ?? .warning)
            var app = try database.open(creating: true)
            app.notice = nil  // answers carry it (profileNote); stderr is the log's
            let service = RPCService(app: app, log: log, options: .init(maxLineBytes: maxLineBytes))
            Server.run(service, input: 0, output: responses)
        }
    }
}
