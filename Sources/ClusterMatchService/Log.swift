/// Log lines on stderr (never stdout), at or above a level.
///
/// Never logs params or participant data: requests may carry personal data.
public final class Log: @unchecked Sendable {
    public enum Level: Int, Comparable, CaseIterable, Sendable {
        case debug, info, warn, error

        public init?(name: String) {
            switch name.lowercased() {
            case "debug": self = .debug
            case "info": self = .info
            case "warn", "warning": self = .warn
            case "error": self = .error
            default: return nil
            }
        }

        public var name: String { ["debug", "info", "warn", "error"][rawValue] }
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    public let level: Level
    private let fd: Int32

    /// - Parameter fd: where lines go; stderr unless a test says otherwise.
    public init(level: Level, fd: Int32 = 2) {
        self.level = level
        self.fd = fd
    }

    public func write(_ level: Level, _ message: @autoclosure () -> String) {
        guard level >= self.level else { return }
        let line = "clustermatch serve: \(level.name): \(message())\n"
        FileDescriptorIO.writeAll(fd, Array(line.utf8))
    }

    public func debug(_ m: @autoclosure () -> String) { write(.debug, m()) }
    public func info(_ m: @autoclosure () -> String) { write(.info, m()) }
    public func warn(_ m: @autoclosure () -> String) { write(.warn, m()) }
    public func error(_ m: @autoclosure () -> String) { write(.error, m()) }
}
