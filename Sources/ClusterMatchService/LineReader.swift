#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a byte stream into lines at `\n`, with a size limit.
///
/// A line longer than the limit is not kept: its bytes are counted and dropped as they
/// arrive, and reading resumes after the next newline. Memory stays O(limit + chunk).
package struct LineReader {
    package enum Event: Equatable {
        /// One line, without its `\n`.
        case line([UInt8])
        /// A line of this many bytes (without its `\n`) was over the limit and skipped.
        case tooLong(bytes: Int)
    }

    package let maxLineBytes: Int
    private let source: (UnsafeMutableRawBufferPointer) -> Int
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEnd = false

    /// - Parameters:
    ///   - source: fills the buffer and returns the byte count; 0 (or less) at end of input.
    package init(maxLineBytes: Int, chunkSize: Int = 1 << 16, source: @escaping (UnsafeMutableRawBufferPointer) -> Int) {
        self.maxLineBytes = maxLineBytes
        self.source = source
        buffer = [UInt8](repeating: 0, count: max(1, chunkSize))
    }

    /// Lines from a file descriptor (stdin: 0).
    package init(fileDescriptor fd: Int32, maxLineBytes: Int) {
        self.init(maxLineBytes: maxLineBytes) { FileDescriptorIO.read(fd, into: $0) }
    }

    /// The next line, or nil at the end of input. A last line without `\n` still counts.
    package mutating func next() -> Event? {
        var line: [UInt8] = []
        var discarding = false
        var skipped = 0
        while true {
            if start == end {
                if atEnd { break }
                let n = buffer.withUnsafeMutableBytes { source($0) }
                if n <= 0 { atEnd = true; break }
                start = 0
                end = n
            }
            let newline: Int? = buffer.withUnsafeBytes { raw in
                memchr(raw.baseAddress! + start, 0x0A, end - start).map { $0 - UnsafeMutableRawPointer(mutating: raw.baseAddress!) }
            }
            let stop = newline ?? end
            let count = stop - start
            if discarding {
                skipped += count
            } else if line.count + count > maxLineBytes {
                discarding = true
                skipped = line.count + count
                line = []
            } else {
                line.append(contentsOf: buffer[start..<stop])
            }
            if let newline {
                start = newline + 1
                return discarding ? .tooLong(bytes: skipped) : .line(line)
            }
            start = end
        }
        if discarding { return .tooLong(bytes: skipped) }
        return line.isEmpty ? nil : .line(line)
    }
}
