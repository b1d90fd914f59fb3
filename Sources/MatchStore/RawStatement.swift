import Foundation
internal import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif

/// A statement GRDB prepared, run through SQLite's C interface: for the few statements an
/// import runs once per participant (100,000 times), where GRDB's per-call work (argument
/// arrays of existentials, checks, a String per fetched value) cost more than SQLite itself.
///
/// Use it only inside a write transaction GRDB opened, on the database's thread, and only
/// for plain reads and writes of rows (GRDB learns nothing of what they change, so no
/// observed tables). Each RawStatement prepares its own statement (not GRDB's cached one,
/// which other code may hold bound), finalised when the last copy goes.
struct RawStatement {
    private let statement: GRDB.Statement
    private let connection: OpaquePointer?
    private var handle: OpaquePointer { statement.sqliteStatement }
    #if DEBUG
    private let thread = pthread_self()
    #endif

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        connection = db.sqliteConnection
    }

    /// Binds text (copied by SQLite) to parameter `index` (1-based); nil binds NULL.
    func bind(_ index: Int32, _ text: String?) throws {
        checkThread()
        guard var text else { try check(sqlite3_bind_null(handle, index)); return }
        try text.withUTF8 { bytes in
            guard let count = Int32(exactly: bytes.count) else { throw error(SQLITE_TOOBIG) }
            // An empty string still needs a valid pointer (a null one would bind NULL).
            let start = bytes.baseAddress.map { UnsafeRawPointer($0) } ?? Self.empty
            try check(sqlite3_bind_text(handle, index, start.assumingMemoryBound(to: CChar.self), count, Self.transient))
        }
    }

    /// Binds a blob (copied by SQLite); nil binds NULL.
    func bind(_ index: Int32, _ data: Data?) throws {
        checkThread()
        guard let data else { try check(sqlite3_bind_null(handle, index)); return }
        try data.withUnsafeBytes { raw in
            guard let count = Int32(exactly: raw.count) else { throw error(SQLITE_TOOBIG) }
            try check(sqlite3_bind_blob(handle, index, raw.baseAddress ?? Self.empty, count, Self.transient))
        }
    }

    /// A failed bind leaves the parameter NULL: a lookup would then find nothing and
    /// misfile the record, so it is an error at once.
    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw error(code) }
    }

    private func checkThread() {
        #if DEBUG
        assert(pthread_equal(thread, pthread_self()) != 0, "RawStatement used off the database's thread")
        #endif
    }

    /// Runs a statement that returns no rows, then resets it.
    func execute() throws {
        defer { reset() }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw error(code) }
    }

    /// Runs a query of one text column and tells how its first row compares with `text`:
    /// nil when there is no row, else whether the stored text is byte for byte `text`.
    /// No String is made of the stored text.
    func firstText(equals text: String) throws -> Bool? {
        defer { reset() }
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE { return nil }
        guard code == SQLITE_ROW else { throw error(code) }
        guard let stored = sqlite3_column_text(handle, 0) else { return false }
        let count = Int(sqlite3_column_bytes(handle, 0))
        var text = text
        return text.withUTF8 { bytes in bytes.count == count && (count == 0 || memcmp(bytes.baseAddress!, stored, count) == 0) }
    }

    private func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    private func error(_ code: Int32) -> DatabaseError {
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }

    /// SQLite copies the bound value (SQLITE_TRANSIENT).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    /// A valid address for empty values (SQLite copies 0 bytes from it).
    private static var empty: UnsafeRawPointer { UnsafeRawPointer(emptyByte) }
}

/// One zero byte that lives as long as the process.
nonisolated(unsafe) private let emptyByte: UnsafeMutablePointer<UInt8> = {
    let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    p.initialize(to: 0)
    return p
}()
