import Foundation
import MatchStore

/// An error for users: what went wrong, with its context, and the exit code it means.
///
/// Exit codes follow sysexits: 64 usage, 65 bad input data, 66 a named file or
/// participant does not exist, 73 a file cannot be created or written, 74 the database or
/// a store is damaged or cannot be read, 75 the database is locked (retry later), 1
/// anything internal. README.md ("Output") lists them for users.
package struct AppError: Error, Sendable, CustomStringConvertible {
    package enum Kind: Int32, Sendable {
        case usage = 64
        case badInput = 65
        /// Only: a named file, folder, participant (or other named thing) does not exist.
        case notFound = 66
        /// A file (an output, a copy, a new database) cannot be created or written.
        case cannotWrite = 73
        /// The database or a store derived from it is damaged or cannot be read (and so
        /// is a named file that exists but cannot be read).
        case damaged = 74
        /// The database stayed locked by another process; retrying later may succeed.
        case busy = 75
        case `internal` = 1
    }

    package var kind: Kind
    package var message: String
    /// Further lines (e.g. every rejected record), printed after the message.
    package var details: [String]
    /// Advice each door words in its own terms (the CLI names its commands and flags, the
    /// service its params); `message` names neither.
    package var hint: Hint?

    package init(_ kind: Kind, _ message: String, details: [String] = [], hint: Hint? = nil) {
        self.kind = kind
        self.message = message
        self.details = details
        self.hint = hint
    }

    package var exitCode: Int32 { kind.rawValue }

    /// A named input file that could not be read: `.notFound` (66) when it does not exist,
    /// `.damaged` (74) when it is there but unreadable. `what`: "event", "schedule", ….
    package static func unreadable(_ what: String, file: String) -> AppError {
        let exists = FileManager.default.fileExists(atPath: file)
        return AppError(exists ? .damaged : .notFound, "cannot read \(what) file \(file)\(exists ? "" : ": no such file")")
    }
    package var description: String { ([message] + details).joined(separator: "\n") }

    package static func notFound(participant id: String) -> AppError {
        AppError(.notFound, "no participant with id '\(id)'", hint: .listParticipants)
    }
}

extension AppError {
    /// What a failure of the store means to users; nil for errors that are neither an
    /// `AppError` nor the store's (the doors report those as internal errors).
    package static func recognising(_ error: any Error) -> AppError? {
        if let error = error as? AppError { return error }
        if let error = error as? StoreError { return AppError(error) }
        return nil
    }

    /// The store's error by its cause.
    package init(_ error: StoreError) {
        switch error.code {
        case .cannotCreate: self.init(.cannotWrite, error.description)
        case .cannotOpen, .damaged: self.init(.damaged, error.description)
        case .locked, .changedMeanwhile: self.init(.busy, error.description)
        }
    }
}
