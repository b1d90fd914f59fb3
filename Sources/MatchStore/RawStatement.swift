import Foundation
import GRDB
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
/// observed tables).
struct RawStatement {
    private let statement: GRDB.Statement
    private let connection: OpaquePointer?
    private var handle: OpaquePointer { statement.sqliteStatement }

    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        connection = db.sqliteConnection
    }

    /// Binds text (copied by SQLite) to parameter `index` (1-based); nil binds NULL.
    func bind(_ index: Int32, _ text: String?) {
        guard var text else { sqlite3_bind_null(handle, index); return }
        text.withUTF8 { bytes in
            // An empty string still needs a valid pointer (a null one would bind NULL).
            let start = UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
            _ = sqlite3_bind_text(handle, index, start, Int32(bytes.count), Self.transient)
        }
    }

    /// Binds a blob (copied by SQLite); nil binds NULL.
    func bind(_ index: Int32, _ data: Data?) {
        guard let data else { sqlite3_bind_null(handle, index); return }
        data.withUnsafeBytes { raw in
            _ = sqlite3_bind_blob(handle, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, Int32(raw.count), Self.transient)
        }
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
}
