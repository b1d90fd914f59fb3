import Logging

/// The service's log: swift-log's `Logger`, one line per event on stderr (never stdout, which
/// carries the responses).
///
/// Lines read `clustermatch serve: LEVEL: message key=value …`, metadata sorted by key, so an
/// operator can grep them and a program can split them. Never logs params or participant
/// data: requests may carry personal data.
package enum ServiceLog {
    /// A logger at `level` writing to `fd` (stderr unless a test says otherwise).
    package static func logger(level: Logger.Level, fd: Int32 = 2) -> Logger {
        var logger = Logger(label: "clustermatch.serve") { _ in LineLogHandler(fd: fd) }
        logger.logLevel = level
        return logger
    }

    /// The `--log-level` names: swift-log's levels, and `warn`, which the service accepted
    /// before it used swift-log, for `warning`.
    package static func level(named name: String) -> Logger.Level? {
        let name = name.lowercased()
        if name == "warn" { return .warning }
        return Logger.Level(rawValue: name)
    }

    /// The names `level(named:)` accepts, for help and errors.
    package static let levelNames = "trace, debug, info, notice, warn (or warning), error, critical"
}

/// Writes each event as one line to a file descriptor, in one `write` so that lines from
/// several threads never interleave.
struct LineLogHandler: LogHandler {
    let fd: Int32
    var logLevel: Logger.Level = .warning
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { _, new in new } }
        if let own = event.metadata { all.merge(own) { _, new in new } }
        var line = "clustermatch serve: \(Self.name(event.level)): \(event.message)"
        for (key, value) in all.sorted(by: { $0.key < $1.key }) { line += " \(key)=\(value)" }
        line += "\n"
        FileDescriptorIO.writeAll(fd, Array(line.utf8))
    }

    /// The level as the service has always written it (`warn`, not `warning`).
    static func name(_ level: Logger.Level) -> String {
        level == .warning ? "warn" : level.rawValue
    }
}
