import Foundation
internal import GRDB

/// Why the store failed, with the cause kept as data (as swift-nio's `IOError` keeps the
/// errno): callers decide by `code`, never by the words of a message.
///
/// Every error a `MatchStore` method throws for a database failure is a `StoreError`;
/// SQLite's result codes are read where the store calls GRDB, so no other module sees
/// GRDB's errors. Messages name the file and what to do; they never quote SQL.
package struct StoreError: Error, Sendable, CustomStringConvertible {
    package enum Code: Sendable, Hashable {
        /// The database file could not be created (a missing folder, no permission).
        case cannotCreate
        /// The database file exists but cannot be opened (no permission).
        case cannotOpen
        /// The file is damaged: SQLite finds a malformed page (`SQLITE_CORRUPT`), the file
        /// is not a database (`SQLITE_NOTADB`), or a stored record no longer decodes.
        case damaged
        /// Another connection held the database locked past the busy timeout
        /// (`SQLITE_BUSY`, `SQLITE_LOCKED`).
        case locked
        /// Another process changed what a write was checked against while it was prepared
        /// (a participant erased during a long import): nothing was written; run it again.
        case changedMeanwhile
    }

    package var code: Code
    /// The database file (`:memory:` for a private one).
    package var path: String
    /// What is damaged or why the file cannot be opened, in the user's words.
    package var detail: String
    /// SQLite's extended result code, when SQLite reported the failure.
    package var sqliteCode: Int32?

    package init(_ code: Code, path: String, detail: String, sqliteCode: Int32? = nil) {
        self.code = code
        self.path = path
        self.detail = detail
        self.sqliteCode = sqliteCode
    }

    package var description: String {
        switch code {
        case .cannotCreate: return "cannot create database \(path): \(detail)"
        case .cannotOpen: return "cannot open database \(path): \(detail)"
        case .locked: return "the database is locked by another process; retry later"
        case .changedMeanwhile: return detail
        case .damaged:
            return "the database \(path) is damaged (\(detail)); nothing was written. "
                + "Restore it from a copy made by clustermatch backup (copy that file over \(path)), "
                + "or import your data again into a new database"
        }
    }

    /// Why a read-only database cannot be used, and what to do.
    static let readOnly = "the file or its folder is read-only, and clustermatch writes to open it (it keeps the database in WAL mode, with -wal and -shm files beside it); copy it to a writable folder, or make it writable"

    /// The store's error for `error` thrown by GRDB on the database at `path`: a damaged or
    /// locked database recognised by SQLite's result code; other errors unchanged.
    static func recognising(_ error: any Error, path: String) -> any Error {
        if let record = error as? StoredRecordDamaged { return StoreError(.damaged, path: path, detail: record.what) }
        guard let error = error as? DatabaseError else { return error }
        let extended = error.extendedResultCode.rawValue
        switch error.resultCode {
        case .SQLITE_CORRUPT:
            return StoreError(.damaged, path: path, detail: "SQLite finds malformed pages in the file", sqliteCode: extended)
        case .SQLITE_NOTADB:
            return StoreError(.damaged, path: path, detail: "the file is not an SQLite database, or its header is overwritten", sqliteCode: extended)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(.locked, path: path, detail: "locked", sqliteCode: extended)
        case .SQLITE_READONLY:
            return StoreError(.cannotOpen, path: path, detail: readOnly, sqliteCode: extended)
        default:
            return error
        }
    }
}

/// A stored record that no longer decodes (the file was edited by hand or damaged), thrown
/// where the path is not at hand; `StoreWriter` turns it into `StoreError.damaged`.
struct StoredRecordDamaged: Error {
    var what: String
    init(_ what: String) { self.what = what }
}

/// The store's connection (a GRDB pool, or a queue in memory) behind the few calls the
/// store makes, each turning a failure into a `StoreError` by its SQLite result code.
/// Internal: GRDB stays inside this module (tests reach it with `@testable import`).
struct StoreWriter: Sendable {
    let base: any DatabaseWriter
    let path: String

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try base.read(body) } catch { throw StoreError.recognising(error, path: path) }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try base.write(body) } catch { throw StoreError.recognising(error, path: path) }
    }

    func writeWithoutTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try base.writeWithoutTransaction(body) } catch { throw StoreError.recognising(error, path: path) }
    }
}
