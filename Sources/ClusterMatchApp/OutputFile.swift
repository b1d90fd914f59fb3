import Foundation

/// A text file written as it is made: to `PATH.PID.tmp` beside it, in buffered pieces, then
/// renamed over `PATH` by `commit()`. Until then `PATH` is untouched; a file never committed
/// (an error on the way) is removed. So a long job's output need not be held in memory.
package final class OutputFile {
    private let path: String
    /// Nil when `path` is not a regular file (`/dev/null`, a pipe): written in place, since
    /// a rename would replace the device or pipe itself.
    private let temporary: String?
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var committed = false
    private static let flushSize = 1 << 20

    /// Creates the temporary file; throws `cannotWrite` naming `path` when the folder takes none.
    package init(path: String) throws {
        self.path = path
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            temporary = nil
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw AppError(.cannotWrite, "\(path): cannot write: \(String(cString: strerror(errno)))")
            }
            self.handle = handle
            buffer.reserveCapacity(Self.flushSize)
            return
        }
        let temporary = "\(path).\(getpid()).tmp"
        self.temporary = temporary
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporary)
        else { throw AppError(.cannotWrite, "\(path): cannot write: \(String(cString: strerror(errno)))") }
        self.handle = handle
        buffer.reserveCapacity(Self.flushSize)
    }

    package func write(_ text: String) throws {
        buffer += text.utf8
        if buffer.count >= Self.flushSize { try flush() }
    }

    /// Writes UTF-8 bytes (text already encoded).
    package func write(bytes: [UInt8]) throws {
        buffer += bytes
        if buffer.count >= Self.flushSize { try flush() }
    }

    private func flush() throws {
        do { try handle.write(contentsOf: buffer) } catch {
            throw AppError(.cannotWrite, "\(path): cannot write: \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is left and puts the file in place of `path`.
    package func commit() throws {
        try flush()
        try? handle.close()
        guard let temporary else {
            committed = true
            return
        }
        guard rename(temporary, path) == 0 else {
            throw AppError(.cannotWrite, "\(path): cannot write: \(String(cString: strerror(errno)))")
        }
        committed = true
    }

    deinit {
        if !committed {
            try? handle.close()
            if let temporary { unlink(temporary) }
        }
    }
}
