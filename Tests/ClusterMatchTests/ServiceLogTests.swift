import ClusterMatchService
import Foundation
import Logging
import Testing

@Suite("serve: the log")
struct ServiceLogTests {
    /// What a logger at `level` writes for one event of each level, read back from a pipe.
    static func lines(at level: Logger.Level, _ body: (Logger) -> Void) throws -> [String] {
        let pipe = Pipe()
        body(ServiceLog.logger(level: level, fd: pipe.fileHandleForWriting.fileDescriptor))
        try pipe.fileHandleForWriting.close()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return text.split(separator: "\n").map(String.init)
    }

    @Test func linesKeepTheirFormatAndLevelsFilter() throws {
        let lines = try Self.lines(at: .warning) { log in
            log.debug("not shown")
            log.info("not shown either")
            log.warning("the output is closed; stopping")
            log.error("match.query: boom", metadata: ["method": "match.query", "id": "7"])
        }
        #expect(lines == ["clustermatch serve: warn: the output is closed; stopping",
                          "clustermatch serve: error: match.query: boom id=7 method=match.query"])
        #expect(try Self.lines(at: .debug) { $0.debug("x") } == ["clustermatch serve: debug: x"])
    }

    /// `--log-level` takes swift-log's names and the service's earlier `warn`.
    @Test(arguments: [("warn", Logger.Level.warning), ("warning", .warning), ("WARN", .warning), ("debug", .debug),
                      ("info", .info), ("error", .error), ("trace", .trace), ("critical", .critical)])
    func levelNames(name: String, level: Logger.Level) {
        #expect(ServiceLog.level(named: name) == level)
    }

    @Test func unknownLevelIsAUsageError() throws {
        #expect(ServiceLog.level(named: "loud") == nil)
        let r = try CLI.run(["serve", "--log-level", "loud"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--log-level must be one of trace, debug, info, notice, warn (or warning), error, critical"))
    }
}
