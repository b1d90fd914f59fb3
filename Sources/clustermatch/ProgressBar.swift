import ClusterMatchApp
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress bar on stderr, drawn only when stderr is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private var drawn = false

    /// A bar when stderr is a terminal, else nil (pipes and files get no bar).
    static func ifTerminal() -> ProgressBar? { isatty(2) == 1 ? ProgressBar() : nil }

    func update(_ p: ImportProgress) { update(phase: p.phase, done: p.done, total: p.total) }

    func update(phase: String, done: Int, total: Int) {
        let p = (phase: phase, done: done, total: total)
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) > 0.1 || p.done == p.total else { return }
        lastDraw = now
        let width = 30
        let filled = p.total > 0 ? min(width, width * p.done / p.total) : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\u{1B}[K[\(bar)] \(p.done)/\(p.total) \(p.phase)".utf8))
        drawn = true
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}
