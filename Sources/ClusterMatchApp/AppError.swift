/// An error for users: what went wrong, with its context, and the exit code it means.
///
/// Exit codes follow sysexits: 64 usage, 65 bad input data, 66 a named file or
/// participant does not exist, 1 anything internal.
public struct AppError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Int32, Sendable {
        case usage = 64
        case badInput = 65
        case notFound = 66
        case `internal` = 1
    }

    public var kind: Kind
    public var message: String
    /// Further lines (e.g. every rejected record), printed after the message.
    public var details: [String]
    /// Advice each door words in its own terms (the CLI names its commands and flags, the
    /// service its params); `message` names neither.
    public var hint: Hint?

    public init(_ kind: Kind, _ message: String, details: [String] = [], hint: Hint? = nil) {
        self.kind = kind
        self.message = message
        self.details = details
        self.hint = hint
    }

    public var exitCode: Int32 { kind.rawValue }
    public var description: String { ([message] + details).joined(separator: "\n") }

    public static func notFound(participant id: String) -> AppError {
        AppError(.notFound, "no participant with id '\(id)'", hint: .listParticipants)
    }
}
